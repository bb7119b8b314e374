/** The case stores every contract-style test runs against: memory, and Redis on the test server. */
import { MemoryCaseStore, type CaseStore } from '../../src/cases';
import { createStores, type Stores } from '../../src/state';
import { testRedisUrl } from '../setup/redis';

/** `[name, make]` pairs; Redis stores made are pushed to `open` for the caller's afterAll to close. */
export function caseStoreKinds(open: Stores[]): [string, () => CaseStore][] {
  return [
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
}
