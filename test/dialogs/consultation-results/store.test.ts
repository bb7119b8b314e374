/**
 * The consultation results store on memory and on Redis (one contract): responses recorded
 * once, a person's later response replacing the earlier one, an earlier one arriving late
 * ignored, "delete my data" unlinking the participant, and the property that matters: after
 * random submits and changes delivered out of order and twice, the counters equal a
 * recomputation from the current responses, and so does a rebuild.
 */
import { randomUUID } from 'node:crypto';
import { countersOf } from '../../../dialogs/consultation/results/counters';
import { RedisConsultationResultsStore } from '../../../dialogs/consultation/results/redis-store';
import { districtOf } from '../../../dialogs/consultation/results/sink';
import { MemoryConsultationResultsStore, type ConsultationResultsStore } from '../../../dialogs/consultation/results/store';
import type { DeliveredConsultationResponse } from '../../../dialogs/consultation/result';
import type { Consultation } from '../../../src/catalog/types';
import { RedisCalls, RoundTripCounter } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { testRedisUrl } from '../../setup/redis';
import { testRedisCluster } from '../../setup/redis-cluster';
import { catalogWithAllTypes, randomResponse, seeded } from './support';

const { catalog, allTypes, demo } = catalogWithAllTypes();
const areaOf = districtOf(catalog);

/** A copy of `c` under a fresh id, so runs on the shared Redis never meet. */
const fresh = (c: Consultation): Consultation => ({ ...c, id: `${c.id}-${randomUUID().slice(0, 8)}` });

/** The sum of every response's counters (what the store must hold). */
function recompute(c: Consultation, responses: readonly DeliveredConsultationResponse[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of responses) for (const [k, v] of Object.entries(countersOf(c, r, areaOf))) out[k] = (out[k] ?? 0) + v;
  return out;
}

const at = (minute: number): Date => new Date(Date.UTC(2026, 11, 1, 12, minute));

type Make = () => Promise<{ store: ConsultationResultsStore; close(): Promise<void> }>;

function contract(name: string, make: Make): void {
  describe(`consultation results store: ${name}`, () => {
    let store: ConsultationResultsStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());

    const record = (c: Consultation, r: DeliveredConsultationResponse) => store.record(r, countersOf(c, r, areaOf));

    test('a response is counted once, however often it is delivered', async () => {
      const c = fresh(demo);
      const r = randomResponse(c, catalog, seeded(1), 'p-one', at(0), 1);
      await expect(record(c, r)).resolves.toBe('recorded');
      await expect(record(c, r)).resolves.toBe('duplicate');
      await expect(store.counters(c.id)).resolves.toEqual(recompute(c, [r]));
      await expect(store.size(c.id)).resolves.toBe(1);
    });

    test("a person's later response replaces the earlier one; the earlier one arriving late is ignored", async () => {
      const c = fresh(demo);
      const rnd = seeded(2);
      const first = randomResponse(c, catalog, rnd, 'p-two', at(0), 1);
      const second = { ...randomResponse(c, catalog, rnd, 'p-two', at(5), 2), replaces: first.id };
      const third = { ...randomResponse(c, catalog, rnd, 'p-two', at(9), 3), replaces: second.id };
      const other = randomResponse(c, catalog, rnd, 'p-other', at(1), 4);
      // Delivered out of order: the newest first.
      await expect(record(c, third)).resolves.toBe('recorded');
      await expect(record(c, first)).resolves.toBe('stale');
      await expect(record(c, other)).resolves.toBe('recorded');
      await expect(record(c, second)).resolves.toBe('stale');
      await expect(store.counters(c.id)).resolves.toEqual(recompute(c, [third, other]));
      const page = await store.scan(c.id, '0', 10);
      expect(page.responses.map((r) => r.id).sort()).toEqual([third.id, other.id].sort());
      expect(page.responses.find((r) => r.id === third.id)).toMatchObject({ participant: 'p-two', answers: third.answers });

      // In order, a change replaces: the old counters go, the new ones come.
      const d = fresh(demo);
      const a = { ...first, consultationId: d.id };
      const b = { ...second, consultationId: d.id };
      await expect(record(d, a)).resolves.toBe('recorded');
      await expect(record(d, b)).resolves.toBe('replaced');
      await expect(store.counters(d.id)).resolves.toEqual(recompute(d, [b]));
      await expect(store.size(d.id)).resolves.toBe(1);
    });

    test('a change submitted in the same millisecond replaces what it names, whatever the ids', async () => {
      const c = fresh(demo);
      const rnd = seeded(7);
      const first = { ...randomResponse(c, catalog, rnd, 'p-same', at(0), 1), id: 'zzz-first' };
      const change = { ...randomResponse(c, catalog, rnd, 'p-same', at(0), 2), id: 'aaa-change', replaces: first.id };
      await expect(record(c, first)).resolves.toBe('recorded');
      await expect(record(c, change)).resolves.toBe('replaced');
      // Redelivered after its replacement: it stays out.
      await expect(record(c, first)).resolves.toBe('stale');
      await expect(store.counters(c.id)).resolves.toEqual(recompute(c, [change]));
    });

    test('"delete my data" unlinks the participant; the response stays, anonymous', async () => {
      const c = fresh(demo);
      const r = randomResponse(c, catalog, seeded(3), 'p-gone', at(0), 1);
      await record(c, r);
      await store.unlink(c.id, 'p-gone');
      const page = await store.scan(c.id, '0', 10);
      expect(page.responses).toHaveLength(1);
      expect(page.responses[0]).not.toHaveProperty('participant');
      expect(JSON.stringify(page.responses)).not.toContain('p-gone');
      await expect(store.counters(c.id)).resolves.toEqual(recompute(c, [r]));
      // A later response of the same pseudonym is a new one (the link is gone).
      const again = randomResponse(c, catalog, seeded(4), 'p-gone', at(3), 2);
      await expect(record(c, again)).resolves.toBe('recorded');
      await expect(store.size(c.id)).resolves.toBe(2);
    });

    test('retention deletes responses older than the cut-off with their links; the counters stay', async () => {
      const c = fresh(demo);
      const rnd = seeded(8);
      const old = randomResponse(c, catalog, rnd, 'p-old', at(0), 1);
      const recent = randomResponse(c, catalog, rnd, 'p-new', at(30), 2);
      await record(c, old);
      await record(c, recent);
      const counters = await store.counters(c.id);
      await expect(store.expire(c.id, at(10).toISOString())).resolves.toBe(1);
      const page = await store.scan(c.id, '0', 10);
      expect(page.responses.map((r) => r.id)).toEqual([recent.id]);
      await expect(store.counters(c.id)).resolves.toEqual(counters);
      await expect(store.expire(c.id, at(10).toISOString())).resolves.toBe(0);
      // The expired person's next response is a new one (nothing links them any more).
      await expect(record(c, randomResponse(c, catalog, rnd, 'p-old', at(40), 3))).resolves.toBe('recorded');
    });

    test('property: after random submits and changes, delivered shuffled and twice, counters equal a recomputation (and a rebuild)', async () => {
      for (const [seed, base] of [
        [11, allTypes],
        [12, demo],
        [13, allTypes],
      ] as const) {
        const c = fresh(base);
        const rnd = seeded(seed);
        const people = Array.from({ length: 40 }, (_, i) => `person-${String(i)}`);
        const latest = new Map<string, DeliveredConsultationResponse>();
        const sent: DeliveredConsultationResponse[] = [];
        for (let n = 0; n < 150; n++) {
          const who = people[Math.floor(rnd() * people.length)]!;
          const previous = latest.get(who);
          const r = randomResponse(c, catalog, rnd, who, at(n), n);
          const delivered = previous ? { ...r, replaces: previous.id } : r;
          latest.set(who, delivered);
          sent.push(delivered);
          if (rnd() < 0.2) sent.push(delivered); // redelivered
        }
        for (let i = sent.length - 1; i > 0; i--) {
          const j = Math.floor(rnd() * (i + 1));
          [sent[i], sent[j]] = [sent[j]!, sent[i]!];
        }
        for (const r of sent) await record(c, r);
        const expected = recompute(c, [...latest.values()]);
        await expect(store.counters(c.id)).resolves.toEqual(expected);
        await expect(store.size(c.id)).resolves.toBe(latest.size);
        await expect(store.rebuild(c.id, (r) => countersOf(c, r, areaOf))).resolves.toEqual({ responses: latest.size });
        await expect(store.counters(c.id)).resolves.toEqual(expected);
      }
    });
  });
}

contract('memory', async () => ({ store: new MemoryConsultationResultsStore(), close: async () => undefined }));

for (const [name, url] of [['redis', async () => testRedisUrl()], ['redis cluster', testRedisCluster]] as const) {
  contract(name, async () => {
    const client = createRedisClient(await url());
    return { store: new RedisConsultationResultsStore(new RedisCalls(client, new RoundTripCounter(), 2000)), close: async () => void (await client.quit()) };
  });
}

describe('redis results specifics', () => {
  test('recording is one round trip, reading the counters is one, and every key of a consultation shares one hash tag', async () => {
    const client = createRedisClient(testRedisUrl());
    try {
      const counter = new RoundTripCounter();
      const store = new RedisConsultationResultsStore(new RedisCalls(client, counter, 2000));
      const c = fresh(demo);
      const r = randomResponse(c, catalog, seeded(5), 'p-rt', at(0), 1);
      await store.record(r, countersOf(c, r, areaOf));
      expect(counter.count).toBe(1);
      await store.counters(c.id);
      expect(counter.count).toBe(2);
      const keys = await client.keys(`wegov:{results:${c.id}}:*`);
      expect(keys.sort()).toEqual(['contrib', 'counters', 'current', 'mods', 'responses', 'who'].map((k) => `wegov:{results:${c.id}}:${k}`));
      // No chat identity anywhere: the participant is the runtime's pseudonym.
      expect(await client.hget(`wegov:{results:${c.id}}:who`, r.id)).toBe('p-rt');
    } finally {
      await client.quit();
    }
  });

  test('a rebuild that sees responses arrive meanwhile starts again and still ends equal to a recomputation', async () => {
    const client = createRedisClient(testRedisUrl());
    try {
      const store = new RedisConsultationResultsStore(new RedisCalls(client, new RoundTripCounter(), 2000));
      const c = fresh(demo);
      const rnd = seeded(6);
      const all: DeliveredConsultationResponse[] = [];
      for (let n = 0; n < 30; n++) {
        const r = randomResponse(c, catalog, rnd, `p-${String(n)}`, at(n), n);
        all.push(r);
        await store.record(r, countersOf(c, r, areaOf));
      }
      let injected = false;
      const result = await store.rebuild(c.id, (r) => {
        if (!injected) {
          injected = true;
          const late = randomResponse(c, catalog, rnd, 'p-late', at(99), 99);
          all.push(late);
          void store.record(late, countersOf(c, late, areaOf));
        }
        return countersOf(c, r, areaOf);
      });
      expect(result.responses).toBe(31);
      await expect(store.counters(c.id)).resolves.toEqual(recompute(c, all));
    } finally {
      await client.quit();
    }
  });
});
