import Redis from 'ioredis';
import { testRedisUrl } from '../setup/redis';

test('private redis answers over its unix socket with nock active', async () => {
  const url = new URL(testRedisUrl());
  const client = new Redis({ path: url.pathname });
  expect(await client.ping()).toBe('PONG');
  client.disconnect();
});
