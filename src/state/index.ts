/**
 * The storage layer's entry point: pick the stores from the configuration. With a Redis URL
 * the production stores (shared by every process); without one the embedded memory stores.
 */
import { MemoryCaseStore } from '../cases/memory-case-store';
import { RedisCaseStore } from '../cases/redis-case-store';
import type { CaseStore } from '../cases/types';
import type { ReportRecords } from '../cases/report-record';
import { MemoryReportRecords } from '../cases/report-records-memory';
import { RedisReportRecords } from '../cases/report-records-redis';
import { NearbyMirror } from '../cases/report-nearby-mirror';
import { MemoryMediaStore, MemorySessionStore } from './memory-store';
import { createRedisClient, REDIS_CONNECTION_DEFAULTS, type RedisConnectionOptions } from './redis-connection';
import { RedisMediaStore } from './redis-media-store';
import { MemoryParticipationStore, type ParticipationStore } from './participation-store';
import { RedisParticipationStore } from './redis-participation-store';
import { RedisSessionStore } from './redis-store';
import { RedisCalls, RoundTripCounter } from './redis-calls';
import { redisSettle, separateSettle, type SettleSubmissions } from './settle-submissions';
import type { MediaStore, SessionStore } from './types';

export * from './types';
export { MemoryMediaStore, MemorySessionStore, type MemoryStoreOptions } from './memory-store';
export { RedisSessionStore, type RedisStoreOptions } from './redis-store';
export { RedisMediaStore } from './redis-media-store';
export { MemoryParticipationStore, type ParticipationStore } from './participation-store';
export { RedisParticipationStore } from './redis-participation-store';
export { createRedisClient, type RedisConnectionOptions } from './redis-connection';
export { DEDUPE_IDS_KEPT, DEFAULT_HISTORY_LIMIT, DEFAULT_HISTORY_MAX_BYTES, SESSION_MAX_BYTES } from './store-limits';

/** What createStores needs; everything is optional. */
export interface StoresConfig {
  /** `redis://`, `rediss://` or `unix:///path`; unset means the memory stores. */
  redisUrl?: string;
  /** Transcript length kept per conversation. Default 200. */
  historyLimit?: number;
  /** Transcript bytes kept per conversation. Default 64 KiB (store-limits.ts). */
  historyMaxBytes?: number;
  /** Redis command timeout. Default 2000 ms. */
  commandTimeoutMs?: number;
  /** More Redis connection tuning (connect timeout, backoff cap, error reporting). */
  redis?: Omit<RedisConnectionOptions, 'commandTimeoutMs'>;
  /** Tallies the round trips; pass one shared with the process's other Redis users to count them all. */
  counter?: RoundTripCounter;
  /**
   * Keep a copy of the nearby reports' index in the process (src/cases/report-nearby-mirror.ts).
   * Default true; false sends every nearby search to Redis (the tests of the search itself).
   */
  nearbyMirror?: boolean;
}

/** The stores of one process. */
export interface Stores {
  sessions: SessionStore;
  media: MediaStore;
  /** What agencies did with delivered reports (src/cases). */
  cases: CaseStore;
  /** Report records by reference: status, "my reports", follows, open data (src/cases/report-record.ts). */
  reports: ReportRecords;
  /** "Once per person" claims (src/state/participation-store.ts). */
  participation: ParticipationStore;
  /** The outbox relay's last step for queued submissions: their report records, then their acknowledgement (settle-submissions.ts). */
  settleSubmissions: SettleSubmissions;
  kind: 'memory' | 'redis';
  /** The process's copy of the nearby reports' index (redis stores only: src/cases/report-nearby-mirror.ts), for its metrics. */
  nearbyCopy?: NearbyMirror;
  /** The Redis connection (redis stores only), for the participation modules' own stores (src/modules/services.ts). */
  redis?: RedisCalls;
  /** Network round trips so far (always 0 for memory): for the benchmark and metrics. */
  roundTrips(): number;
  /** Release connections and timers. */
  close(): Promise<void>;
}

/**
 * Build the stores. Never throws because Redis is down: the client keeps reconnecting and
 * calls fail with StoreUnavailableError (answer 503) until Redis is back.
 */
export function createStores(config: StoresConfig = {}): Stores {
  if (!config.redisUrl) {
    const sessions = new MemorySessionStore({ historyLimit: config.historyLimit, historyMaxBytes: config.historyMaxBytes });
    const media = new MemoryMediaStore();
    const reports = new MemoryReportRecords();
    return {
      sessions,
      media,
      cases: new MemoryCaseStore(),
      reports,
      settleSubmissions: separateSettle(sessions, reports),
      participation: new MemoryParticipationStore(),
      kind: 'memory',
      roundTrips: () => 0,
      close: async () => {
        media.close();
        await sessions.close();
      },
    };
  }
  const commandTimeoutMs = config.commandTimeoutMs;
  // Auto-pipelined: the commits and loads of concurrent requests go out in one write and come
  // back in one read. Measured (closed loop, 64 conversations): server CPU per HTTP turn about
  // 1,200 -> 1,050 us, Redis CPU per turn about 460 -> 280 us, turns/s up about a fifth.
  const client = createRedisClient(config.redisUrl, { autoPipelining: true, ...config.redis, commandTimeoutMs });
  const counter = config.counter ?? new RoundTripCounter();
  const shared = { client, counter, readyTimeoutMs: commandTimeoutMs };
  const sessions = new RedisSessionStore({ ...shared, historyLimit: config.historyLimit, historyMaxBytes: config.historyMaxBytes });
  const calls = new RedisCalls(client, counter, commandTimeoutMs ?? REDIS_CONNECTION_DEFAULTS.commandTimeoutMs);
  // The nearby index copied into the process, so a report's location turn makes no call of its own.
  const mirror = config.nearbyMirror === false ? undefined : new NearbyMirror({ ...shared, readyTimeoutMs: shared.readyTimeoutMs ?? REDIS_CONNECTION_DEFAULTS.commandTimeoutMs });
  const reports = new RedisReportRecords(calls, mirror);
  return {
    sessions,
    media: new RedisMediaStore(shared),
    cases: new RedisCaseStore(calls),
    reports,
    ...(mirror ? { nearbyCopy: mirror } : {}),
    settleSubmissions: redisSettle(calls, reports),
    participation: new RedisParticipationStore(shared),
    kind: 'redis',
    redis: calls,
    roundTrips: () => counter.count,
    close: () => {
      mirror?.close();
      return sessions.close();
    },
  };
}
