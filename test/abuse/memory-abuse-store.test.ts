import { MemoryAbuseStore } from '../../src/abuse/memory-abuse-store';
import { describeAbuseStoreContract, entry, newIdentity, T0 } from './contract';

describeAbuseStoreContract('memory', async () => new MemoryAbuseStore());

describe('memory abuse store specifics', () => {
  test('lapsed blocks are swept as time goes on', async () => {
    const store = new MemoryAbuseStore();
    for (let i = 0; i < 100; i++) await store.block(entry(newIdentity(), { expiresAt: new Date(T0 + 60_000).toISOString() }), T0);
    expect(store.size).toBe(100);
    await store.admit(newIdentity(), { nowMs: T0 + 120_000 });
    expect(store.size).toBe(0);
  });
});
