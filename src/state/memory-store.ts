/**
 * The embedded stores: everything in this process's memory, for `npm start` on a bare machine
 * and for tests. Same semantics as the Redis stores (redis-store.ts), checked by the same
 * contract suite: compare-and-set commits, dedupe (ids pointing into the transcript, the newest
 * kept), a transcript capped in messages and bytes (store-limits.ts), TTLs (an expired entry reads as absent;
 * a periodic unref'd sweep frees the memory), durable outbox, live messages.
 * Everything is kept as JSON text, so callers never share mutable objects with the store.
 */
import { EventEmitter } from 'node:events';
import { checkCommitRequest, checkCountRequest, messagesAfter, sessionJson, toJson } from './commit-request';
import { ExpiringMap } from './expiring-map';
import { deliver } from './deliver-message';
import { appendCapped, forgetOldest, seenMessages, type SeenInputs, type Transcript } from './memory-bounds';
import {
  DEDUPE_IDS_KEPT,
  DEFAULT_HISTORY_LIMIT,
  DEFAULT_HISTORY_MAX_BYTES,
  positiveInteger,
} from './store-limits';
import type {
  Allowance,
  AllowanceRefused,
  AllowanceUse,
  CommitRequest,
  CommitResult,
  CountResult,
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
  /** Transcript bytes kept per conversation, oldest messages dropped. Default 64 KiB. */
  historyMaxBytes?: number;
  /** How often expired entries are freed. Default 60000 ms. */
  sweepIntervalMs?: number;
}

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
  readonly #histories: ExpiringMap<Transcript>;
  /** Each conversation's processed input ids, pointing into its transcript (the Redis `seen` hash). */
  readonly #seen: ExpiringMap<SeenInputs>;
  readonly #now: () => number;
  readonly #outboxes = new Map<string, Map<string, string>>();
  /** Taken references (never reissued) and, while the retention period lasts, their owners. */
  readonly #references = new Set<string>();
  /** References "delete my data" unlinked: ownReference never names their conversation again. */
  readonly #forgottenReferences = new Set<string>();
  /** The next reference number reserveReferenceNumbers hands out. */
  #referenceNumbers = 0;
  readonly #referenceOwners: ExpiringMap<string>;
  /** Each conversation's message allowance window (the Redis `allowance` key), expiring at its end. */
  readonly #allowances: ExpiringMap<StoredWindow>;
  readonly #events = new EventEmitter().setMaxListeners(0);
  readonly #historyLimit: number;
  readonly #historyMaxBytes: number;
  readonly #stopSweeper: () => void;

  constructor(opts: MemoryStoreOptions = {}) {
    const now = opts.now ?? Date.now;
    this.#sessions = new ExpiringMap(now);
    this.#histories = new ExpiringMap(now);
    this.#seen = new ExpiringMap(now);
    this.#now = now;
    this.#referenceOwners = new ExpiringMap(now);
    this.#allowances = new ExpiringMap(now);
    this.#historyLimit = positiveInteger(opts.historyLimit ?? DEFAULT_HISTORY_LIMIT, 'historyLimit');
    this.#historyMaxBytes = positiveInteger(opts.historyMaxBytes ?? DEFAULT_HISTORY_MAX_BYTES, 'historyMaxBytes');
    this.#stopSweeper = startSweeper(() => this.sweep(), opts.sweepIntervalMs ?? DEFAULT_SWEEP_MS);
  }

  async load(conversationId: string, dedupeId?: string, allowance?: Allowance): Promise<LoadResult> {
    const stored = this.#sessions.get(conversationId);
    const reply = dedupeId === undefined ? null : this.#seenReply(conversationId, dedupeId);
    return {
      conversation: stored ? { version: stored.version, session: JSON.parse(stored.json) } : null,
      duplicateReply: reply,
      // As the Redis store: a shared window (Allowance.counter) is not read here.
      ...(allowance && allowance.counter === undefined ? { allowance: usedOf(this.#allowanceUsed(windowOf(conversationId, allowance), allowance)) } : {}),
    };
  }

  /** The live window at `key` (windowOf, burstWindowOf) and what it has counted; with none, a window starting now (`nowMs`, else the store's clock), as the Redis script's. */
  #allowanceUsed(key: string, window: Pick<Allowance, 'windowMs'>, nowMs = this.#now()): StoredWindow {
    const stored = this.#allowances.get(key);
    return stored && stored.resetAtMs > nowMs ? stored : { used: 0, resetAtMs: nowMs + window.windowMs };
  }

  async commit(req: CommitRequest): Promise<CommitResult> {
    checkCommitRequest(req);
    const conv = req.conversationId;
    // Serialise everything first: a value that cannot be stored fails the commit before any write.
    const session = sessionJson(req.session);
    const history = req.history.map((m) => toJson(m, 'history message'));
    const published = req.publish.map((m) => JSON.parse(toJson(m, 'published message')) as StoredMessage);
    const submissions = req.submissions.map((s) => [s.id, toJson(s, 'submission')] as const);
    const dedupe = req.dedupe;

    if (dedupe) {
      const previous = this.#seenReply(conv, dedupe.id);
      if (previous !== null) return { ok: false, reason: 'duplicate', reply: previous };
    }
    const allowance = req.allowance;
    const windows = allowance ? this.#allowanceWindows(conv, allowance) : undefined;
    if (windows?.limited) return windows.limited;
    const stored = this.#sessions.get(conv);
    const current = stored?.version ?? 0;
    if (current !== req.expectedVersion) {
      return { ok: false, reason: 'conflict', current: stored ? { version: stored.version, session: JSON.parse(stored.json) } : null };
    }

    const version = current + 1;
    const ttlMs = req.ttlSeconds * 1000;
    this.#sessions.set(conv, { version, json: session }, ttlMs);
    if (req.eraseHistory) this.#erase(conv);
    if (history.length > 0) {
      this.#histories.set(conv, appendCapped(this.#histories.get(conv), history, this.#historyLimit, this.#historyMaxBytes), ttlMs);
    } else {
      this.#histories.expire(conv, ttlMs);
    }
    if (submissions.length > 0) {
      const outbox = this.#outboxes.get(conv) ?? new Map<string, string>();
      for (const [id, json] of submissions) outbox.set(id, json);
      this.#outboxes.set(conv, outbox);
    }
    if (history.length > 0 || dedupe) this.#remember(conv, history.length, req.ttlSeconds, dedupe);
    // Delivered after the commit, like a Redis PUBLISH reaching another connection.
    if (published.length > 0) queueMicrotask(() => published.forEach((m) => this.#events.emit(conv, m)));
    if (!windows || !allowance) return { ok: true, version };
    return { ok: true, version, allowance: this.#countIn(conv, allowance, windows) };
  }

  async countMessage(conversationId: string, allowance: Allowance): Promise<CountResult> {
    checkCountRequest(allowance);
    const windows = this.#allowanceWindows(conversationId, allowance);
    return windows.limited ?? { ok: true, allowance: this.#countIn(conversationId, allowance, windows) };
  }

  /**
   * As the commit script: the window first, then its burst window; a full one refuses (`told`
   * marked once a refusal of the window was told, when asked: Allowance.notify).
   */
  #allowanceWindows(conv: string, allowance: Allowance): AllowanceWindows {
    const nowMs = allowance.nowMs ?? this.#now();
    const window = this.#allowanceUsed(windowOf(conv, allowance), allowance, nowMs);
    const burst = allowance.burst ? this.#allowanceUsed(burstWindowOf(conv), allowance.burst, nowMs) : undefined;
    const refusedUntil = window.used >= allowance.perWindow ? window.resetAtMs : burst && allowance.burst && burst.used >= allowance.burst.perWindow ? burst.resetAtMs : undefined;
    if (refusedUntil === undefined) return { nowMs, window, ...(burst ? { burst } : {}) };
    if (allowance.notify !== true) return { nowMs, window, limited: { ok: false, reason: 'limited', resetAtMs: refusedUntil } };
    const notify = window.told !== true;
    if (notify) this.#allowances.set(windowOf(conv, allowance), { ...window, told: true }, Math.max(1, window.resetAtMs - nowMs));
    return { nowMs, window, limited: { ok: false, reason: 'limited', resetAtMs: refusedUntil, notify } };
  }

  /** Counts one message in the windows `#allowanceWindows` read; the window after it. */
  #countIn(conv: string, allowance: Allowance, { nowMs, window, burst }: AllowanceWindows): AllowanceUse {
    if (burst) this.#allowances.set(burstWindowOf(conv), { used: burst.used + 1, resetAtMs: burst.resetAtMs }, Math.max(1, burst.resetAtMs - nowMs));
    const counted = { used: window.used + 1, resetAtMs: window.resetAtMs };
    this.#allowances.set(windowOf(conv, allowance), { ...counted, ...(window.told === true ? { told: true } : {}) }, Math.max(1, counted.resetAtMs - nowMs));
    return counted;
  }

  async history(conversationId: string, afterId?: string): Promise<StoredMessage[]> {
    const raw = this.#histories.get(conversationId)?.items ?? [];
    return messagesAfter(
      raw.map((json) => JSON.parse(json) as StoredMessage),
      afterId,
    );
  }

  async reserveReference(reference: string, conversationId: string, ownerTtlSeconds = 0): Promise<boolean> {
    if (this.#references.has(reference)) return false;
    this.#references.add(reference);
    this.#referenceOwners.set(reference, conversationId, ownerTtlSeconds > 0 ? ownerTtlSeconds * 1000 : undefined);
    return true;
  }

  async reserveReferenceNumbers(count: number): Promise<number> {
    const first = this.#referenceNumbers;
    this.#referenceNumbers += count;
    return first;
  }

  async claimReferences(references: readonly string[]): Promise<boolean[]> {
    return references.map((reference) => {
      if (this.#references.has(reference)) return false;
      this.#references.add(reference);
      return true;
    });
  }

  async ownReference(reference: string, conversationId: string, ownerTtlSeconds: number): Promise<void> {
    if (!this.#references.has(reference) || this.#forgottenReferences.has(reference)) return;
    this.#referenceOwners.set(reference, conversationId, ownerTtlSeconds > 0 ? ownerTtlSeconds * 1000 : undefined);
  }

  async lookupReference(reference: string): Promise<string | null> {
    return this.#referenceOwners.get(reference) ?? null;
  }

  async forgetReference(reference: string): Promise<void> {
    this.#referenceOwners.delete(reference);
    if (this.#references.has(reference)) this.#forgottenReferences.add(reference);
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
    this.#referenceOwners.sweep();
    this.#histories.sweep();
    this.#seen.sweep();
    this.#allowances.sweep();
  }

  /** The messages a processed input added (see LoadResult.duplicateReply), or null when it is not remembered. */
  #seenReply(conv: string, dedupeId: string): StoredMessage[] | null {
    const seen = this.#seen.get(conv);
    const entry = seen?.ids.get(dedupeId);
    if (!seen || !entry || entry.expiresAt <= this.#now()) return null;
    return seenMessages(entry, seen.end, this.#histories.get(conv)?.items ?? []).map((json) => JSON.parse(json) as StoredMessage);
  }

  /**
   * Counts the appended messages (the transcript's end position) and remembers the input id,
   * if any, as the position of this commit's messages; past twice DEDUPE_IDS_KEPT the oldest go.
   */
  #remember(conv: string, appended: number, ttlSeconds: number, dedupe: { id: string; ttlSeconds: number } | undefined): void {
    const now = this.#now();
    const seen = this.#seen.get(conv) ?? { end: 0, seq: 0, ids: new Map(), until: now };
    const pos = seen.end;
    seen.end += appended;
    seen.until = Math.max(seen.until, now + ttlSeconds * 1000);
    if (dedupe) {
      const expiresAt = now + dedupe.ttlSeconds * 1000;
      seen.seq += 1;
      seen.ids.set(dedupe.id, { seq: seen.seq, pos, count: appended, expiresAt });
      seen.until = Math.max(seen.until, expiresAt);
      forgetOldest(seen.ids, DEDUPE_IDS_KEPT, now);
    }
    this.#seen.set(conv, seen, seen.until - now);
  }

  /** "Delete my data": the transcript and every remembered input id of this conversation. */
  #erase(conversationId: string): void {
    this.#histories.delete(conversationId);
    this.#seen.delete(conversationId);
  }
}

/** MediaStore in memory, entries expiring like Redis keys with EX. */
export class MemoryMediaStore implements MediaStore {
  readonly #items: ExpiringMap<{ contentType: string; data: Buffer }>;
  readonly #stopSweeper: () => void;

  constructor(opts: Omit<MemoryStoreOptions, 'historyLimit' | 'historyMaxBytes'> = {}) {
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

  async delete(id: string): Promise<void> {
    this.#items.delete(id);
  }

  /** Stop the sweep timer (it is unref'd, so this is only tidiness). */
  close(): void {
    this.#stopSweeper();
  }
}

/** An allowance window as kept: `told` once a refusal in it was told (Allowance.notify). */
type StoredWindow = AllowanceUse & { told?: boolean };

/** A message's windows as read before counting it, or its refusal (`limited`). */
interface AllowanceWindows {
  nowMs: number;
  window: StoredWindow;
  burst?: StoredWindow;
  limited?: AllowanceRefused;
}

const usedOf = (w: StoredWindow): AllowanceUse => ({ used: w.used, resetAtMs: w.resetAtMs });

/** The `#allowances` entry of a conversation's burst window (Allowance.burst). */
function burstWindowOf(conversationId: string): string {
  return `burst:${conversationId}`;
}

/** The `#allowances` entry of a window: the conversation's own, or a shared one (Allowance.counter). */
function windowOf(conversationId: string, allowance: Allowance): string {
  return allowance.counter === undefined ? `conversation:${conversationId}` : `counter:${allowance.counter}`;
}
