/** A Map whose entries may carry an expiry; an expired entry reads as absent, like a Redis key with a TTL. */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Set with a TTL (ms), or without one (never expires). */
  set(key: string, value: V, ttlMs?: number): void {
    this.#entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : this.now() + ttlMs });
  }

  /** Like Redis EXPIRE: a new TTL for a live entry; false when there is none. */
  expire(key: string, ttlMs: number): boolean {
    const value = this.get(key);
    if (value === undefined) return false;
    this.set(key, value, ttlMs);
    return true;
  }

  /** Like Redis `SET ... XX KEEPTTL`: a new value for a live entry, its expiry unchanged; false when there is none. */
  replace(key: string, value: V): boolean {
    const entry = this.#entries.get(key);
    if (!entry || this.get(key) === undefined) return false;
    entry.value = value;
    return true;
  }

  delete(key: string): boolean {
    return this.#entries.delete(key);
  }

  /** Live keys. */
  *keys(): IterableIterator<string> {
    for (const key of [...this.#entries.keys()]) if (this.get(key) !== undefined) yield key;
  }

  /** Drop every expired entry; returns how many went. */
  sweep(): number {
    const now = this.now();
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Entries held, expired ones not yet swept included (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }
}
