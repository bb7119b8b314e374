import { MemoryAbuseStore } from '../../src/abuse/memory-abuse-store';
import { describeAbuseStoreContract, newIdentity, POLICY, T0 } from './contract';

describeAbuseStoreContract('memory', async (policy) => new MemoryAbuseStore(policy));

describe('memory abuse store specifics', () => {
  test('counters of past minutes and lapsed blocks are swept as time goes on', async () => {
    const store = new MemoryAbuseStore(POLICY);
    for (let i = 0; i < 100; i++) await store.admit(newIdentity(), { nowMs: T0 + i, count: true });
    expect(store.size).toBe(100);
    await store.admit(newIdentity(), { nowMs: T0 + 120_000, count: true });
    expect(store.size).toBe(1);
  });
});
