import { waitUntilReady } from '../../src/state/redis-calls';
import { createRedisClient } from '../../src/state/redis-connection';
import { testRedisUrl } from '../setup/redis';

// The test setup's Redis (a private one on a unix socket, or REDIS_URL's) answers while nock is active.
test('the test Redis answers with nock active', async () => {
  const client = createRedisClient(testRedisUrl());
  try {
    await waitUntilReady(client, 5000, 'ping');
    expect(await client.ping()).toBe('PONG');
  } finally {
    client.disconnect();
  }
});
