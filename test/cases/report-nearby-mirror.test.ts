/**
 * The web process's copy of the nearby reports' index (src/cases/report-nearby-mirror.ts), with
 * several store sets standing for several processes on one Redis (and on the test cluster): a
 * report filed or closed by another process reaches this one's offer with no Redis call of its
 * own; this process's own report is offered at once, every time; a missed or unreadable change,
 * a lost subscriber connection and flushed data each drop the copy, and the answers stay right;
 * a category too large to copy is searched in Redis; the periodic check of each copy's counter
 * catches a change lost with no sign.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { ReportRecord } from '../../src/cases';
import { NearbyMirror } from '../../src/cases/report-nearby-mirror';
import type { NearbyQuery } from '../../src/cases/report-nearby';
import { RedisReportRecords } from '../../src/cases/report-records-redis';
import { createStores, type Stores } from '../../src/state';
import { RedisCalls, RoundTripCounter } from '../../src/state/redis-calls';
import { nearbySeqKey } from '../../src/state/redis-keys';
import { connectedClient, testRedisUrl } from '../setup/redis';
import { testRedisCluster } from '../setup/redis-cluster';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../setup/private-redis';

const open: Stores[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

const HERE = { lat: 30.2672, lon: -97.7431 };
const NOW = Date.parse('2026-11-27T12:00:00.000Z');
const DAY = 86_400_000;

function away(metres: number, bearing = 45): { lat: number; lon: number } {
  const rad = (bearing * Math.PI) / 180;
  return { lat: HERE.lat + (metres * Math.cos(rad)) / 111_195, lon: HERE.lon + (metres * Math.sin(rad)) / (111_195 * Math.cos((HERE.lat * Math.PI) / 180)) };
}

function aRecord(categoryId: string, metres: number, bearing = 45): ReportRecord {
  const reference = `WG-${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  const at = new Date(NOW - DAY).toISOString();
  return { reference, agencyId: 'public-works', categoryId, submittedAt: at, updatedAt: at, status: 'open', point: away(metres, bearing) };
}

const query = (categoryId: string): NearbyQuery => ({ categoryId, ...HERE, radiusM: 250, since: new Date(NOW - 30 * DAY), limit: 5 });

function storesOn(url: string): Stores {
  const stores = createStores({ redisUrl: url });
  open.push(stores);
  return stores;
}

function copyOf(stores: Stores): NearbyMirror {
  const mirror = (stores.reports as RedisReportRecords).mirror;
  if (!mirror) throw new Error('no copy');
  return mirror;
}

/** Searches `stores` until `expected` references come back (the other process's change is on its way), at most 5 s. */
async function eventually(stores: Stores, categoryId: string, expected: string[]): Promise<void> {
  const until = Date.now() + 5_000;
  let found: string[] = [];
  while (Date.now() < until) {
    found = (await stores.reports.nearby(query(categoryId))).map((r) => r.reference);
    if (JSON.stringify(found) === JSON.stringify(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(found).toEqual(expected);
}

const targets: [string, () => Promise<string>][] = [
  ['one Redis server', async () => testRedisUrl()],
  ['Redis Cluster', testRedisCluster],
];

describe.each(targets)('the copy of the nearby index on %s', (_name, urlOf) => {
  let url = '';
  let category = '';
  beforeAll(async () => {
    url = await urlOf();
  });
  beforeEach(() => {
    category = `cat-${randomUUID().slice(0, 8)}`;
  });

  it("offers another process's report, and stops offering it once closed, with no Redis call of its own", async () => {
    const filer = storesOn(url);
    const searcher = storesOn(url);
    const mirror = copyOf(searcher);
    expect(await mirror.current(category)).toBe(true);
    const before = searcher.roundTrips();

    const near = aRecord(category, 40);
    const far = aRecord(category, 200, 120);
    await filer.reports.put(near);
    await filer.reports.put(far);
    await eventually(searcher, category, [near.reference, far.reference]);
    // The same answer as Redis's own search, distances included (to a metre: Redis keeps geohashes).
    const inRedis = createStores({ redisUrl: url, nearbyMirror: false });
    open.push(inRedis);
    const redisAnswer = await inRedis.reports.nearby(query(category));
    const copyAnswer = await searcher.reports.nearby(query(category));
    expect(copyAnswer.map((r) => r.reference)).toEqual(redisAnswer.map((r) => r.reference));
    copyAnswer.forEach((r, i) => expect(Math.abs(r.distanceM - redisAnswer[i]!.distanceM)).toBeLessThan(1));

    await filer.reports.setStatus(near.reference, 'closed', undefined, new Date(NOW).toISOString());
    await eventually(searcher, category, [far.reference]);
    await filer.reports.deleteUpdatedBefore(new Date(NOW + DAY));
    await eventually(searcher, category, []);
    expect(searcher.roundTrips()).toBe(before);
    expect(mirror.stats.drops).toBe(0);
  });

  it('offers this process its own report at once, every time (it asks Redis until the copy has seen it)', async () => {
    const stores = storesOn(url);
    const mirror = copyOf(stores);
    expect(await mirror.current(category)).toBe(true);
    const filed: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = aRecord(category, 5 + i);
      await stores.reports.put(r);
      filed.push(r.reference);
      const found = (await stores.reports.nearby({ ...query(category), limit: 50 })).map((x) => x.reference);
      expect(found).toEqual(filed);
    }
    // And once its changes arrived, from the copy.
    expect(await mirror.current(category)).toBe(true);
    const hits = mirror.stats.hits;
    await stores.reports.nearby(query(category));
    expect(mirror.stats.hits).toBe(hits + 1);
  });

  it('a change that does not follow the last one, or cannot be read, drops the copy; it loads again and stays right', async () => {
    const stores = storesOn(url);
    const mirror = copyOf(stores);
    const a = aRecord(category, 30);
    await stores.reports.put(a);
    expect(await mirror.current(category)).toBe(true);
    const publisher = await connectedClient(url);
    // Each forged change is published on a ready copy and its drop awaited before the next: on a
    // cluster a message can reach the subscriber's node after the publisher's next command has
    // returned, and a change that arrives while no copy exists is (rightly) ignored.
    const dropsOn = async (message: (next: number) => string): Promise<void> => {
      expect(await mirror.current(category)).toBe(true);
      const drops = mirror.stats.drops;
      const next = Number(await publisher.get(nearbySeqKey(category))) + 1;
      await publisher.publish(mirror.channel, `${category}\n${message(next)}`);
      const until = Date.now() + 5_000;
      while (mirror.stats.drops === drops && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(mirror.stats.drops).toBe(drops + 1);
      // Dropped, it loads again and answers right.
      expect((await stores.reports.nearby(query(category))).map((r) => r.reference)).toEqual([a.reference]);
    };
    try {
      // A change that skips ahead (one was missed).
      const forged = JSON.stringify({ ...a, reference: 'WG-FORGED01', at: NOW - DAY, point: away(10) });
      await dropsOn(() => `999999\nWG-FORGED01\n${forged}`);
      // A change that goes back (the data was flushed and refilled).
      await dropsOn(() => `1\nWG-FORGED02\n${forged.replace(/WG-FORGED01/g, 'WG-FORGED02')}`);
      // Unreadable JSON, with the very next counter.
      await dropsOn((next) => `${next}\nWG-FORGED03\n{not json`);
      // Well-formed JSON that is not an entry (no point), with the very next counter: refused, not placed.
      await dropsOn((next) => `${next}\nWG-FORGED04\n${JSON.stringify({ reference: 'WG-FORGED04', status: 'open' })}`);
      expect(await mirror.current(category)).toBe(true);
      const b = aRecord(category, 20);
      await stores.reports.put(b);
      expect((await stores.reports.nearby(query(category))).map((r) => r.reference)).toEqual([b.reference, a.reference]);
    } finally {
      publisher.disconnect();
    }
  });
});

describe.each(targets)('the periodic check of the copy on %s', (_name, urlOf) => {
  it('a change lost with no sign (the counter moved, nothing arrived) or a counter that went back drops the copy', async () => {
    const url = await urlOf();
    const category = `cat-${randomUUID().slice(0, 8)}`;
    const client = await connectedClient(url);
    const counter = new RoundTripCounter();
    const mirror = new NearbyMirror({ client, counter, readyTimeoutMs: 2_000, checkEveryMs: 20 });
    const records = new RedisReportRecords(new RedisCalls(client, counter, 2_000), mirror);
    const waitForDrops = async (n: number): Promise<void> => {
      const until = Date.now() + 5_000;
      while (mirror.stats.drops < n && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(mirror.stats.drops).toBe(n);
    };
    try {
      const a = aRecord(category, 30);
      await records.put(a);
      expect(await mirror.current(category)).toBe(true);
      // Checks pass while nothing is missed.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(mirror.stats.drops).toBe(0);
      expect(counter.byOperation.get('reports.nearby.check')).toBeGreaterThan(1);
      // A change published where this copy could not hear it: the counter moves, no message comes.
      await client.incr(nearbySeqKey(category));
      await waitForDrops(1);
      expect((await records.nearby(query(category))).map((r) => r.reference)).toEqual([a.reference]);
      expect(await mirror.current(category)).toBe(true);
      // The counter went back (the data was restored from an older copy, or flushed).
      await client.set(nearbySeqKey(category), '0');
      await waitForDrops(2);
    } finally {
      mirror.close();
      client.disconnect();
    }
  });
});

describe('the copy when its connection or its data goes (a Redis of its own)', () => {
  let redis: PrivateRedis;
  let admin: Redis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    admin = new Redis(redis.url.replace('unix://', ''));
  });
  afterAll(async () => {
    admin.disconnect();
    await stopPrivateRedis(redis);
  });

  it("a lost subscriber connection drops every copy; what was filed meanwhile is offered after", async () => {
    const category = `cat-${randomUUID().slice(0, 8)}`;
    const filer = storesOn(redis.url);
    const searcher = storesOn(redis.url);
    const mirror = copyOf(searcher);
    expect(await mirror.current(category)).toBe(true);
    const a = aRecord(category, 30);
    await filer.reports.put(a);
    await eventually(searcher, category, [a.reference]);
    // Only the copy's subscriber is a pub/sub connection here (the filer never searched).
    expect(Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub'))).toBe(1);
    const b = aRecord(category, 20);
    await filer.reports.put(b);
    await eventually(searcher, category, [b.reference, a.reference]);
    expect(mirror.stats.drops).toBeGreaterThanOrEqual(1);
    expect(await mirror.current(category)).toBe(true);
  });

  it('flushed data (its counter starts again) drops the copy: nothing from before is offered', async () => {
    const category = `cat-${randomUUID().slice(0, 8)}`;
    const filer = storesOn(redis.url);
    const searcher = storesOn(redis.url);
    const mirror = copyOf(searcher);
    const olds = [aRecord(category, 30), aRecord(category, 60), aRecord(category, 90)];
    for (const r of olds) await filer.reports.put(r);
    expect(await mirror.current(category)).toBe(true);
    await eventually(searcher, category, olds.map((r) => r.reference));
    await admin.flushall();
    const fresh = aRecord(category, 50);
    await filer.reports.put(fresh);
    await eventually(searcher, category, [fresh.reference]);
    expect(mirror.stats.drops).toBeGreaterThanOrEqual(1);
  });

  it('a category with more entries than the copy may hold is searched in Redis, and answered right', async () => {
    const category = `cat-${randomUUID().slice(0, 8)}`;
    const client = await connectedClient(redis.url);
    const counter = new RoundTripCounter();
    const mirror = new NearbyMirror({ client, counter, readyTimeoutMs: 2_000, maxEntries: 3 });
    const records = new RedisReportRecords(new RedisCalls(client, counter, 2_000), mirror);
    try {
      const all = [10, 20, 30, 40].map((m) => aRecord(category, m));
      for (const r of all) await records.put(r);
      expect(await mirror.current(category, 300)).toBe(false);
      const before = counter.byOperation.get('reports.nearby') ?? 0;
      expect((await records.nearby(query(category))).map((r) => r.reference)).toEqual(all.map((r) => r.reference));
      expect(counter.byOperation.get('reports.nearby')).toBe(before + 1);
      expect(mirror.size).toBe(0);
    } finally {
      mirror.close();
      client.disconnect();
    }
  });
});
