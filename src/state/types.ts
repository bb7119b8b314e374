/**
 * Storage contracts. Two implementations of each: memory (the embedded default) and Redis
 * (ioredis). One contract test suite (test/state/contract.ts) runs against both.
 *
 * Round trips: a turn is `commit` (1 round trip) on a session the runtime has cached from its
 * last commit, or `load` then `commit` when it has none. Everything a turn writes (session, history, the processed input id, outbox entries, event publication)
 * goes in the one atomic `commit`, compare-and-set on the session's version: never
 * last-writer-wins.
 */
import type { ReportRecord } from '../cases/report-record';

/** A message as shown to the person and kept in the transcript (web chat API `Message`). */
export interface StoredMessage {
  /** Unique and increasing within a conversation: `<version>.<index>` zero-padded, see messageId(). */
  id: string;
  from: 'bot' | 'user';
  text: string;
  choices?: { id: string; label: string }[];
  expects: 'text' | 'choice' | 'location' | 'photo' | 'none';
  multiple?: boolean;
  /** The native control the choices suit (src/engine/message.ts Control); unset: action buttons. */
  control?: 'radio' | 'checkbox' | 'scale' | 'review';
  /** A file that goes with the message (src/engine/message.ts OutDocument); its link is in `text` too. */
  document?: { url: string; filename: string; mime: string };
  /** BCP 47 language of `text`. */
  lang: string;
  createdAt: string;
}

/**
 * A completed result waiting to be forwarded: a report, a reporter's answer to an agency's
 * question (routed back to the sink that asked; payload `ReporterAnswer`), or a person's
 * erasure request (payload `ErasureRequest`, src/privacy: WeGov's own stores and the agencies'
 * webhooks). Consultations later.
 */
export interface Submission {
  id: string;
  /** `report`, another participation module's result kind, `reporter_answer` or `erasure_request`. */
  kind: string;
  /** The agency it is for (results carry it; older queued jobs may not: routing falls back to the payload's category). */
  agencyId?: string;
  conversationId: string;
  createdAt: string;
  /** The payload (e.g. a Report), plain JSON. */
  payload: unknown;
  /**
   * The link from a report's reference to this conversation, written by the outbox relay with
   * the record (SessionStore.ownReference): references from a claimed block have no owner yet.
   * Kept in the outbox only, like `record`.
   */
  referenceOwner?: { reference: string; ttlSeconds: number };
  /**
   * A report's record (src/cases/report-record.ts), made at the commit: the outbox relay writes
   * it when it hands the submission over (settle-submissions.ts), so a crash after the commit
   * cannot lose it. Kept in the outbox only: never part of a delivery job.
   */
  record?: ReportRecord;
}

export interface LoadedConversation {
  /** Compare-and-set version; the first commit writes version 1. */
  version: number;
  /** Raw session JSON; the runtime validates and migrates it. */
  session: unknown;
}

export interface LoadResult {
  conversation: LoadedConversation | null;
  /**
   * Set when `dedupeId` was already processed: the messages that commit added to the transcript
   * (the reply given then is their `bot` ones), or `[]` once they are no longer all in the
   * transcript (trimmed by its bounds).
   */
  duplicateReply: StoredMessage[] | null;
  /** Messages counted in the conversation's current allowance window (CommitRequest.allowance), when the store was asked (`load`'s `allowance`). */
  allowance?: AllowanceUse;
}

/**
 * A conversation's message allowance: at most `perWindow` committed messages per fixed window of
 * `windowMs` that starts with its first message (as express-rate-limit's windows do).
 * Counted inside the commit, so an ordinary turn stays one round trip (issue 15).
 */
export interface Allowance {
  perWindow: number;
  windowMs: number;
  /**
   * Whose window: unset, the conversation's own; else a window shared beyond it, named here (the
   * web chat's `sessions:<client address>`: new sessions per address). Still counted by the same
   * commit on a single Redis. On a Redis Cluster its key lives in another slot than the
   * conversation's, so the store counts it by a call of its own just before the commit (counted
   * even if that commit then fails). `load` does not read such a window: the commit decides.
   */
  counter?: string;
  /**
   * A second, shorter window of the conversation's own, counted with the first (a burst:
   * `perWindow` messages in `windowMs`): a message over either is refused, and counted in
   * neither. Not with `counter`.
   */
  burst?: { perWindow: number; windowMs: number };
  /**
   * Tell on a refusal whether it is the first of the (main) window (`limited`'s `notify`): one
   * polite reply a window, never one per dropped message, whichever process refuses.
   */
  notify?: boolean;
  /**
   * The caller's clock (epoch ms) for counting this message in the windows (the abuse controls'
   * limit runs on the app's clock, tests' included); unset, the store's own.
   */
  nowMs?: number;
}

/** What a window holds: `used` messages, the window ending at `resetAtMs` (epoch ms). */
export interface AllowanceUse {
  used: number;
  resetAtMs: number;
}

export interface CommitRequest {
  conversationId: string;
  /** 0 when the conversation must not exist yet. */
  expectedVersion: number;
  /** The session, plain JSON; or a SessionText when the caller serialised it already (written as is). */
  session: unknown;
  /** Idle expiry for the session and its transcript, refreshed on every commit. */
  ttlSeconds: number;
  /**
   * Messages to append to the transcript. The store keeps at most its history limit (messages)
   * and its byte limit (UTF-8 bytes of the stored JSON) per conversation, oldest dropped first,
   * inside this commit (see store-limits.ts).
   */
  history: StoredMessage[];
  /** Messages to publish to live subscribers (SSE) after the commit. */
  publish: StoredMessage[];
  /**
   * Remember this input id as processed for `ttlSeconds`: a duplicate is answered with the
   * messages this commit adds to the transcript (`history`), read back from the transcript (no
   * copy is kept). A conversation remembers at least its newest DEDUPE_IDS_KEPT ids (at most
   * twice that many: the oldest are dropped in batches, see store-limits.ts).
   */
  dedupe?: { id: string; ttlSeconds: number };
  /** Results to keep durably until forwarded (see pendingSubmissions / ackSubmission). */
  submissions: Submission[];
  /** "Delete my data": drop the transcript and the remembered input ids before appending `history`. */
  eraseHistory?: boolean;
  /**
   * Count this message against the conversation's allowance: refused (`limited`, nothing written)
   * when the current window already holds `perWindow`; counted when the commit is written.
   */
  allowance?: Allowance;
}

/**
 * The allowance's window (or its burst window) is full: nothing was written, nothing counted;
 * try after `resetAtMs`. `notify` (asked for with Allowance.notify): this is the window's first
 * refusal.
 */
export type AllowanceRefused = { ok: false; reason: 'limited'; resetAtMs: number; notify?: boolean };

/** A message counted on its own (SessionStore.countMessage): the window after it, or refused as a commit would be. */
export type CountResult = { ok: true; allowance: AllowanceUse } | AllowanceRefused;

export type CommitResult =
  /** `allowance`: the window after this message, when the request carried one. */
  | { ok: true; version: number; allowance?: AllowanceUse }
  | AllowanceRefused
  /**
   * Another commit came first. `current`: the conversation as it is now (null: absent), so the
   * caller can step again without a `load`; stores that cannot tell leave it out (then load).
   */
  | { ok: false; reason: 'conflict'; current?: LoadedConversation | null }
  /** `reply`: as LoadResult.duplicateReply. */
  | { ok: false; reason: 'duplicate'; reply: StoredMessage[] };

export interface SessionStore {
  /**
   * One round trip: the session (if any) and, if given, whether `dedupeId` was already processed
   * and how much of `allowance`'s current window is used (read, not counted).
   */
  load(conversationId: string, dedupeId?: string, allowance?: Allowance): Promise<LoadResult>;
  /**
   * One round trip, atomic, compare-and-set on `expectedVersion`: checks the dedupe id first, then
   * the version (a conflict returns the current conversation), then writes everything.
   */
  commit(req: CommitRequest): Promise<CommitResult>;
  /**
   * One round trip: counts one message against the conversation's own `allowance` windows (the
   * minute's and its burst window, with the told flag) exactly as a commit would, for a message
   * answered without a turn (a sticker), so every message of a conversation shares one count.
   * A shared window (`allowance.counter`) is not the conversation's: refused (RangeError).
   */
  countMessage(conversationId: string, allowance: Allowance): Promise<CountResult>;
  /** The transcript, oldest first; only messages after `afterId` when given. */
  history(conversationId: string, afterId?: string): Promise<StoredMessage[]>;
  /**
   * Claim a report reference for a conversation; false if it is taken. The reference is never
   * reissued; the link to the conversation (personal: a Telegram conversation id names the
   * person) expires after `ownerTtlSeconds` (the retention period for cases; 0: never).
   */
  reserveReference(reference: string, conversationId: string, ownerTtlSeconds?: number): Promise<boolean>;
  /**
   * Reserves `count` consecutive reference numbers and returns the first: never the same number
   * to two callers, across processes and restarts (src/runtime/reference-blocks.ts). One round
   * trip. Optional: a store without it has references claimed one by one (reserveReference).
   */
  reserveReferenceNumbers?(count: number): Promise<number>;
  /**
   * Claims references for good, as reserveReference does, but for no conversation yet (the
   * outbox relay names it: Submission.referenceOwner); false for each one already taken. One
   * round trip for all (one per Redis node, at once).
   */
  claimReferences?(references: readonly string[]): Promise<boolean[]>;
  /**
   * Names the conversation of a reference claimed with claimReferences, for `ownerTtlSeconds`
   * (0: always), unless "delete my data" forgot the reference already. Idempotent.
   */
  ownReference?(reference: string, conversationId: string, ownerTtlSeconds: number): Promise<void>;
  /** The conversation a reference belongs to. */
  lookupReference(reference: string): Promise<string | null>;
  /**
   * "Delete my data": the reference stays taken (never reissued) but no longer names the
   * conversation; `lookupReference` answers null from then on.
   */
  forgetReference(reference: string): Promise<void>;
  /** Submissions committed but not yet acknowledged, across all conversations. */
  pendingSubmissions(): Promise<Submission[]>;
  ackSubmission(conversationId: string, submissionId: string): Promise<void>;
  /** Live messages for a conversation (SSE). Returns an unsubscribe function. */
  subscribe(conversationId: string, onMessage: (m: StoredMessage) => void): Promise<() => Promise<void>>;
  /** Throws StoreUnavailableError when the backing store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Photos and other uploads, kept until forwarded. */
export interface MediaStore {
  put(id: string, contentType: string, data: Buffer, ttlSeconds: number): Promise<void>;
  get(id: string): Promise<{ contentType: string; data: Buffer } | null>;
  /** Removes a stored item ("delete my data"); no error when it is already gone. */
  delete(id: string): Promise<void>;
}

/**
 * The store could not be reached or did not answer in time: answer 503. Unreachable means the
 * turn wrote nothing; after a timeout a commit already sent may still be applied when the store
 * catches up (it cannot be recalled), so a retry of the same input is answered as a duplicate
 * (dedupe) or meets a conflict: it is never applied twice.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A commit's session is over SESSION_MAX_BYTES: nothing was written. A fault of whatever let
 * the session grow (the engine keeps sessions small), never expected of a normal turn.
 */
export class SessionTooLargeError extends Error {
  readonly code = 'session_too_large';
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`session JSON is ${bytes} bytes, over the ${maxBytes}-byte limit`);
    this.name = 'SessionTooLargeError';
  }
}

/** Zero-padded so string order is numeric order: version 12, message 3 -> "000000000012.003". */
export function messageId(version: number, index: number): string {
  return `${String(version).padStart(12, '0')}.${String(index).padStart(3, '0')}`;
}
