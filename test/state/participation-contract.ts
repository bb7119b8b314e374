/**
 * The ParticipationStore contract ("once per person", issue 11), run against memory and Redis
 * (participation-store.test.ts). Scopes are random per test: the Redis is shared across files.
 */
import { randomUUID } from 'node:crypto';
import type { ParticipationStore } from '../../src/state/participation-store';

export function describeParticipationContract(
  name: string,
  make: () => Promise<{ store: ParticipationStore; close(): Promise<void> }>,
  /** Let `ms` of store time pass (a fake clock for memory, a real wait for Redis). */
  advanceClock: (ms: number) => void | Promise<void>,
): void {
  describe(`${name}: ParticipationStore contract`, () => {
    let store: ParticipationStore;
    let close: () => Promise<void>;
    let scope: string;
    beforeEach(async () => {
      ({ store, close } = await make());
      scope = `consultation:${randomUUID()}`;
    });
    afterEach(async () => {
      await close();
    });

    test('the first claim displaces nothing; a later one displaces the current response', async () => {
      await expect(store.current(scope, 'p1')).resolves.toBeNull();
      await expect(store.claim(scope, 'p1', 'r1')).resolves.toBeNull();
      await expect(store.claim(scope, 'p1', 'r2')).resolves.toBe('r1');
      await expect(store.claim(scope, 'p1', 'r3')).resolves.toBe('r2');
      await expect(store.current(scope, 'p1')).resolves.toBe('r3');
    });

    test('a forgotten claim ("delete my data") is gone: the next claim is a first one; others stay', async () => {
      await store.claim(scope, 'p1', 'r1');
      await store.claim(scope, 'p2', 'r2');
      await store.forget(scope, 'p1');
      await expect(store.current(scope, 'p1')).resolves.toBeNull();
      await expect(store.claim(scope, 'p1', 'r3')).resolves.toBeNull();
      await expect(store.current(scope, 'p2')).resolves.toBe('r2');
      await expect(store.forget(scope, 'nobody')).resolves.toBeUndefined();
    });

    test('claims are per participant and per scope', async () => {
      await store.claim(scope, 'p1', 'r1');
      await expect(store.claim(scope, 'p2', 'r2')).resolves.toBeNull();
      const other = `consultation:${randomUUID()}`;
      await expect(store.claim(other, 'p1', 'r3')).resolves.toBeNull();
      await expect(store.current(scope, 'p1')).resolves.toBe('r1');
    });

    test('a released claim restores the response it displaced, or none', async () => {
      await store.claim(scope, 'p1', 'r1');
      await store.claim(scope, 'p1', 'r2');
      await store.release(scope, 'p1', 'r2', 'r1');
      await expect(store.current(scope, 'p1')).resolves.toBe('r1');
      await store.release(scope, 'p1', 'r1', null);
      await expect(store.current(scope, 'p1')).resolves.toBeNull();
      await expect(store.claim(scope, 'p1', 'r4')).resolves.toBeNull();
    });

    test('releasing a claim someone has since taken over leaves theirs in place', async () => {
      await store.claim(scope, 'p1', 'r1');
      await store.claim(scope, 'p1', 'r2');
      await store.release(scope, 'p1', 'r1', null);
      await expect(store.current(scope, 'p1')).resolves.toBe('r2');
    });

    test('a claim with a TTL is forgotten when it ends (the next claim is a first one again); a release keeps the TTL', async () => {
      await store.claim(scope, 'p1', 'r1', 1);
      await store.claim(scope, 'p1', 'r2', 1);
      await store.release(scope, 'p1', 'r2', 'r1');
      await expect(store.current(scope, 'p1')).resolves.toBe('r1');
      await advanceClock(1100);
      await expect(store.current(scope, 'p1')).resolves.toBeNull();
      await expect(store.claim(scope, 'p1', 'r3', 1)).resolves.toBeNull();
    });

    test('a TTL that is not a positive whole number of seconds is API misuse', async () => {
      await expect(store.claim(scope, 'p1', 'r1', 0)).rejects.toThrow(RangeError);
      await expect(store.claim(scope, 'p1', 'r1', 1.5)).rejects.toThrow(RangeError);
      await expect(store.current(scope, 'p1')).resolves.toBeNull();
    });

    test('50 concurrent pairs of claims: each pair ends with one holder, and exactly one claim of each pair displaced nothing', async () => {
      for (let i = 0; i < 50; i++) {
        const p = `p-${i}`;
        const [a, b] = await Promise.all([store.claim(scope, p, `a-${i}`), store.claim(scope, p, `b-${i}`)]);
        const current = await store.current(scope, p);
        expect([`a-${i}`, `b-${i}`]).toContain(current);
        expect([a, b].filter((x) => x === null)).toHaveLength(1);
        // The later claim displaced the earlier one: the holder is the one that displaced the other.
        expect(current === `a-${i}` ? a : b).toBe(current === `a-${i}` ? `b-${i}` : `a-${i}`);
      }
    });
  });
}
