/**
 * Jest global setup: when REDIS_URL is unset, start a private redis-server for this run and
 * export its URL to the workers (they inherit process.env). A REDIS_URL set by the user is
 * used as-is; tests isolate themselves with random conversation ids and never flush it.
 * It also names where the run's Redis Cluster, if a test starts one, is recorded.
 */
import { writeFileSync } from 'node:fs';
import { startPrivateRedis } from './private-redis';
import { sharedClusterStatePath, teardownStatePath } from './teardown-state';

export default async function globalSetup(): Promise<void> {
  // The shared Redis Cluster is started lazily by the first test file that asks (redis-cluster.ts).
  process.env.WEGOV_TEST_CLUSTER_STATE = sharedClusterStatePath();
  if (process.env.REDIS_URL) return;
  const server = await startPrivateRedis();
  process.env.REDIS_URL = server.url;
  process.env.WEGOV_TEST_REDIS_PRIVATE = '1';
  writeFileSync(teardownStatePath(), JSON.stringify({ pid: server.pid, dir: server.dir }));
}
