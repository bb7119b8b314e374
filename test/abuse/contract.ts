/**
 * The AbuseStore contract, run against memory (memory-abuse-store.test.ts) and Redis
 * (redis-abuse-store.test.ts). Time is passed in, so both run on the same test clock: no
 * sleeping. Stores share one Redis across test files: every test uses fresh random identities.
 */
import { randomUUID } from 'node:crypto';
import type { AbuseStore, BlockEntry } from '../../src/abuse/types';

export const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const DAY = 86_400_000;

export const newIdentity = (): string => `tg:${Math.floor(Math.random() * 1e12)}-${randomUUID().slice(0, 8)}`;

export function entry(identity: string, extra: Partial<BlockEntry> = {}): BlockEntry {
  return {
    identity,
    reference: `WG-${randomUUID().slice(0, 6).toUpperCase()}`,
    agencyId: 'public-works',
    channel: 'CTRIAGE',
    caseKey: 'sub-1@public-works.0',
    blockedBy: 'USTAFF1',
    blockedAt: new Date(T0).toISOString(),
    reason: 'Sends insults in every report',
    expiresAt: new Date(T0 + 365 * DAY).toISOString(),
    ...extra,
  };
}

export function describeAbuseStoreContract(name: string, make: () => Promise<AbuseStore>): void {
  describe(`${name}: AbuseStore contract`, () => {
    let store: AbuseStore;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    test('identities with braces, colons and percent signs are kept apart', async () => {
      const a = `slack:T1:{U1}%7D:${randomUUID()}`;
      const b = `slack:T1:%7BU1%7D%7D:${a.slice(-36)}`;
      await store.block(entry(a), T0);
      expect(await store.admit(a, { nowMs: T0 + 5 })).toMatchObject({ kind: 'blocked' });
      expect(await store.admit(b, { nowMs: T0 + 5 })).toEqual({ kind: 'allowed' });
      await store.unblock(a, T0 + 6);
    });

    describe('block list', () => {
      test('a blocked identity is refused: told once, then not again for a day', async () => {
        const id = newIdentity();
        const e = entry(id);
        expect(await store.block(e, T0)).toEqual({ kind: 'blocked' });
        expect(await store.admit(id, { nowMs: T0 + 1 })).toEqual({ kind: 'blocked', notify: true, entry: e });
        for (let i = 2; i < 12; i++) expect(await store.admit(id, { nowMs: T0 + i })).toEqual({ kind: 'blocked', notify: false, entry: e });
        expect(await store.admit(id, { nowMs: T0 + DAY })).toEqual({ kind: 'blocked', notify: false, entry: e });
        expect(await store.admit(id, { nowMs: T0 + 1 + DAY })).toEqual({ kind: 'blocked', notify: true, entry: e });
        expect(await store.unblock(id, T0 + 2 + DAY)).toEqual(e);
        expect(await store.admit(id, { nowMs: T0 + 3 + DAY })).toEqual({ kind: 'allowed' });
      });

      test('blocking twice keeps the first block; unblocking twice finds nothing the second time', async () => {
        const id = newIdentity();
        const first = entry(id);
        await store.block(first, T0);
        expect(await store.block(entry(id, { blockedBy: 'USOMEONE', reason: 'again' }), T0 + 5)).toEqual({ kind: 'already_blocked', entry: first });
        expect(await store.unblock(id, T0 + 6)).toEqual(first);
        expect(await store.unblock(id, T0 + 7)).toBeNull();
        expect(await store.admit(id, { nowMs: T0 + 8 })).toEqual({ kind: 'allowed' });
      });

      test('a block lapses at its expiry: admitted again, gone from the list, and can be set anew', async () => {
        const id = newIdentity();
        const e = entry(id, { expiresAt: new Date(T0 + 60_000).toISOString() });
        await store.block(e, T0);
        expect((await store.blocked(T0 + 59_999)).filter((b) => b.identity === id)).toEqual([e]);
        expect(await store.admit(id, { nowMs: T0 + 60_000 })).toEqual({ kind: 'allowed' });
        expect((await store.blocked(T0 + 60_000)).filter((b) => b.identity === id)).toEqual([]);
        expect(await store.unblock(id, T0 + 60_001)).toBeNull();
        expect(await store.block(entry(id), T0 + 60_002)).toEqual({ kind: 'blocked' });
      });

      test('the list holds live blocks, oldest first, exactly as stored', async () => {
        const [a, b, c] = [newIdentity(), newIdentity(), newIdentity()];
        const eb = entry(b, { blockedAt: new Date(T0 + 2).toISOString() });
        const ea = entry(a, { blockedAt: new Date(T0 + 1).toISOString() });
        const ec = { identity: c, reference: 'WG-ABC123', blockedBy: 'U1', blockedAt: new Date(T0 + 3).toISOString(), reason: 'r', expiresAt: new Date(T0 + DAY).toISOString() };
        await store.block(eb, T0);
        await store.block(ea, T0);
        await store.block(ec, T0);
        await store.unblock(b, T0);
        const mine = (await store.blocked(T0 + 10)).filter((e) => [a, b, c].includes(e.identity));
        expect(mine).toEqual([ea, ec]);
      });
    });
  });
}
