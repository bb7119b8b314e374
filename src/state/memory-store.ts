/**
 * The embedded stores: everything in this process's memory, for `npm start` on a bare machine
 * and for tests. Same semantics as the Redis stores (redis-store.ts), checked by the same
 * contract suite: compare-and-set commits, dedupe, capped transcript, TTLs (an expired entry
 * reads as absent; a periodic unref'd sweep frees the memory), durable outbox, live messages.
 * Everything is kept as JSON text, so callers never share mutable objects with the store.
 */
import { EventEmitter } from 'node:events';
import { checkCommitRequest, messagesAfter, toJson } from './commit-request';
import { ExpiringMap } from './expiring-map';
import { deliver } from './deliver-message';
import type {
  CommitRequest,
  CommitResult,
  LoadResult,
  MediaStore,
  SessionStore,
  StoredMessage,
  Submission,
} from './types';

/** Options of the memory stores. */
export interface MemoryStoreOptions {
  /** Clock in ms; inject one to expire things in tests. Default Date.now. */
  now?: () => number;
  /** Transcript length kept per conversation, oldest dropped. Default 200. */
  historyLimit?: number;
  /** How often expired entries are freed. Default 60000 ms. */
  sweepIntervalMs?: number;
}

const DEFAULT_HISTORY_LIMIT = 200;
const DEFAULT_SWEEP_MS = 60_000;

/** Runs `sweep` every `ms` without keeping the process alive; returns the stopper. */
function startSweeper(sweep: () => void, ms: number): () => void {
  const timer = setInterval(sweep, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** SessionStore in memory (one process only: nothing is shared between processes). */
export class MemorySessionStore implements SessionStore {
  readonly #sessions: ExpiringMap<{ version: number; json: string }>;
  readonly #histories: ExpiringMap<string[]>;
  /** Key: dedupeEntryKey(conversation, id). */
  readonly #dedupe: ExpiringMap<string>;
  readonly #outboxes = new Map<string, Map<string, string>>();
  readonly #references = new Map<string, string>();
  readonly #events = new EventEmitter().setMaxListeners(0);
  readonly #historyLimit: number;
  readonly #stopSweeper: () => void;

  constructor(opts: MemoryStoreOptions = {}) {
    const now = opts.now ?? Date.now;
    this.#sessions = new ExpiringMap(now);
    this.#histories = new ExpiringMap(now);
    this.#dedupe = new ExpiringMap(now);
    this.#historyLimit = opts.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isSafeInteger(this.#historyLimit) || this.#historyLimit < 1) {
      throw new RangeError(`historyLimit must be a positive integer, got ${this.#historyLimit}`);
    }
    this.#stopSweeper = startSweeper(() => this.sweep(), opts.sweepIntervalMs ?? DEFAULT_SWEEP_MS);
  }

  async load(conversationId: string, dedupeId?: string): Promise<LoadResult> {
    const stored = this.#sessions.get(conversationId);
    const reply = dedupeId === undefined ? undefined : this.#dedupe.get(dedupeEntryKey(conversationId, dedupeId));
    return {
      conversation: stored ? { version: stored.version, session: JSON.parse(stored.json) } : null,
      duplicateReply: reply === undefined ? null : (JSON.parse(reply) as unknown),
    };
  }

  async commit(req: CommitRequest): Promise<CommitResult> {
    checkCommitRequest(req);
    const conv = req.conversationId;
    // Serialise everything first: a value that cannot be stored fails the commit before any write.
    const session = toJson(req.session, 'session');
    const history = req.history.map((m) => toJson(m, 'history message'));
    const published = req.publish.map((m) => JSON.parse(toJson(m, 'published message')) as StoredMessage);
    const submissions = req.submissions.map((s) => [s.id, toJson(s, 'submission')] as const);
    const dedupe = req.dedupe && { ...req.dedupe, reply: toJson(req.dedupe.reply ?? null, 'dedupe.reply') };

    if (dedupe) {
      const previous = this.#dedupe.get(dedupeEntryKey(conv, dedupe.id));
      if (previous !== undefined) return { ok: false, reason: 'duplicate', reply: JSON.parse(previous) as unknown };
    }
    const current = this.#sessions.get(conv)?.version ?? 0;
    if (current !== req.expectedVersion) return { ok: false, reason: 'conflict' };

    const version = current + 1;
    const ttlMs = req.ttlSeconds * 1000;
    this.#sessions.set(conv, { version, json: session }, ttlMs);
    if (req.eraseHistory) this.#erase(conv);
    if (history.length > 0) {
      const kept = [...(this.#histories.get(conv) ?? []), ...history].slice(-this.#historyLimit);
      this.#histories.set(conv, kept, ttlMs);
    } else {
      this.#histories.expire(conv, ttlMs);
    }
    if (submissions.length > 0) {
      const outbox = this.#outboxes.get(conv) ?? new Map<string, string>();
      for (const [id, json] of submissions) outbox.set(id, json);
      this.#outboxes.set(conv, outbox);
    }
    if (dedupe) this.#dedupe.set(dedupeEntryKey(conv, dedupe.id), dedupe.reply, dedupe.ttlSeconds * 1000);
    // Delivered after the commit, like a Redis PUBLISH reaching another connection.
    if (published.length > 0) queueMicrotask(() => published.forEach((m) => this.#events.emit(conv, m)));
    return { ok: true, version };
  }

  async history(conversationId: string, afterId?: string): Promise<StoredMessage[]> {
    const raw = this.#histories.get(conversationId) ?? [];
    return messagesAfter(
      raw.map((json) => JSON.parse(json) as StoredMessage),
      afterId,
    );
  }

  async reserveReference(reference: string, conversationId: string): Promise<boolean> {
    if (this.#references.has(reference)) return false;
    this.#references.set(reference, conversationId);
    return true;
  }

  async lookupReference(reference: string): Promise<string | null> {
    return this.#references.get(reference) ?? null;
  }

  async pendingSubmissions(): Promise<Submission[]> {
    const all = [...this.#outboxes.values()].flatMap((outbox) =>
      [...outbox.values()].map((json) => JSON.parse(json) as Submission),
    );
    return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async ackSubmission(conversationId: string, submissionId: string): Promise<void> {
    const outbox = this.#outboxes.get(conversationId);
    outbox?.delete(submissionId);
    if (outbox?.size === 0) this.#outboxes.delete(conversationId);
  }

  async subscribe(conversationId: string, onMessage: (m: StoredMessage) => void): Promise<() => Promise<void>> {
    const listener = (m: StoredMessage): void => deliver(onMessage, m);
    this.#events.on(conversationId, listener);
    return async () => {
      this.#events.off(conversationId, listener);
    };
  }

  async ping(): Promise<void> {
    // Always reachable.
  }

  async close(): Promise<void> {
    this.#stopSweeper();
    this.#events.removeAllListeners();
  }

  /** Free expired sessions, transcripts and dedupe replies now (the periodic sweep calls this). */
  sweep(): void {
    this.#sessions.sweep();
    this.#histories.sweep();
    this.#dedupe.sweep();
  }

  /** "Delete my data": the transcript and every remembered reply of this conversation. */
  #erase(conversationId: string): void {
    this.#histories.delete(conversationId);
    const prefix = `${JSON.stringify([conversationId]).slice(0, -1)},`;
    for (const key of this.#dedupe.keys()) if (key.startsWith(prefix)) this.#dedupe.delete(key);
  }
}

/** Unambiguous composite key (JSON of the pair). */
function dedupeEntryKey(conversationId: string, dedupeId: string): string {
  return JSON.stringify([conversationId, dedupeId]);
}

/** MediaStore in memory, entries expiring like Redis keys with EX. */
export class MemoryMediaStore implements MediaStore {
  readonly #items: ExpiringMap<{ contentType: string; data: Buffer }>;
  readonly #stopSweeper: () => void;

  constructor(opts: Omit<MemoryStoreOptions, 'historyLimit'> = {}) {
    this.#items = new ExpiringMap(opts.now ?? Date.now);
    this.#stopSweeper = startSweeper(() => this.#items.sweep(), opts.sweepIntervalMs ?? DEFAULT_SWEEP_MS);
  }

  async put(id: string, contentType: string, data: Buffer, ttlSeconds: number): Promise<void> {
    if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
    }
    this.#items.set(id, { contentType, data: Buffer.from(data) }, ttlSeconds * 1000);
  }

  async get(id: string): Promise<{ contentType: string; data: Buffer } | null> {
    const item = this.#items.get(id);
    return item ? { contentType: item.contentType, data: Buffer.from(item.data) } : null;
  }

  /** Stop the sweep timer (it is unref'd, so this is only tidiness). */
  close(): void {
    this.#stopSweeper();
  }
}
