/**
 * This process's recently used sessions, each with the version it was committed at, so an
 * ordinary turn skips `load` and costs one round trip (the compare-and-set commit). The store
 * stays the truth: a cached copy that another process has moved past (or that expired, or was
 * erased) meets a version conflict, whose answer carries the current session, and the turn steps
 * again on that. Nothing stale is ever written; at worst a step is run twice.
 *
 * A session this process committed itself is stepped on as it is parsed: it was checked
 * (session-schema.ts) when it was loaded, and since then only the engine changed it. A session
 * read from the store (a conflict's current copy) is checked again on its next turn, as every
 * load is: the store is shared, and what another process or a person with Redis access wrote
 * there is not trusted.
 *
 * Bounded by size, count and age (lru-cache, already used for geocoding). Size: the sessions in
 * progress are what the cache is for; finished ones only wait to age out, and under load they
 * pile up (at 500 messages/s, about 50 new conversations a second: 27 MB of heap after 3
 * minutes with only a count bound of 10,000, the server's RSS past 200 MB). 4 MiB holds about
 * 2,500 sessions of average size, ten times the conversations a loaded process has in progress
 * at once; the least recently used go first, and one that comes back costs one load. Age: a
 * copy of personal data in this process's memory lives at most `ttlMs` after its last use, and
 * "delete my data" served by another process replaces it here at the next turn or when it ages
 * out.
 */
import { LRUCache } from 'lru-cache';
import type { Session } from '../engine/session';
import type { AllowanceUse, CommitResult, LoadResult } from '../state/types';

/** A session as committed: its version and its JSON text (parsed anew for every turn, never shared). */
export interface CachedSession {
  version: number;
  json: string;
  /** True when this process committed it (a session the engine stepped); false when read from the store. */
  checked: boolean;
  /** Input ids this process committed lately: a repeat of one is checked with a `load` first. */
  recentIds: readonly string[];
  /**
   * The message allowance's window as the last commit (or refusal) left it: a turn over it is
   * refused here, before anything is parsed or stepped, without a round trip.
   */
  allowance?: AllowanceUse;
}

/** Input ids kept per cached session (a channel redelivers its newest input). */
const RECENT_IDS = 8;

/** What an entry is counted as against `maxBytes`: its JSON, its ids and the entry itself (approximately). */
const ENTRY_OVERHEAD_BYTES = 256;
const ID_BYTES = 64;

export interface SessionCacheOptions {
  /** Sessions kept at most. Default 10,000. */
  max?: number;
  /** Bytes of sessions kept at most (JSON length, ids, overhead). Default 4 MiB. */
  maxBytes?: number;
  /** Age after the last use at which a session is dropped. Default 10 minutes. */
  ttlMs?: number;
}

/** The cache itself; one per process (per RuntimeDeps). */
export class SessionCache {
  readonly #entries: LRUCache<string, CachedSession>;

  constructor(opts: SessionCacheOptions = {}) {
    this.#entries = new LRUCache({
      max: opts.max ?? 10_000,
      maxSize: opts.maxBytes ?? 4 * 1024 * 1024,
      sizeCalculation: (entry) => entry.json.length + ID_BYTES * entry.recentIds.length + ENTRY_OVERHEAD_BYTES,
      ttl: opts.ttlMs ?? 10 * 60_000,
      updateAgeOnGet: true,
    });
  }

  get(conversationId: string): CachedSession | undefined {
    return this.#entries.get(conversationId);
  }

  /**
   * Remember what was just committed (`checked`: this process's own commit) or read from the
   * store (not checked); `dedupeId` joins the recent ids.
   */
  remember(conversationId: string, version: number, json: string, opts: { checked: boolean; dedupeId?: string; allowance?: AllowanceUse }): void {
    const before = this.#entries.peek(conversationId);
    const recentIds = opts.dedupeId === undefined ? (before?.recentIds ?? []) : [...(before?.recentIds ?? []).slice(-(RECENT_IDS - 1)), opts.dedupeId];
    const allowance = opts.allowance ?? before?.allowance;
    this.#entries.set(conversationId, { version, json, checked: opts.checked, recentIds, ...(allowance ? { allowance } : {}) });
  }

  /** The allowance window last seen for a conversation still cached (read without refreshing its age). */
  allowance(conversationId: string): AllowanceUse | undefined {
    return this.#entries.peek(conversationId)?.allowance;
  }

  /** Records a full allowance window (a commit was refused) on the cached session, if any. */
  rememberLimited(conversationId: string, use: AllowanceUse): void {
    const entry = this.#entries.peek(conversationId);
    if (entry) this.#entries.set(conversationId, { ...entry, allowance: use });
  }

  forget(conversationId: string): void {
    this.#entries.delete(conversationId);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The bytes counted against `maxBytes`. */
  get bytes(): number {
    return this.#entries.calculatedSize;
  }
}

/** What turn.ts needs to read of a request here. */
interface CachedTurn {
  conversationId: string;
  dedupeId?: string;
  create?: { fresh?: boolean };
  allowance?: { counter?: string };
}

/**
 * A session known without a load. `checked`: the session is one this process committed, to be
 * stepped on as it is (no schema check); else what the store holds, to check as every load is.
 */
export interface Known {
  loaded: LoadResult;
  checked?: Session;
}

/**
 * The session a turn may step on without a load: none for a freshly minted id, else the cached
 * copy (parsed anew: the step may change it). Undefined (load it) when nothing is cached, or when
 * the input repeats one this process committed lately: then `load` answers the duplicate before
 * anything is stepped, as it always did.
 */
export function knownWithoutLoad(cache: SessionCache | undefined, req: CachedTurn): Known | undefined {
  if (req.create?.fresh) return { loaded: { conversation: null, duplicateReply: null } };
  const cached = cache?.get(req.conversationId);
  if (!cached || (req.dedupeId !== undefined && cached.recentIds.includes(req.dedupeId))) return undefined;
  const session = JSON.parse(cached.json) as unknown;
  return {
    loaded: { conversation: { version: cached.version, session }, duplicateReply: null },
    ...(cached.checked ? { checked: session as Session } : {}),
  };
}

/** Keeps the cache in step with a commit's outcome: the committed session, the current one after a conflict, or nothing. */
export function rememberCommitted(cache: SessionCache | undefined, req: CachedTurn, committed: CommitResult, json: string): void {
  if (!cache) return;
  if (committed.ok) {
    cache.remember(req.conversationId, committed.version, json, {
      checked: true,
      ...(req.dedupeId !== undefined ? { dedupeId: req.dedupeId } : {}),
      // Only the conversation's own window is kept with it (a shared one, Allowance.counter, is not its).
      ...(committed.allowance && req.allowance?.counter === undefined ? { allowance: committed.allowance } : {}),
    });
  } else if (committed.reason === 'conflict' && committed.current) {
    cache.remember(req.conversationId, committed.current.version, JSON.stringify(committed.current.session), { checked: false });
  } else if (committed.reason !== 'limited') cache.forget(req.conversationId); // limited: nothing changed (turn.ts records the window)
}
