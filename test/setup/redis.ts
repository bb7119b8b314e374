/** Redis helpers for tests. */
import Redis from 'ioredis';

/** The Redis URL of this test run (the private server, or the user's REDIS_URL). */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is unset: the jest global setup (test/setup/global-setup.ts) did not run');
  return url;
}

/** True when the run uses the private server started by global-setup. */
export function isPrivateTestRedis(): boolean {
  return process.env.WEGOV_TEST_REDIS_PRIVATE === '1';
}

/**
 * FLUSHALL the private test server. Refuses (returns false, flushes nothing) when REDIS_URL
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
