/** Redis helpers for tests. */
import Redis from 'ioredis';
import { testRedisCluster } from './redis-cluster';
import { waitUntilReady } from '../../src/state/redis-calls';
import { createRedisClient, type RedisClient } from '../../src/state/redis-connection';

/** The Redis URL of this test run (the private server, or the user's REDIS_URL). */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is unset: the jest global setup (test/setup/global-setup.ts) did not run');
  return url;
}

/**
 * The deployments the Redis-backed contracts run against (`describe.each(REDIS_TARGETS)`): the
 * run's single server, and a Redis Cluster of three masters (started on first use).
 */
export const REDIS_TARGETS: readonly (readonly [string, () => Promise<string>])[] = [
  ['one Redis server', async () => testRedisUrl()],
  ['Redis Cluster', testRedisCluster],
];

/** True when the run uses the private server started by global-setup. */
export function isPrivateTestRedis(): boolean {
  return process.env.WEGOV_TEST_REDIS_PRIVATE === '1';
}

/**
 * FLUSHALL the private test server (every jest worker's database). Refuses (returns false, flushes nothing) when REDIS_URL
 * was given by the user: their data is never flushed. Beware: test files run in parallel
 * workers against the same server, so this also wipes other files' keys mid-run; prefer
 * unique (random) conversation ids, which is what the state tests do.
 */
export async function flushTestRedis(): Promise<boolean> {
  if (!isPrivateTestRedis()) return false;
  const url = new URL(testRedisUrl());
  const client = new Redis({ path: url.pathname, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await client.flushall();
    return true;
  } finally {
    client.disconnect();
  }
}

/**
 * A client (createRedisClient: fail fast, no offline queue) that is ready for commands: tests
 * that talk to Redis directly call it at once, before a cluster client has its slot map.
 */
export async function connectedClient(url: string): Promise<RedisClient> {
  const client = createRedisClient(url);
  await waitUntilReady(client, 10_000, 'test client');
  return client;
}
