import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where global-setup leaves the private server's pid and directory for global-teardown. */
export function teardownStatePath(): string {
  return join(tmpdir(), `wegov-jest-redis-${process.pid}.json`);
}
