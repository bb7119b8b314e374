import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where global-setup leaves the private server's pid and directory for global-teardown. */
export function teardownStatePath(): string {
  return join(tmpdir(), `wegov-jest-redis-${process.pid}.json`);
}

/** Where the run's shared Redis Cluster (test/setup/redis-cluster.ts) is recorded, once started. */
export function sharedClusterStatePath(): string {
  return join(tmpdir(), `wegov-jest-cluster-${process.pid}.json`);
}
