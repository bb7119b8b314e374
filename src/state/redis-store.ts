/**
 * The production stores, on Redis through ioredis. A turn costs one round trip, `commit` (one
 * Lua call that checks the dedupe id and the version, then writes session, transcript, the
 * processed input id and outbox and publishes live messages; a version conflict returns the
 * current session; a commit that reaches Redis after its caller gave up changes nothing:
 * redis-clock.ts), plus `load` (one Lua call) when the runtime has no cached copy.
 * See redis-keys.ts for the key layout and redis-scripts.ts for the scripts.
 */
import type Redis from 'ioredis';
import type { RedisClient } from './redis-connection';
import { checkCommitRequest, checkCountRequest, messagesAfter } from './commit-request';
import { RedisCalls, RoundTripCounter } from './redis-calls';
import { toStoreError } from './redis-errors';
import { commandTimeoutOf, isCluster, REDIS_CONNECTION_DEFAULTS } from './redis-connection';
import { RedisClock } from './redis-clock';
import { crossSlotBatch } from './redis-batch';
import { eventsChannel, FORGOTTEN_REFERENCE, historyKey, OUTBOX_SCAN_PATTERN, outboxKey, referenceKey, referenceNumbersKey, referenceOwnerKey } from './redis-keys';
import { commitArgs, countArgs, countOwnArgs, decodeCommitReply, decodeCountReply, loadArgs, OWN_REFERENCE_LUA, parseMessages, withScripts, type HistoryBounds } from './redis-scripts';
import { RedisSubscriptions } from './redis-subscriptions';
import { DEFAULT_HISTORY_LIMIT, DEFAULT_HISTORY_MAX_BYTES, positiveInteger } from './store-limits';
import {
  StoreUnavailableError,
  type Allowance,
  type CommitRequest,
  type CommitResult,
  type CountResult,
  type LoadResult,
  type SessionStore,
  type StoredMessage,
  type Submission,
} from './types';

/** Options of the Redis stores. */
export interface RedisStoreOptions {
  /** A client from createRedisClient() (fail-fast settings). The session store closes it on close(). */
  client: RedisClient;
  /** Transcript length kept per conversation, oldest dropped. Default 200. */
  historyLimit?: number;
  /** Transcript bytes kept per conversation, oldest messages dropped. Default 64 KiB. */
  historyMaxBytes?: number;
  /** How long a call waits for a connection attempt under way before failing. Default 2000 ms. */
  readyTimeoutMs?: number;
  /** Shares the round-trip tally between stores on one client (see createStores). */
  counter?: RoundTripCounter;
  /** Clock in ms, used to expire remembered input ids. Default Date.now. */
  now?: () => number;
}

export { DEFAULT_HISTORY_LIMIT } from './store-limits';

const SCAN_COUNT = 500;

/** SessionStore on Redis. */
export class RedisSessionStore implements SessionStore {
  readonly #calls: RedisCalls;
  readonly #scripts: ReturnType<typeof withScripts>;
  readonly #subscriptions: RedisSubscriptions;
  readonly #history: HistoryBounds;
  readonly #now: () => number;
  readonly #clock: RedisClock;
  /** On a Redis Cluster (a shared allowance window is then counted apart from the commit). */
  readonly #cluster: boolean;

  constructor(opts: RedisStoreOptions) {
    const readyTimeoutMs = opts.readyTimeoutMs ?? REDIS_CONNECTION_DEFAULTS.commandTimeoutMs;
    const counter = opts.counter ?? new RoundTripCounter();
    this.#calls = new RedisCalls(opts.client, counter, readyTimeoutMs);
    this.#scripts = withScripts(opts.client);
    this.#subscriptions = new RedisSubscriptions(opts.client, counter, readyTimeoutMs);
    this.#clock = new RedisClock(opts.client, counter, commandTimeoutOf(opts.client));
    this.#history = {
      limit: positiveInteger(opts.historyLimit ?? DEFAULT_HISTORY_LIMIT, 'historyLimit'),
      maxBytes: positiveInteger(opts.historyMaxBytes ?? DEFAULT_HISTORY_MAX_BYTES, 'historyMaxBytes'),
    };
    this.#now = opts.now ?? Date.now;
    this.#cluster = isCluster(opts.client);
  }

  /**
   * Measure the offset between this process's clock and Redis's now (commit deadlines:
   * redis-clock.ts); resolves with it, undefined when Redis did not answer quickly enough.
   * Commits measure it on their own; this is for start-up and tests.
   */
  syncClock(): Promise<number | undefined> {
    return this.#clock.sync();
  }

  /** Network round trips made so far (commands, pipelines and script calls, subscriber included). */
  get roundTrips(): number {
    return this.#calls.counter.count;
  }

  async load(conversationId: string, dedupeId?: string, allowance?: Allowance): Promise<LoadResult> {
    const args = loadArgs(conversationId, dedupeId, this.#now(), allowance);
    const [version, json, reply, used, resetAtMs] = await this.#calls.call('load', () => this.#scripts.wegovLoad(...args));
    return {
      conversation: version === null ? null : { version: Number(version), session: JSON.parse(json ?? 'null') },
      duplicateReply: reply === null ? null : parseMessages(reply),
      ...(used !== undefined && resetAtMs !== undefined ? { allowance: { used, resetAtMs } } : {}),
    };
  }

  async commit(req: CommitRequest): Promise<CommitResult> {
    checkCommitRequest(req);
    const allowance = req.allowance;
    if (allowance?.counter !== undefined && this.#cluster) {
      // A shared window's key is in another slot: counted by a call of its own first (types.ts Allowance.counter).
      const args = countArgs(allowance.counter, allowance, this.#now());
      const counted = decodeCountReply(await this.#calls.call('allowance', () => this.#scripts.wegovCount(...args)));
      if (!counted.ok) return counted;
      const { allowance: _counted, ...rest } = req;
      const committed = await this.#commit(rest);
      return committed.ok ? { ...committed, allowance: counted.allowance } : committed;
    }
    return this.#commit(req);
  }

  async countMessage(conversationId: string, allowance: Allowance): Promise<CountResult> {
    checkCountRequest(allowance);
    const args = countOwnArgs(conversationId, allowance, this.#now());
    return decodeCountReply(await this.#calls.call('allowance', () => this.#scripts.wegovCount(...args)));
  }

  async #commit(req: CommitRequest): Promise<CommitResult> {
    const args = commitArgs(req, this.#history, this.#now(), this.#clock.commitDeadline());
    const reply = await this.#calls.call('commit', () => this.#scripts.wegovCommit(...args));
    return decodeCommitReply(reply);
  }

  async history(conversationId: string, afterId?: string): Promise<StoredMessage[]> {
    const raw = await this.#calls.call('history', (c) => c.lrange(historyKey(conversationId), 0, -1));
    return messagesAfter(
      raw.map((json) => JSON.parse(json) as StoredMessage),
      afterId,
    );
  }

  /** One round trip: the reference key (kept) and its owner (expiring) in one script, one slot. */
  async reserveReference(reference: string, conversationId: string, ownerTtlSeconds = 0): Promise<boolean> {
    const ok = await this.#calls.call('reserveReference', () =>
      this.#scripts.wegovReserveReference(referenceKey(reference), referenceOwnerKey(reference), conversationId, String(Math.max(0, Math.floor(ownerTtlSeconds)))),
    );
    return ok === 1;
  }

  /** One INCRBY on one key (Cluster: one slot). */
  async reserveReferenceNumbers(count: number): Promise<number> {
    const last = await this.#calls.call('reserveReferenceNumbers', (c) => c.incrby(referenceNumbersKey(), count));
    return last - count;
  }

  /** SET NX of each reference key, sent together (on a cluster one pipeline per slot, at once). */
  async claimReferences(references: readonly string[]): Promise<boolean[]> {
    const replies = await this.#calls.call('claimReferences', (c) => crossSlotBatch(c, references.map((r) => (p) => p.set(referenceKey(r), '', 'NX'))));
    return replies.map(([err, value]) => {
      if (err) throw err;
      return value === 'OK';
    });
  }

  async ownReference(reference: string, conversationId: string, ownerTtlSeconds: number): Promise<void> {
    await this.#calls.call('ownReference', (c) => c.eval(...ownReferenceCall(reference, conversationId, ownerTtlSeconds)));
  }

  async lookupReference(reference: string): Promise<string | null> {
    const [taken, owner] = await this.#calls.call('lookupReference', (c) => c.mget(referenceKey(reference), referenceOwnerKey(reference)));
    // Older reservations kept the owner in the reference key itself.
    const found = owner ?? taken;
    return found === null || found === undefined || found === '' || found === FORGOTTEN_REFERENCE ? null : found;
  }

  /** The reference stays taken (never reissued); its owner, the conversation id, goes, and is never written again (ownReference). */
  async forgetReference(reference: string): Promise<void> {
    await this.#calls.call('forgetReference', async (c) => {
      const results = await c.multi().del(referenceOwnerKey(reference)).set(referenceKey(reference), FORGOTTEN_REFERENCE, 'XX').exec();
      const failed = results?.find(([err]) => err);
      if (failed?.[0]) throw failed[0];
    });
  }

  /**
   * SCANs the keyspace for outboxes (one round trip per SCAN page) and reads each page's
   * outboxes in one pipeline, on every server that holds keys (each master of a Redis Cluster).
   */
  async pendingSubmissions(): Promise<Submission[]> {
    const found: Submission[] = [];
    const seen = new Set<string>(); // SCAN may return a key more than once
    for (const server of await this.#calls.servers('pendingSubmissions')) {
      let cursor = '0';
      do {
        const [next, keys] = await this.#calls.call('pendingSubmissions', () =>
          server.scan(cursor, 'MATCH', OUTBOX_SCAN_PATTERN, 'COUNT', SCAN_COUNT, 'TYPE', 'hash'),
        );
        cursor = next;
        const fresh = keys.filter((key) => !seen.has(key));
        fresh.forEach((key) => seen.add(key));
        if (fresh.length > 0) found.push(...(await this.#readOutboxes(server, fresh)));
      } while (cursor !== '0');
    }
    return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async ackSubmission(conversationId: string, submissionId: string): Promise<void> {
    await this.#calls.call('ackSubmission', (c) => c.hdel(outboxKey(conversationId), submissionId));
  }

  async subscribe(conversationId: string, onMessage: (m: StoredMessage) => void): Promise<() => Promise<void>> {
    return this.#subscriptions.subscribe(eventsChannel(conversationId), onMessage);
  }

  async ping(): Promise<void> {
    await this.#calls.call('ping', (c) => c.ping());
  }

  /** Closes the subscriber connection and the client (after its pending replies). */
  async close(): Promise<void> {
    this.#subscriptions.close();
    const client = this.#calls.client;
    if (client.status === 'end') return;
    if (client.status !== 'ready') {
      client.disconnect();
      return;
    }
    try {
      await client.quit();
    } catch (err) {
      client.disconnect();
      // Redis going away during shutdown is expected; any other failure is a fault.
      if (!(toStoreError(err, 'close') instanceof StoreUnavailableError)) throw err;
    }
  }

  /** One pipeline on the server the keys were found on (of a cluster: the keys' own node). */
  async #readOutboxes(server: Redis, keys: string[]): Promise<Submission[]> {
    const outboxes = await this.#calls.call('pendingSubmissions', async () => {
      const pipeline = server.pipeline();
      for (const key of keys) pipeline.hvals(key);
      return ((await pipeline.exec()) ?? []).map(([err, values]) => {
        if (err) throw err;
        return values as string[];
      });
    });
    return outboxes.flat().map((json) => JSON.parse(json) as Submission);
  }
}

/** EVAL arguments of OWN_REFERENCE_LUA (also sent in the outbox relay's pipeline: settle-submissions.ts). */
export function ownReferenceCall(reference: string, conversationId: string, ownerTtlSeconds: number): [string, number, string, string, string, string] {
  return [OWN_REFERENCE_LUA, 2, referenceKey(reference), referenceOwnerKey(reference), conversationId, String(Math.max(0, Math.floor(ownerTtlSeconds)))];
}
