/**
 * The process's copy of the nearby reports' index (report-nearby-redis.ts), so the location turn
 * of a report searches in memory instead of making a Redis call of its own (issue 15: one round
 * trip per turn). Read-mostly data kept fresh by Redis pub/sub, as Redis's own client-side
 * caching is, but with the changes themselves rather than invalidations (a busy category changes
 * with every report, and reloading it each time would cost more than the searches it saves).
 *
 * - A category is copied on its first search: SUBSCRIBE to the changes channel (one per
 *   database), then read the category's counter and entries in one script. Until that is done
 *   the search goes to Redis, as it does for a category with more than `maxEntries` entries.
 * - Every index write raises the category's counter and publishes the change with it
 *   (`<category>\n<seq>\n<reference>\n<entry JSON or empty>`). Changes that arrive while the copy
 *   loads wait and are applied after it, those the copy already holds skipped. A change that
 *   does not follow the last one (a message lost, or a counter that went back: the data was
 *   flushed) drops the copy, and the next search loads it again. So does a lost subscriber
 *   connection: nothing is trusted that may have changed while it was down. And every 10 s
 *   each copy's counter is compared with Redis's, for a change lost with no sign (#check).
 * - Read your own writes: a write made by this process tells the copy its counter (`wrote`);
 *   until the copy has seen that change, searches of the category go to Redis. Another
 *   process's report is seen as soon as its change arrives (well under a millisecond on
 *   loopback), as with any replica.
 *
 * Entries older than a search's age are dropped by the search that meets them, here as in Redis
 * (where that is not published: each copy and Redis drop them as their own searches meet them).
 */
import { connectionNameOf, duplicateClient, type RedisClient } from '../state/redis-connection';
import { RedisCalls, type RoundTripCounter } from '../state/redis-calls';
import { parseNearbyEntry } from './report-nearby-entry';
import { NearbyGrid } from './report-nearby-grid';
import { changesChannelOf, indexCounter, snapshotIndex } from './report-nearby-redis';
import type { NearbyEntry, NearbyQuery, NearbyReport } from './report-nearby';

/** Most entries a copy holds, all categories together (about 280 bytes each: report-nearby-grid.ts). */
export const DEFAULT_MIRROR_MAX_ENTRIES = 50_000;
/** A category too large to copy is tried again after this long. */
const OVER_RETRY_MS = 60_000;
/** A copy that could not load (Redis down) is tried again after this long. */
const FAILED_RETRY_MS = 1_000;
/** How often the copies' counters are compared with Redis's. */
export const DEFAULT_MIRROR_CHECK_MS = 10_000;

interface Change {
  seq: number;
  reference: string;
  entry: NearbyEntry | null;
}

type Copy =
  | { state: 'loading'; pending: Change[] }
  /** `checked`: the category's counter in Redis at the last check (the copy must have reached it by the next). */
  | { state: 'ready'; seq: number; grid: NearbyGrid; checked?: number }
  /** Too large to copy, or failed to load: searched in Redis until `until`, then tried again. */
  | { state: 'resting'; until: number };

/** True when the category should start loading: never tried, or its rest is over. */
function due(copy: Copy | undefined): boolean {
  return copy === undefined || (copy.state === 'resting' && Date.now() >= copy.until);
}

export interface NearbyMirrorOptions {
  client: RedisClient;
  counter: RoundTripCounter;
  readyTimeoutMs: number;
  maxEntries?: number;
  /** How often each copy's counter is compared with Redis's (DEFAULT_MIRROR_CHECK_MS). */
  checkEveryMs?: number;
}

/** What the copy did, for the benchmark and the tests. */
export interface MirrorStats {
  /** Searches answered in memory. */
  hits: number;
  /** Searches sent to Redis (no copy yet, loading, too large, or this process's write not seen yet). */
  misses: number;
  /** Copies dropped (a change missed, the subscriber lost, too many entries) or not loaded (Redis down). */
  drops: number;
}

export class NearbyMirror {
  readonly channel: string;
  readonly stats: MirrorStats = { hits: 0, misses: 0, drops: 0 };
  /** Told why a copy was dropped or could not load (compose.ts: a warning in the log, reasons only). */
  onDrop?: (categoryId: string, why: string) => void;
  readonly #copies = new Map<string, Copy>();
  /** The highest counter of this process's own writes, per category. */
  readonly #fences = new Map<string, number>();
  readonly #calls: RedisCalls;
  readonly #maxEntries: number;
  #subscriber: RedisCalls | null = null;
  #subscribed: Promise<unknown> | null = null;
  #closed = false;
  #checks: NodeJS.Timeout | null = null;
  #checking = false;

  constructor(private readonly opts: NearbyMirrorOptions) {
    this.channel = changesChannelOf(opts.client);
    this.#calls = new RedisCalls(opts.client, opts.counter, opts.readyTimeoutMs);
    this.#maxEntries = opts.maxEntries ?? DEFAULT_MIRROR_MAX_ENTRIES;
  }

  /** The search answered from the copy, or null: ask Redis (and the copy starts loading if it had not). */
  search(q: NearbyQuery): NearbyReport[] | null {
    const current = this.#current(q.categoryId);
    if (current) {
      this.stats.hits += 1;
      return current.grid.search(q);
    }
    this.stats.misses += 1;
    if (!this.#closed && due(this.#copies.get(q.categoryId))) void this.#load(q.categoryId);
    return null;
  }

  /**
   * Starts copying the category if it is not yet, and resolves true once its searches are
   * answered in memory (the copy loaded, and this process's own writes seen), false after
   * `timeoutMs`. For warming a category before it is needed, and for tests.
   */
  async current(categoryId: string, timeoutMs = 2_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (this.#current(categoryId)) return true;
      if (this.#closed || Date.now() >= until) return false;
      if (due(this.#copies.get(categoryId))) void this.#load(categoryId);
      // Unref'd: a warm-up in the background never keeps the process alive.
      await new Promise((resolve) => setTimeout(resolve, 2).unref());
    }
  }

  /** The category's copy when searches may use it: loaded, and this process's own writes seen. */
  #current(categoryId: string): Extract<Copy, { state: 'ready' }> | undefined {
    const copy = this.#copies.get(categoryId);
    return copy?.state === 'ready' && copy.seq >= (this.#fences.get(categoryId) ?? 0) ? copy : undefined;
  }

  /** This process wrote the category's index and Redis answered with the write's counter. */
  wrote(categoryId: string, seq: unknown): void {
    const n = Number(seq);
    if (!Number.isSafeInteger(n)) return;
    if (n > (this.#fences.get(categoryId) ?? 0)) this.#fences.set(categoryId, n);
  }

  /** Entries held, all categories together. */
  get size(): number {
    let n = 0;
    for (const copy of this.#copies.values()) if (copy.state === 'ready') n += copy.grid.size;
    return n;
  }

  close(): void {
    this.#closed = true;
    if (this.#checks) clearInterval(this.#checks);
    this.#checks = null;
    this.#copies.clear();
    this.#subscriber?.client.disconnect();
    this.#subscriber = null;
    this.#subscribed = null;
  }

  async #load(categoryId: string): Promise<void> {
    const loading: Copy = { state: 'loading', pending: [] };
    this.#copies.set(categoryId, loading);
    try {
      await this.#subscribe();
      const room = this.#maxEntries - this.size;
      const { seq, entries } = await this.#calls.call('reports.nearby.copy', (c) => snapshotIndex(c, categoryId, Math.max(0, room)));
      if (this.#copies.get(categoryId) !== loading) return; // dropped meanwhile (the subscriber was lost)
      if (entries === null) {
        this.#over(categoryId, `more than ${room} entries`);
        return;
      }
      const grid = new NearbyGrid();
      for (const e of entries) grid.set(e.reference, e);
      const ready: Copy = { state: 'ready', seq, grid };
      this.#copies.set(categoryId, ready);
      this.#checks ??= setInterval(() => void this.#check(), this.opts.checkEveryMs ?? DEFAULT_MIRROR_CHECK_MS).unref();
      for (const change of loading.pending) if (change.seq > seq) this.#apply(categoryId, ready, change);
    } catch (err) {
      if (this.#copies.get(categoryId) === loading) this.#copies.set(categoryId, { state: 'resting', until: Date.now() + FAILED_RETRY_MS });
      this.stats.drops += 1;
      this.onDrop?.(categoryId, `not loaded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #subscribe(): Promise<unknown> {
    if (this.#subscribed) return this.#subscribed;
    if (!this.#subscriber) {
      // Its connection errors go wherever the main client reports its own (if anywhere).
      const main = this.opts.client;
      const client = duplicateClient(main, `${connectionNameOf(main)}-nearby`, (err) => {
        if (main.listenerCount('error') > 0) main.emit('error', err);
      });
      client.on('message', (channel: string, raw: string) => {
        if (channel === this.channel) this.#receive(raw);
      });
      // Whatever was published while the connection was down is lost: every copy goes.
      client.on('close', () => this.#lost());
      this.#subscriber = new RedisCalls(client, this.opts.counter, this.opts.readyTimeoutMs);
    }
    const subscriber = this.#subscriber;
    const subscribed = subscriber.call('reports.nearby.subscribe', (c) => c.subscribe(this.channel));
    this.#subscribed = subscribed;
    subscribed.catch(() => {
      if (this.#subscribed === subscribed) this.#subscribed = null;
    });
    return subscribed;
  }

  /**
   * The safety net for a change lost without the connection closing (on a Redis Cluster the
   * client moves its subscription to another node when one fails, and says nothing): every
   * ready copy must have reached, by now, the counter Redis had at the last check (a change in
   * flight has had a whole interval to arrive), and Redis's counter must not be behind it (the
   * data was flushed). One GET per copied category per interval.
   */
  async #check(): Promise<void> {
    if (this.#checking || this.#closed) return;
    this.#checking = true;
    try {
      const ready = [...this.#copies].filter((e): e is [string, Extract<Copy, { state: 'ready' }>] => e[1].state === 'ready');
      const counters = await Promise.all(ready.map(([categoryId]) => this.#calls.call('reports.nearby.check', (c) => indexCounter(c, categoryId)).catch(() => null)));
      ready.forEach(([categoryId, copy], i) => {
        const counter = counters[i];
        if (counter === null || counter === undefined || this.#copies.get(categoryId) !== copy) return;
        if (counter < copy.seq) this.#drop(categoryId, `Redis's counter ${counter} is behind the copy's ${copy.seq}`);
        else if (copy.checked !== undefined && copy.seq < copy.checked) this.#drop(categoryId, `a change missed: at ${copy.seq}, Redis was at ${copy.checked}`);
        else copy.checked = counter;
      });
    } finally {
      this.#checking = false;
    }
  }

  #lost(): void {
    this.#subscribed = null;
    for (const [categoryId, copy] of this.#copies) if (copy.state !== 'resting') this.#drop(categoryId, 'the subscriber connection closed');
  }

  #receive(raw: string): void {
    const a = raw.indexOf('\n');
    const b = raw.indexOf('\n', a + 1);
    const c = raw.indexOf('\n', b + 1);
    if (a < 0 || b < 0 || c < 0) return;
    const categoryId = raw.slice(0, a);
    const copy = this.#copies.get(categoryId);
    if (!copy || copy.state === 'resting') return;
    const json = raw.slice(c + 1);
    const entry = json === '' ? null : parseNearbyEntry(json);
    if (json !== '' && (entry === null || entry.categoryId !== categoryId)) {
      this.#drop(categoryId, 'an unreadable change');
      return;
    }
    const change: Change = { seq: Number(raw.slice(a + 1, b)), reference: raw.slice(b + 1, c), entry };
    if (copy.state === 'loading') copy.pending.push(change);
    else this.#apply(categoryId, copy, change);
  }

  #apply(categoryId: string, copy: Extract<Copy, { state: 'ready' }>, change: Change): void {
    if (change.seq !== copy.seq + 1) {
      this.#drop(categoryId, `change ${change.seq} after ${copy.seq}`);
      return;
    }
    copy.seq = change.seq;
    copy.grid.set(change.reference, change.entry);
    if (change.entry && this.size > this.#maxEntries) this.#over(categoryId, `more than ${this.#maxEntries} entries in all`);
  }

  #over(categoryId: string, why: string): void {
    this.#copies.set(categoryId, { state: 'resting', until: Date.now() + OVER_RETRY_MS });
    this.stats.drops += 1;
    this.onDrop?.(categoryId, why);
  }

  #drop(categoryId: string, why: string): void {
    this.#copies.delete(categoryId);
    // The counter may have gone back (the data was flushed): this process's fence goes with the copy.
    this.#fences.delete(categoryId);
    this.stats.drops += 1;
    this.onDrop?.(categoryId, why);
  }
}
