/**
 * New web chat sessions per client address (WEGOV_RATE_SESSIONS_PER_MINUTE), counted inside the
 * new session's own commit (src/state/types.ts `Allowance.counter`: `sessions:<address>`) instead
 * of by a rate limiter with a Redis round trip of its own: a new session is one round trip on a
 * single Redis (on a Redis Cluster the count is a call of its own, its key being in another slot).
 * The count is shared by every process on the store, as before. Only a request that would create a
 * session is counted: a malformed body is answered 400 and uses none of it.
 *
 * An address this process has seen refused is refused again until its window ends, before its
 * body is read: no parsing, no step, no I/O. Those addresses are kept in an LRU (lru-cache, a
 * dependency already: bounded entries with per-entry expiry, which is all this needs), so a flood
 * from many addresses cannot grow it past MAX_KNOWN_OVER.
 */
import type { RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import type { Allowance } from '../../src/state/types';
import { sendLimited, WINDOW_MS } from './message-allowance';
import { clientKey } from './rate-limits';

/** Addresses remembered as over their allowance, at most. */
export const MAX_KNOWN_OVER = 10_000;

/** What a refusal says was too many. */
export const TOO_MANY_SESSIONS = 'new sessions from this address';

export class SessionAllowance {
  readonly #perWindow: number;
  readonly #now: () => number;
  /** Address -> when its full window ends (epoch ms). */
  readonly #over = new LRUCache<string, number>({ max: MAX_KNOWN_OVER });

  constructor(perMinute: number, now: () => number) {
    this.#perWindow = perMinute;
    this.#now = now;
  }

  /** The allowance a new session from `address` (rate-limits.ts clientKey) counts against. */
  of(address: string): Allowance & { counter: string } {
    return { perWindow: this.#perWindow, windowMs: WINDOW_MS, counter: `sessions:${address}` };
  }

  /** Remember that `address`'s window is full until `resetAtMs`. */
  rememberOver(address: string, resetAtMs: number): void {
    this.#over.set(address, resetAtMs, { ttl: Math.max(1, resetAtMs - this.#now()) });
  }

  /** Refuses, before the body is read, an address this process knows to be over. */
  refuseKnownOver(): RequestHandler {
    return (req, res, next) => {
      const address = clientKey(req);
      const until = this.#over.get(address);
      const now = this.#now();
      if (until !== undefined && until > now) sendLimited(res, this.of(address), until, now, TOO_MANY_SESSIONS);
      else next();
    };
  }
}
