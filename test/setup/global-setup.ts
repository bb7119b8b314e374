/**
 * Jest global setup: when REDIS_URL is unset, start a private redis-server for this run and
 * export its URL to the workers (they inherit process.env). A REDIS_URL set by the user is
 * used as-is; tests isolate themselves with random conversation ids and never flush it.
 */
import { writeFileSync } from 'node:fs';
import { startPrivateRedis } from './private-redis';
import { teardownStatePath } from './teardown-state';

export default async function globalSetup(): Promise<void> {
  if (process.env.REDIS_URL) return;
  const server = await startPrivateRedis();
  process.env.REDIS_URL = server.url;
  process.env.WEGOV_TEST_REDIS_PRIVATE = '1';
  writeFileSync(teardownStatePath(), JSON.stringify({ pid: server.pid, dir: server.dir }));
}
