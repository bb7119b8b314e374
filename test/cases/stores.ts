/** The case stores every contract-style test runs against: memory, and Redis on the test server (and on the test cluster). */
import { MemoryCaseStore, type CaseStore } from '../../src/cases';
import { createStores, type Stores } from '../../src/state';
import { testRedisUrl } from '../setup/redis';
import { testRedisCluster } from '../setup/redis-cluster';

/**
 * `[name, make]` pairs; Redis stores made are pushed to `open` for the caller's afterAll to close.
 * With `cluster`, also the test Redis Cluster (call it at the top level of a test file: it adds a
 * beforeAll that waits for the cluster).
 */
export function caseStoreKinds(open: Stores[], opts: { cluster?: boolean } = {}): [string, () => CaseStore][] {
  const kinds: [string, () => CaseStore][] = [
    ['memory', () => new MemoryCaseStore()],
    [
      'redis',
      () => {
        const stores = createStores({ redisUrl: testRedisUrl() });
        open.push(stores);
        return stores.cases;
      },
    ],
  ];
  if (opts.cluster) {
    let url = '';
    beforeAll(async () => {
      url = await testRedisCluster();
    });
    kinds.push([
      'redis cluster',
      () => {
        const stores = createStores({ redisUrl: url });
        open.push(stores);
        return stores.cases;
      },
    ]);
  }
  return kinds;
}
