/**
 * The adoption store on memory and on Redis (one contract, issue 13): one adopter per asset
 * (a second person is told it is taken, the adopter that it is already theirs), release and
 * state only by the adopter, "My adoptions" and the agency's list. Then 20 people racing for
 * one drain on real Redis with separate connections: exactly one gets it.
 */
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../../../src/state/redis-connection';
import { MemoryAdoptionStore } from '../../../dialogs/adopt/store/memory-store';
import { RedisAdoptionStore } from '../../../dialogs/adopt/store/redis-store';
import type { Adoption, AdoptionStore } from '../../../dialogs/adopt/store/store';
import { RedisCalls, RoundTripCounter } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { testRedisUrl } from '../../setup/redis';

/** Asset ids of their own, so runs on the shared Redis never meet. */
const fresh = (name: string): string => `${name}-${randomUUID().slice(0, 8)}`;
const at = '2026-12-01T09:00:00.000Z';
const adoption = (assetId: string, adopter: string, extra: Partial<Adoption> = {}): Adoption => ({ assetId, adopter, conversationId: `conv-${adopter}`, adoptedAt: at, ...extra });

type Make = () => Promise<{ store: AdoptionStore; close(): Promise<void> }>;

function contract(name: string, make: Make): void {
  describe(`adoption store: ${name}`, () => {
    let store: AdoptionStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());

    // People of their own per test too: "My adoptions" reads every asset a person holds.
    let ana = '';
    let ben = '';
    beforeEach(() => {
      ana = fresh(ana);
      ben = fresh(ben);
    });

    it('gives an asset to one adopter: the next is told it is taken, the adopter that it is theirs', async () => {
      const drain = fresh('drain');
      await expect(store.take(adoption(drain, ana, { name: 'Drainy' }))).resolves.toEqual({ outcome: 'taken', adoption: adoption(drain, ana, { name: 'Drainy' }) });
      await expect(store.take(adoption(drain, ben))).resolves.toEqual({ outcome: 'taken_by_other' });
      await expect(store.take(adoption(drain, ana))).resolves.toMatchObject({ outcome: 'yours', adoption: { name: 'Drainy' } });
      await expect(store.taken([drain, fresh('tree')])).resolves.toEqual(new Set([drain]));
    });

    it('releases and records state only for the adopter; a released asset is free again', async () => {
      const drain = fresh('drain');
      await store.take(adoption(drain, ana));
      await expect(store.release(drain, ben)).resolves.toBeNull();
      await expect(store.record(drain, ben, 'cleared', at)).resolves.toBe(false);
      await expect(store.record(drain, ana, 'needs_city', at)).resolves.toBe(true);
      expect((await store.ofAdopter(ana))[0]).toMatchObject({ assetId: drain, state: 'needs_city', stateAt: at });
      await expect(store.release(drain, ana)).resolves.toMatchObject({ assetId: drain, adopter: ana });
      await expect(store.release(drain, ana)).resolves.toBeNull();
      await expect(store.ofAdopter(ana)).resolves.toEqual([]);
      await expect(store.take(adoption(drain, ben))).resolves.toMatchObject({ outcome: 'taken' });
    });

    it('lists a person\'s adoptions and every adoption, by asset id', async () => {
      const me = fresh('me');
      const [a, b, c] = ['a', 'b', 'c'].map((x) => `${x}-${fresh('asset')}`) as [string, string, string];
      await store.take(adoption(b, me));
      await store.take(adoption(a, me));
      await store.take(adoption(c, 'other'));
      expect((await store.ofAdopter(me)).map((x) => x.assetId)).toEqual([a, b]);
      const all = (await store.all()).map((x) => x.assetId);
      expect(all.filter((x) => [a, b, c].includes(x))).toEqual([a, b, c]);
    });
  });
}

contract('memory', async () => ({ store: new MemoryAdoptionStore(), close: async () => undefined }));

contract('redis', async () => {
  const client = createRedisClient(testRedisUrl());
  return { store: new RedisAdoptionStore(new RedisCalls(client, new RoundTripCounter(), 2000)), close: async () => void (await client.quit()) };
});

describe('redis adoptions under concurrency', () => {
  it('20 people on 20 connections racing for one drain: exactly one adopts it', async () => {
    // Correctness under contention, not speed: a loaded CI machine may take seconds (the app's timeout is 2 s).
    const clients: RedisClient[] = Array.from({ length: 20 }, () => createRedisClient(testRedisUrl(), { commandTimeoutMs: 30_000 }));
    try {
      const drain = fresh('drain');
      const outcomes = await Promise.all(clients.map((c, i) => new RedisAdoptionStore(new RedisCalls(c, new RoundTripCounter(), 30_000)).take(adoption(drain, `person-${String(i)}`))));
      expect(outcomes.filter((o) => o.outcome === 'taken')).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'taken_by_other')).toHaveLength(19);
      const store = new RedisAdoptionStore(new RedisCalls(clients[0]!, new RoundTripCounter(), 2000));
      const winner = (await store.all()).filter((a) => a.assetId === drain);
      expect(winner).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
  });
});
