/**
 * "Once per person" claims (issue 11): which response is a person's current one in a scope
 * (e.g. `consultation:<id>`). The runtime claims before it commits a result that declares
 * `once` (src/runtime/once-claims.ts); the claim's answer decides whether the result is a new
 * response or replaces an earlier one.
 *
 * The store never sees a chat identity: `participant` is already a keyed hash of scope and
 * person (src/runtime/participant-id.ts). Claims are single-key swaps, so two submissions of
 * the same person racing from two conversations are ordered: the second sees the first's id
 * and becomes its replacement, never a second independent response.
 */

/** Who holds each (scope, participant) claim. Memory and Redis implement it; one contract suite. */
export interface ParticipationStore {
  /**
   * Make `responseId` the current response of `participant` in `scope`, atomically, and return
   * the id it displaced (null when this is the first claim). `ttlSeconds`: forget the claim that
   * long after this (the retention of the responses); unset: kept.
   */
  claim(scope: string, participant: string, responseId: string, ttlSeconds?: number): Promise<string | null>;
  /**
   * Undo a claim whose commit did not happen: if `responseId` is still current, put `previous`
   * back (null: remove the claim). A claim someone has since taken over is left alone.
   */
  release(scope: string, participant: string, responseId: string, previous: string | null): Promise<void>;
  /** The current response id, or null. */
  current(scope: string, participant: string): Promise<string | null>;
  /** "Delete my data": the claim goes (a later response is a new one, linked to nothing). */
  forget(scope: string, participant: string): Promise<void>;
}

/** ParticipationStore in one process's memory (the embedded default). */
export class MemoryParticipationStore implements ParticipationStore {
  readonly #claims = new Map<string, { id: string; expiresAt: number }>();
  readonly #now: () => number;

  constructor(opts: { now?: () => number } = {}) {
    this.#now = opts.now ?? Date.now;
  }

  async claim(scope: string, participant: string, responseId: string, ttlSeconds?: number): Promise<string | null> {
    checkTtl(ttlSeconds);
    const key = keyOf(scope, participant);
    const previous = this.#get(key);
    this.#claims.set(key, { id: responseId, expiresAt: ttlSeconds === undefined ? Infinity : this.#now() + ttlSeconds * 1000 });
    return Promise.resolve(previous?.id ?? null);
  }

  async release(scope: string, participant: string, responseId: string, previous: string | null): Promise<void> {
    const key = keyOf(scope, participant);
    const held = this.#get(key);
    if (held?.id !== responseId) return Promise.resolve();
    if (previous === null) this.#claims.delete(key);
    else this.#claims.set(key, { ...held, id: previous });
    return Promise.resolve();
  }

  async current(scope: string, participant: string): Promise<string | null> {
    return Promise.resolve(this.#get(keyOf(scope, participant))?.id ?? null);
  }

  async forget(scope: string, participant: string): Promise<void> {
    this.#claims.delete(keyOf(scope, participant));
    return Promise.resolve();
  }

  #get(key: string): { id: string; expiresAt: number } | undefined {
    const held = this.#claims.get(key);
    if (held && held.expiresAt <= this.#now()) {
      this.#claims.delete(key);
      return undefined;
    }
    return held;
  }
}

/** A TTL must be a positive whole number of seconds (API misuse otherwise). */
export function checkTtl(ttlSeconds: number | undefined): void {
  if (ttlSeconds !== undefined && (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0)) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
}

// A NUL cannot occur in a scope the catalogue accepts, so two pairs never share a key.
const keyOf = (scope: string, participant: string): string => `${scope}\u0000${participant}`;
