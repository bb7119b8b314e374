/**
 * Abuse controls' entry point: pick the store from the configuration (Redis when REDIS_URL is
 * set, shared by every process; else memory) with the limits from WEGOV_CHAT_MESSAGES_PER_MINUTE
 * and WEGOV_CHAT_BURST. Hand-written rather than a rate-limit library: the check must share one
 * Redis script (one round trip) with the block list, take the caller's clock, and tell the
 * caller whether this refusal is the first of its window; rate-limiter-flexible and
 * express-rate-limit's stores do one or the other, not all three.
 */
import type { RoundTripCounter } from '../state/redis-calls';
import { createRedisClient } from '../state/redis-connection';
import { MemoryAbuseStore } from './memory-abuse-store';
import { RecentRefusals } from './recent-refusals';
import { RedisAbuseStore } from './redis-abuse-store';
import type { AbuseStore, LimitPolicy } from './types';

export * from './types';
export { MemoryAbuseStore } from './memory-abuse-store';
export { RedisAbuseStore } from './redis-abuse-store';
export { RecentRefusals } from './recent-refusals';

/** The burst window: 10 seconds. */
export const BURST_WINDOW_MS = 10_000;

export interface AbuseConfig {
  redisUrl?: string;
  commandTimeoutMs?: number;
  perMinute: number;
  burst: number;
  blockDays: number;
  /** Tallies the Redis round trips (shared with the process's other Redis users). */
  counter?: RoundTripCounter;
}

/** What the runtime holds (RuntimeDeps.abuse). */
export interface Abuse {
  store: AbuseStore;
  /** How long a staff block lasts. */
  blockDays: number;
  /** The in-process fast path (no I/O). */
  recent: RecentRefusals;
  /**
   * The message limit, counted with the conversation: a turn in its own commit, a message
   * answered without a turn (a sticker) by SessionStore.countMessage (src/runtime/sender-gate.ts).
   */
  policy: LimitPolicy;
}

export function limitPolicy(config: Pick<AbuseConfig, 'perMinute' | 'burst'>): LimitPolicy {
  return { perMinute: config.perMinute, burst: config.burst, burstWindowMs: BURST_WINDOW_MS };
}

/** Builds the store; with Redis it has its own connection (closed by `store.close()`). */
export function createAbuse(config: AbuseConfig): Abuse {
  const policy = limitPolicy(config);
  const store: AbuseStore = config.redisUrl
    ? new RedisAbuseStore({
        client: createRedisClient(config.redisUrl, config.commandTimeoutMs !== undefined ? { commandTimeoutMs: config.commandTimeoutMs } : {}),
        ownsClient: true,
        ...(config.counter ? { counter: config.counter } : {}),
        ...(config.commandTimeoutMs !== undefined ? { readyTimeoutMs: config.commandTimeoutMs } : {}),
      })
    : new MemoryAbuseStore();
  return { store, blockDays: config.blockDays, recent: new RecentRefusals(), policy };
}
