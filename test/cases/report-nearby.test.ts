/**
 * Nearby reports and "me too" (src/cases/report-nearby.ts): one contract for the memory store,
 * Redis, and the test Redis Cluster (the index and its search share one hash tag), each Redis
 * searched both by its script and in a web process's copy of the index; and the search
 * among 1,000 open cases stays one Redis call; where thousands share one place it reads a few
 * dozen of them, not all.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { MemoryReportRecords, type ReportRecord, type ReportRecords } from '../../src/cases';
import { distanceM, type NearbyQuery, type NearbyReport } from '../../src/cases/report-nearby';
import type { RedisReportRecords } from '../../src/cases/report-records-redis';
import { createStores, type Stores } from '../../src/state';
import { nearbyGeoKey } from '../../src/state/redis-keys';
import { seededRandom } from '../../src/engine/seeded-random';
import { testRedisUrl } from '../setup/redis';
import { testRedisCluster } from '../setup/redis-cluster';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../setup/private-redis';

const open: Stores[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

let clusterUrl = '';
beforeAll(async () => {
  clusterUrl = await testRedisCluster();
});

/** Redis's own search: every search a script. */
function redisRecords(url: () => string): () => ReportRecords {
  return () => {
    const stores = createStores({ redisUrl: url(), nearbyMirror: false });
    open.push(stores);
    return stores.reports;
  };
}

/**
 * The web process's copy of the index (report-nearby-mirror.ts): each search waits until the
 * copy is current (loaded, and this store's own writes seen), then must be answered from it.
 */
function copiedRecords(url: () => string): () => ReportRecords {
  return () => {
    const stores = createStores({ redisUrl: url() });
    open.push(stores);
    const records = stores.reports as RedisReportRecords;
    const mirror = records.mirror!;
    const nearby = async (q: NearbyQuery): Promise<NearbyReport[]> => {
      expect(await mirror.current(q.categoryId, 5_000)).toBe(true);
      const calls = stores.roundTrips();
      const found = await records.nearby(q);
      expect(stores.roundTrips()).toBe(calls);
      return found;
    };
    return new Proxy(records, {
      get(target, prop) {
        if (prop === 'nearby') return nearby;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}

const kinds: [string, () => ReportRecords][] = [
  ['memory', () => new MemoryReportRecords()],
  ['redis', redisRecords(testRedisUrl)],
  ['redis cluster', redisRecords(() => clusterUrl)],
  ["redis, the process's copy", copiedRecords(testRedisUrl)],
  ["redis cluster, the process's copy", copiedRecords(() => clusterUrl)],
];

/** The search centre: downtown of the demo city. */
const HERE = { lat: 30.2672, lon: -97.7431 };
const NOW = new Date('2026-11-27T12:00:00.000Z');
const DAY = 86_400_000;

/** A point `metres` north-east of HERE (bearing 45°). */
function away(metres: number, bearing = 45): { lat: number; lon: number } {
  const rad = (bearing * Math.PI) / 180;
  const dLat = (metres * Math.cos(rad)) / 111_195;
  const dLon = (metres * Math.sin(rad)) / (111_195 * Math.cos((HERE.lat * Math.PI) / 180));
  return { lat: HERE.lat + dLat, lon: HERE.lon + dLon };
}

function aRecord(categoryId: string, over: Partial<ReportRecord> = {}): ReportRecord {
  const reference = `WG-${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  const at = new Date(NOW.getTime() - DAY).toISOString();
  return { reference, agencyId: 'public-works', categoryId, submittedAt: at, updatedAt: at, status: 'open', point: away(50), districtId: 'downtown', ...over };
}

const query = (categoryId: string, over: Partial<{ radiusM: number; since: Date; limit: number }> = {}) => ({
  categoryId,
  ...HERE,
  radiusM: 250,
  since: new Date(NOW.getTime() - 30 * DAY),
  limit: 5,
  ...over,
});

describe.each(kinds)('%s nearby reports', (_kind, make) => {
  let store: ReportRecords;
  let category: string;
  beforeEach(() => {
    store = make();
    // Each test its own category: the index is per category, and Redis is shared by the run.
    category = `cat-${randomUUID().slice(0, 8)}`;
  });

  it('finds open reports of the category within the radius and age, nearest first, public fields only', async () => {
    const far = aRecord(category, { point: away(180) });
    const near = aRecord(category, { point: away(40, 200) });
    const outside = aRecord(category, { point: away(400) });
    const other = aRecord(`${category}-other`, { point: away(10) });
    const old = aRecord(category, { point: away(20), submittedAt: new Date(NOW.getTime() - 40 * DAY).toISOString() });
    const noPoint = aRecord(category);
    delete noPoint.point;
    for (const r of [far, near, outside, other, old, noPoint]) await store.put({ ...r, owner: 'someone' });
    const found = await store.nearby(query(category));
    expect(found.map((r) => r.reference)).toEqual([near.reference, far.reference]);
    expect(found[0]).toEqual({
      reference: near.reference,
      agencyId: 'public-works',
      categoryId: category,
      status: 'open',
      submittedAt: near.submittedAt,
      districtId: 'downtown',
      point: near.point,
      distanceM: expect.any(Number),
    });
    expect(found[0]!.distanceM).toBeCloseTo(40, 0);
    expect(found[1]!.distanceM).toBeCloseTo(180, 0);
    expect(await store.nearby(query(`${category}-none`))).toEqual([]);
  });

  it('a report leaves the index when closed or rejected, and follows its status while open', async () => {
    const a = aRecord(category, { point: away(30) });
    const b = aRecord(category, { point: away(60) });
    await store.put(a);
    await store.put(b);
    await store.setStatus(a.reference, 'in_progress', 'Crew booked', NOW.toISOString());
    expect((await store.nearby(query(category))).map((r) => [r.reference, r.status])).toEqual([
      [a.reference, 'in_progress'],
      [b.reference, 'open'],
    ]);
    await store.setStatus(a.reference, 'closed', undefined, NOW.toISOString());
    await store.setStatus(b.reference, 'rejected', undefined, NOW.toISOString());
    expect(await store.nearby(query(category))).toEqual([]);
  });

  it('a search drops what it finds older than its age: a later, longer search no longer finds it', async () => {
    const old = aRecord(category, { point: away(30), submittedAt: new Date(NOW.getTime() - 40 * DAY).toISOString() });
    await store.put(old);
    expect(await store.nearby(query(category, { since: new Date(NOW.getTime() - 60 * DAY) }))).toHaveLength(1);
    expect(await store.nearby(query(category))).toEqual([]);
    expect(await store.nearby(query(category, { since: new Date(NOW.getTime() - 60 * DAY) }))).toEqual([]);
  });

  it('retention takes a report out of the index', async () => {
    const r = aRecord(category, { point: away(30), updatedAt: '2020-01-01T00:00:00.000Z' });
    await store.put(r);
    await store.deleteUpdatedBefore(new Date('2021-01-01T00:00:00.000Z'));
    expect(await store.nearby(query(category))).toEqual([]);
  });

  it('"me too" counts once per person; closed and unknown reports are said so', async () => {
    const r = aRecord(category);
    await store.put(r);
    expect(await store.meToo(r.reference, 'person-a')).toBe('counted');
    expect(await store.meToo(r.reference, 'person-a')).toBe('already');
    expect(await store.meToo(r.reference, 'person-b')).toBe('counted');
    expect((await store.get(r.reference))?.meToo).toBe(2);
    // Two devices of one person at once: one count.
    const both = await Promise.all([store.meToo(r.reference, 'person-c'), store.meToo(r.reference, 'person-c')]);
    expect(both.sort()).toEqual(['already', 'counted']);
    expect((await store.get(r.reference))?.meToo).toBe(3);
    await store.undoMeToo(r.reference, 'person-c');
    await store.undoMeToo(r.reference, 'person-c');
    expect((await store.get(r.reference))?.meToo).toBe(2);
    expect(await store.meToo('WG-NOPE2222', 'person-a')).toBe('unknown');
    await store.setStatus(r.reference, 'closed', undefined, NOW.toISOString());
    expect(await store.meToo(r.reference, 'person-d')).toBe('closed');
  });

  it('"delete my data" removes the person from the reports they said "me too" on; the count stays', async () => {
    const r = aRecord(category);
    await store.put(r);
    await store.meToo(r.reference, 'person-e');
    await store.forgetOwner('person-e', []);
    expect((await store.get(r.reference))?.meToo).toBe(1);
    // Their link is gone: the same pseudonym counts as someone new.
    expect(await store.meToo(r.reference, 'person-e')).toBe('counted');
  });
});

describe('nearby search among 1,000 open cases', () => {
  it('is one Redis call and returns the right five', async () => {
    // Redis's own search (the process's copy of the index: report-nearby-mirror.test.ts).
    const stores = createStores({ redisUrl: testRedisUrl(), nearbyMirror: false });
    open.push(stores);
    const category = `cat-${randomUUID().slice(0, 8)}`;
    const random = seededRandom(16);
    const records: ReportRecord[] = [];
    // 1,000 open cases of the category, 130-600 m away in every direction ...
    for (let i = 0; i < 1000; i++) records.push(aRecord(category, { point: away(130 + random() * 470, random() * 360) }));
    // ... and nearer ones that must not be found: closed, rejected, too old, another category.
    const decoys = [
      aRecord(category, { point: away(5), status: 'closed' }),
      aRecord(category, { point: away(6), status: 'rejected' }),
      aRecord(category, { point: away(7), submittedAt: new Date(NOW.getTime() - 31 * DAY).toISOString() }),
      aRecord(`${category}-other`, { point: away(8) }),
    ];
    const five = [15, 35, 55, 75, 95].map((m, i) => aRecord(category, { point: away(m, i * 70) }));
    const all = [...records, ...decoys, ...five];
    for (let i = 0; i < all.length; i += 100) await Promise.all(all.slice(i, i + 100).map((r) => stores.reports.put(r)));

    const before = stores.roundTrips();
    const found = await stores.reports.nearby(query(category));
    expect(stores.roundTrips() - before).toBe(1);
    expect(found.map((r) => r.reference)).toEqual(five.map((r) => r.reference));
    for (const r of found) expect(r.distanceM).toBeCloseTo(distanceM(HERE.lat, HERE.lon, r.point.lat, r.point.lon), 0);
  });
});

describe('nearby search where thousands of open reports share one place (a storm night)', () => {
  let redis: PrivateRedis;
  let stores: Stores;
  beforeAll(async () => {
    // A Redis of its own: its command counts are this test's alone.
    redis = await startPrivateRedis();
    // Redis's own search (the process's copy of the index: report-nearby-mirror.test.ts).
    stores = createStores({ redisUrl: redis.url, nearbyMirror: false });
  });
  afterAll(async () => {
    await stores.close();
    await stopPrivateRedis(redis);
  });

  it('still finds the five nearest, reading a few dozen entries, not all of them', async () => {
    const category = `cat-${randomUUID().slice(0, 8)}`;
    const crowd = Array.from({ length: 3000 }, () => aRecord(category, { point: away(60) }));
    const five = [8, 16, 24, 32, 40].map((m, i) => aRecord(category, { point: away(m, 90 + i * 70) }));
    const all = [...crowd, ...five];
    for (let i = 0; i < all.length; i += 200) await Promise.all(all.slice(i, i + 200).map((r) => stores.reports.put(r)));

    const client = new Redis(redis.url.replace('unix://', ''));
    const stats = async (command: string): Promise<{ calls: number; usecPerCall: number }> => {
      const m = new RegExp(`cmdstat_${command}:calls=(\\d+),usec=\\d+,usec_per_call=([\\d.]+)`).exec(String(await client.info('commandstats')));
      return { calls: Number(m?.[1] ?? 0), usecPerCall: Number(m?.[2] ?? 0) };
    };
    try {
      await client.config('RESETSTAT');
      const found = await stores.reports.nearby(query(category));
      expect(found.map((r) => r.reference)).toEqual(five.map((r) => r.reference));
      expect((await stats('geosearch')).calls).toBeLessThanOrEqual(6);
      expect((await stats('hget')).calls).toBeLessThanOrEqual(6 * 20);
      // Redis's time for the search against one GEOSEARCH that returns every member in the
      // radius, run just after on the same Redis (the search did that, and read them all into
      // Lua: about 3 times this baseline; now less than half of it: Redis still looks at the
      // crowd's points to know that none is nearer, but no longer hands them all to Lua).
      await client.config('RESETSTAT');
      for (let i = 0; i < 3; i++) await stores.reports.nearby(query(category));
      const search = await stats('evalsha');
      const searchUs = search.calls > 0 ? search.usecPerCall : (await stats('eval')).usecPerCall;
      await client.config('RESETSTAT');
      for (let i = 0; i < 3; i++) await client.call('GEOSEARCH', nearbyGeoKey(category), 'FROMLONLAT', String(HERE.lon), String(HERE.lat), 'BYRADIUS', '250', 'm', 'ASC', 'WITHDIST');
      const everything = await stats('geosearch');
      expect(searchUs).toBeGreaterThan(0);
      expect(searchUs).toBeLessThan(everything.usecPerCall);
      // And where the crowd is nearer than anything else, five of the crowd.
      const atCrowd = await stores.reports.nearby({ ...query(category), lat: away(60).lat, lon: away(60).lon });
      expect(atCrowd).toHaveLength(5);
      for (const r of atCrowd) expect(crowd.map((c) => c.reference)).toContain(r.reference);
    } finally {
      client.disconnect();
    }
  });
});
