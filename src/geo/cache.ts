/**
 * Geocoding answers, cached (Nominatim's policy asks for it; it also spares every geocoder the
 * same street typed twice). Keyed by a hash of the provider, language and the query in matching
 * form, so what people typed is never a key in clear; the value is the answer (public map data,
 * nothing about the person). Redis when the deployment has it (shared by every process, SET with
 * EX), else an in-process LRU (lru-cache). A cache that fails is a miss, never an error.
 * Identical lookups in flight at once share one request.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { normalize } from '../nlu/normalize';
import type { RedisCalls } from '../state/redis-calls';
import type { GeocodeOutcome, GeocodeRequest, Geocoder } from './types';

export interface GeocodeCache {
  get(key: string): Promise<GeocodeOutcome | undefined>;
  set(key: string, outcome: GeocodeOutcome, ttlSeconds: number): Promise<void>;
}

/** Entries an in-process cache keeps (a few hundred bytes each). */
export const MEMORY_CACHE_ENTRIES = 10_000;

export class MemoryGeocodeCache implements GeocodeCache {
  private readonly lru = new LRUCache<string, GeocodeOutcome>({ max: MEMORY_CACHE_ENTRIES });

  get(key: string): Promise<GeocodeOutcome | undefined> {
    return Promise.resolve(this.lru.get(key));
  }

  set(key: string, outcome: GeocodeOutcome, ttlSeconds: number): Promise<void> {
    this.lru.set(key, outcome, { ttl: ttlSeconds * 1000 });
    return Promise.resolve();
  }
}

const stored = z.union([
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('found'),
    matches: z.array(z.object({ lat: z.number(), lon: z.number(), name: z.string(), number: z.string().optional(), cross: z.string().optional(), exact: z.boolean() })),
  }),
]);

export class RedisGeocodeCache implements GeocodeCache {
  constructor(private readonly redis: RedisCalls) {}

  async get(key: string): Promise<GeocodeOutcome | undefined> {
    try {
      const raw = await this.redis.call('geocode cache get', (c) => c.get(`wegov:geo:${key}`));
      if (raw === null) return undefined;
      const parsed = stored.safeParse(JSON.parse(raw));
      return parsed.success ? (parsed.data as GeocodeOutcome) : undefined;
    } catch {
      return undefined; // a cache that cannot answer is a miss: the geocoder is asked instead
    }
  }

  async set(key: string, outcome: GeocodeOutcome, ttlSeconds: number): Promise<void> {
    if (ttlSeconds <= 0) return;
    await this.redis.call('geocode cache set', (c) => c.set(`wegov:geo:${key}`, JSON.stringify(outcome), 'EX', ttlSeconds)).catch(() => undefined);
  }
}

/** The cache key of a request: provider, language and the query in matching form, hashed. */
export function cacheKey(provider: string, request: GeocodeRequest): string {
  return createHash('sha256').update(`${provider}\u0000${request.locale}\u0000${normalize(request.query)}`).digest('base64url');
}

export class CachingGeocoder implements Geocoder {
  readonly provider: string;
  private readonly inFlight = new Map<string, Promise<GeocodeOutcome>>();

  constructor(
    private readonly inner: Geocoder,
    private readonly cache: GeocodeCache,
    private readonly ttlSeconds: number,
    /** Told whether each answer came from the cache (metrics). */
    private readonly onAnswer?: (fromCache: boolean, outcome: GeocodeOutcome) => void,
  ) {
    this.provider = inner.provider;
  }

  async geocode(request: GeocodeRequest): Promise<GeocodeOutcome> {
    const key = cacheKey(this.provider, request);
    const cached = await this.cache.get(key);
    if (cached) {
      this.onAnswer?.(true, cached);
      return cached;
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = this.lookup(key, request).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    return lookup;
  }

  private async lookup(key: string, request: GeocodeRequest): Promise<GeocodeOutcome> {
    const outcome = await this.inner.geocode(request);
    this.onAnswer?.(false, outcome);
    // A failure is not an answer: the next person asks again.
    if (outcome.kind !== 'unavailable') await this.cache.set(key, outcome, this.ttlSeconds);
    return outcome;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
