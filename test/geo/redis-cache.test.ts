/**
 * The geocoding cache on Redis (the test run's real server): answers shared by every process that
 * uses it, kept for the configured time, keyed by a hash (never the typed text), and a Redis that
 * is down is only a miss.
 */
import Redis from 'ioredis';
import { cacheKey, CachingGeocoder, RedisGeocodeCache } from '../../src/geo/cache';
import type { GeocodeOutcome, GeocodeRequest, Geocoder } from '../../src/geo/types';
import { createStores, type Stores } from '../../src/state';
import { testRedisUrl } from '../setup/redis';

/** A geocoder that counts its lookups (the cache is what is tested here). */
class Counting implements Geocoder {
  readonly provider = `test-${String(Math.random()).slice(2)}`;
  calls = 0;
  constructor(private readonly answer: GeocodeOutcome) {}
  geocode(_: GeocodeRequest): Promise<GeocodeOutcome> {
    this.calls++;
    return Promise.resolve(this.answer);
  }
}

const found: GeocodeOutcome = { kind: 'found', matches: [{ lat: 30.31, lon: -97.7697, name: 'Oak Ave', number: '12', exact: true }] };
let stores: Stores;
let raw: Redis;

beforeAll(() => {
  stores = createStores({ redisUrl: testRedisUrl() });
  const url = new URL(testRedisUrl());
  // The same database as the stores (test/setup/env.ts gives each jest worker its own).
  raw = url.protocol === 'unix:' ? new Redis({ path: url.pathname, db: Number(url.searchParams.get('db') ?? 0) }) : new Redis(testRedisUrl());
});

afterAll(async () => {
  raw.disconnect();
  await stores.close();
});

describe('the geocoding cache on Redis', () => {
  it('is shared: a second process (another client) gets the answer without a lookup', async () => {
    const inner = new Counting(found);
    const request = { query: '12 Oak Ave', locale: 'en' };
    const redis = stores.redis;
    if (!redis) throw new Error('redis stores expected');
    await expect(new CachingGeocoder(inner, new RedisGeocodeCache(redis), 600).geocode(request)).resolves.toEqual(found);
    const other = createStores({ redisUrl: testRedisUrl() });
    try {
      const otherRedis = other.redis;
      if (!otherRedis) throw new Error('redis stores expected');
      await expect(new CachingGeocoder(inner, new RedisGeocodeCache(otherRedis), 600).geocode({ query: '12 oak  ave', locale: 'en' })).resolves.toEqual(found);
    } finally {
      await other.close();
    }
    expect(inner.calls).toBe(1);
    // Under a hash of the query, with the configured time to live.
    const key = `wegov:geo:${cacheKey(inner.provider, request)}`;
    expect(await raw.ttl(key)).toBeGreaterThan(590);
    const keys = await raw.keys('wegov:geo:*');
    expect(keys.join(' ')).not.toMatch(/oak/i);
  });

  it('a Redis that cannot answer is a miss, not an error', async () => {
    const broken = createStores({ redisUrl: 'redis://127.0.0.1:1', commandTimeoutMs: 200, redis: { connectTimeoutMs: 200 } });
    try {
      const inner = new Counting(found);
      const redis = broken.redis;
      if (!redis) throw new Error('redis stores expected');
      const geo = new CachingGeocoder(inner, new RedisGeocodeCache(redis), 600);
      await expect(geo.geocode({ query: '12 Oak Ave', locale: 'en' })).resolves.toEqual(found);
      expect(inner.calls).toBe(1);
    } finally {
      await broken.close();
    }
  });
});
