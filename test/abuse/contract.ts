/**
 * The AbuseStore contract, run against memory (memory-abuse-store.test.ts) and Redis
 * (redis-abuse-store.test.ts). Time is passed in, so both run on the same test clock: no
 * sleeping. Stores share one Redis across test files: every test uses fresh random identities.
 */
import { randomUUID } from 'node:crypto';
import type { AbuseStore, BlockEntry, LimitPolicy } from '../../src/abuse/types';

/** A minute boundary, so window arithmetic in the tests is plain. */
export const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const DAY = 86_400_000;

export const POLICY: LimitPolicy = { perMinute: 5, burst: 3, burstWindowMs: 10_000 };

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

export function describeAbuseStoreContract(name: string, make: (policy: LimitPolicy) => Promise<AbuseStore>): void {
  describe(`${name}: AbuseStore contract`, () => {
    let store: AbuseStore;
    beforeEach(async () => {
      store = await make(POLICY);
    });
    afterEach(async () => {
      await store.close();
    });

    /** Sends `n` counted messages at `at`, one ms apart; returns the admissions. */
    async function send(id: string, n: number, at: number) {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await store.admit(id, { nowMs: at + i, count: true }));
      return out;
    }

    describe('message limit', () => {
      test('the burst allowance passes; the next message is refused with one notice, later ones silently', async () => {
        const id = newIdentity();
        expect(await send(id, 3, T0)).toEqual([{ kind: 'allowed' }, { kind: 'allowed' }, { kind: 'allowed' }]);
        expect(await send(id, 3, T0 + 100)).toEqual([
          { kind: 'rate_limited', notify: true, untilMs: T0 + 10_000 },
          { kind: 'rate_limited', notify: false, untilMs: T0 + 10_000 },
          { kind: 'rate_limited', notify: false, untilMs: T0 + 10_000 },
        ]);
      });

      test('per minute: past the minute allowance messages wait for the next minute; the notice is once per minute', async () => {
        const id = newIdentity();
        await send(id, 3, T0); // burst window 1: 3 allowed
        expect(await send(id, 2, T0 + 10_000)).toEqual([{ kind: 'allowed' }, { kind: 'allowed' }]); // 5 of 5
        // Over the minute allowance in a fresh burst window: refused until the minute ends.
        expect(await store.admit(id, { nowMs: T0 + 20_000, count: true })).toEqual({ kind: 'rate_limited', notify: true, untilMs: T0 + 60_000 });
        expect(await store.admit(id, { nowMs: T0 + 59_999, count: true })).toEqual({ kind: 'rate_limited', notify: false, untilMs: T0 + 60_000 });
        // The next minute: taken again, and a new window may be told again.
        expect(await send(id, 3, T0 + 60_000)).toEqual([{ kind: 'allowed' }, { kind: 'allowed' }, { kind: 'allowed' }]);
        expect(await store.admit(id, { nowMs: T0 + 60_010, count: true })).toEqual({ kind: 'rate_limited', notify: true, untilMs: T0 + 70_000 });
      });

      test('a burst refusal and a minute refusal in the same minute are told once', async () => {
        const id = newIdentity();
        await send(id, 3, T0);
        expect((await store.admit(id, { nowMs: T0 + 5, count: true })) as unknown).toMatchObject({ kind: 'rate_limited', notify: true });
        expect(await send(id, 2, T0 + 10_000)).toEqual([{ kind: 'allowed' }, { kind: 'allowed' }]); // the refused one did not count: 5 of 5
        expect(await store.admit(id, { nowMs: T0 + 20_000, count: true })).toEqual({ kind: 'rate_limited', notify: false, untilMs: T0 + 60_000 });
      });

      test('uncounted inputs and other identities do not use the allowance', async () => {
        const id = newIdentity();
        for (let i = 0; i < 10; i++) expect(await store.admit(id, { nowMs: T0 + i, count: false })).toEqual({ kind: 'allowed' });
        expect(await send(id, 3, T0 + 20)).toEqual([{ kind: 'allowed' }, { kind: 'allowed' }, { kind: 'allowed' }]);
        expect(await send(newIdentity(), 3, T0 + 30)).toEqual([{ kind: 'allowed' }, { kind: 'allowed' }, { kind: 'allowed' }]);
      });

      test('identities with braces, colons and percent signs are kept apart', async () => {
        const a = `slack:T1:{U1}%7D:${randomUUID()}`;
        const b = `slack:T1:%7BU1%7D%7D:${a.slice(-36)}`;
        await send(a, 3, T0);
        expect(await store.admit(a, { nowMs: T0 + 5, count: true })).toMatchObject({ kind: 'rate_limited' });
        expect(await store.admit(b, { nowMs: T0 + 5, count: true })).toEqual({ kind: 'allowed' });
      });
    });

    describe('block list', () => {
      test('a blocked identity is refused: told once, then not again for a day; its messages are not counted', async () => {
        const id = newIdentity();
        const e = entry(id);
        expect(await store.block(e, T0)).toEqual({ kind: 'blocked' });
        expect(await store.admit(id, { nowMs: T0 + 1, count: true })).toEqual({ kind: 'blocked', notify: true, entry: e });
        for (let i = 2; i < 12; i++) expect(await store.admit(id, { nowMs: T0 + i, count: true })).toEqual({ kind: 'blocked', notify: false, entry: e });
        expect(await store.admit(id, { nowMs: T0 + DAY, count: false })).toEqual({ kind: 'blocked', notify: false, entry: e });
        expect(await store.admit(id, { nowMs: T0 + 1 + DAY, count: false })).toEqual({ kind: 'blocked', notify: true, entry: e });
        // Unblocked: the refused messages never counted, the allowance is whole.
        expect(await store.unblock(id, T0 + 2 + DAY)).toEqual(e);
        expect(await send(id, 3, T0 + 3 + DAY)).toEqual([{ kind: 'allowed' }, { kind: 'allowed' }, { kind: 'allowed' }]);
      });

      test('blocking twice keeps the first block; unblocking twice finds nothing the second time', async () => {
        const id = newIdentity();
        const first = entry(id);
        await store.block(first, T0);
        expect(await store.block(entry(id, { blockedBy: 'USOMEONE', reason: 'again' }), T0 + 5)).toEqual({ kind: 'already_blocked', entry: first });
        expect(await store.unblock(id, T0 + 6)).toEqual(first);
        expect(await store.unblock(id, T0 + 7)).toBeNull();
        expect(await store.admit(id, { nowMs: T0 + 8, count: false })).toEqual({ kind: 'allowed' });
      });

      test('a block lapses at its expiry: admitted again, gone from the list, and can be set anew', async () => {
        const id = newIdentity();
        const e = entry(id, { expiresAt: new Date(T0 + 60_000).toISOString() });
        await store.block(e, T0);
        expect((await store.blocked(T0 + 59_999)).filter((b) => b.identity === id)).toEqual([e]);
        expect(await store.admit(id, { nowMs: T0 + 60_000, count: false })).toEqual({ kind: 'allowed' });
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
