/** "Once per person" claims on both stores, and the Redis key layout (no raw identity, tagged by scope). */
import { randomUUID } from 'node:crypto';
import { MemoryParticipationStore } from '../../src/state/participation-store';
import { createRedisClient } from '../../src/state/redis-connection';
import { RedisParticipationStore } from '../../src/state/redis-participation-store';
import { connectedClient, REDIS_TARGETS, testRedisUrl } from '../setup/redis';
import { describeParticipationContract } from './participation-contract';

let now = Date.UTC(2026, 11, 1);
describeParticipationContract(
  'memory',
  async () => Promise.resolve({ store: new MemoryParticipationStore({ now: () => now }), close: async () => undefined }),
  (ms) => void (now += ms),
);

describe.each(REDIS_TARGETS)('%s', (target, redisUrl) => {
  describeParticipationContract(
    target === 'Redis Cluster' ? 'redis cluster' : 'redis',
    async () => {
      const client = await connectedClient(await redisUrl());
      return { store: new RedisParticipationStore({ client }), close: async () => void (await client.quit()) };
    },
    (ms) => new Promise((r) => setTimeout(r, ms)),
  );
});

describe('redis participation specifics', () => {
  test('one key per (scope, participant), hash-tagged by scope, holding the response id, expiring only when asked', async () => {
    const client = createRedisClient(testRedisUrl());
    try {
      const scope = `consultation:${randomUUID()}`;
      await new RedisParticipationStore({ client }).claim(scope, 'Zm9vYmFyYmF6cXV4MTIz', 'resp-1');
      const keys = await client.keys(`wegov:{once:${scope}}:*`);
      expect(keys).toEqual([`wegov:{once:${scope}}:Zm9vYmFyYmF6cXV4MTIz`]);
      await expect(client.get(keys[0]!)).resolves.toBe('resp-1');
      await expect(client.ttl(keys[0]!)).resolves.toBe(-1);
      await new RedisParticipationStore({ client }).claim(scope, 'Zm9vYmFyYmF6cXV4MTIz', 'resp-2', 86_400);
      await expect(client.ttl(keys[0]!)).resolves.toBeGreaterThan(86_000);
    } finally {
      await client.quit();
    }
  });
});
