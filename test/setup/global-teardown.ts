/** Jest global teardown: stop the private redis-server started by global-setup, and the run's Redis Cluster, if any. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { stopPrivateRedis } from './private-redis';
import { stopSharedCluster } from './redis-cluster';
import { sharedClusterStatePath, teardownStatePath } from './teardown-state';

export default async function globalTeardown(): Promise<void> {
  await stopSharedCluster(sharedClusterStatePath());
  const statePath = teardownStatePath();
  if (!existsSync(statePath)) return; // REDIS_URL was given: nothing of ours to stop
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as { pid: number; dir: string };
  try {
    await stopPrivateRedis(state);
  } finally {
    rmSync(statePath, { force: true });
  }
}
