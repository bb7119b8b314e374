/**
 * Abuse controls for chat identities (issue 9): a block list kept by staff (FixMyStreet's abuse
 * list), checked before a person's messages are processed in one Redis round trip (one Lua
 * script over one hash-tagged identity), with two implementations sharing one contract
 * (test/abuse/contract.ts): memory (the embedded default, one process) and Redis (shared by
 * every process). The per-identity message limit (`LimitPolicy`) is counted with the
 * conversation itself, in its turns' commits and SessionStore.countMessage
 * (src/runtime/sender-gate.ts), not here.
 *
 * The identity is the conversation id the runtime already uses (`tg:<chat id>`, a Slack DM's
 * `slack:<team>:<user>`, a web chat session id): opaque here, never parsed.
 *
 * Time is always passed in (`nowMs`), never read from a clock here, so both stores behave the
 * same under a test clock: windows are numbered from the epoch (`window.ts`).
 *
 * Privacy: a block entry holds no message text, no name and no contact detail: the
 * conversation id (a channel's pseudonymous id), the report reference it was blocked for, who
 * blocked it (a Slack user id), when, why (the staff's reason) and until when. "Delete my data"
 * does not remove it: an erasure request must not lift a block (the entry is kept for the
 * block's own purpose and period, WEGOV_ABUSE_BLOCK_DAYS, then expires).
 */

/** How many messages one identity may send. */
export interface LimitPolicy {
  /** Messages per minute (a window starting with its first message). */
  perMinute: number;
  /** Messages per burst window (a shorter window, also starting with its first message). */
  burst: number;
  /** The burst window, in ms (10 s by default). */
  burstWindowMs: number;
}

/** One blocked identity. Plain JSON; see the file comment for what it may hold. */
export interface BlockEntry {
  /** The blocked conversation id (opaque). */
  identity: string;
  /** The report reference staff blocked it from (how staff name it: never by raw id). */
  reference: string;
  /** The agency whose staff blocked it (its name goes in the reply), when known. */
  agencyId?: string;
  /** The Slack channel of the card it was blocked from (who may lift it: that channel's members). */
  channel?: string;
  /** The case key of that card (the unblock is recorded on it). */
  caseKey?: string;
  /** Slack user id of the staff member who blocked it. */
  blockedBy: string;
  /** ISO time. */
  blockedAt: string;
  /** The staff's reason (required). */
  reason: string;
  /** ISO time the block lapses on its own. */
  expiresAt: string;
}

/** What may happen to one incoming message. */
export type Admission =
  | { kind: 'allowed' }
  /** Blocked by staff: not processed. `notify` at most once a day. */
  | { kind: 'blocked'; notify: boolean; entry: BlockEntry };

export type BlockResult = { kind: 'blocked' } | { kind: 'already_blocked'; entry: BlockEntry };

export interface AbuseStore {
  /** One round trip: is `identity` blocked (and is this the day's message to tell it so)? */
  admit(identity: string, opts: { nowMs: number }): Promise<Admission>;
  /** Blocks `entry.identity` until `entry.expiresAt`; a live block is kept as it is. */
  block(entry: BlockEntry, nowMs: number): Promise<BlockResult>;
  /** Lifts a block; the entry it lifted, or null when there was none. */
  unblock(identity: string, nowMs: number): Promise<BlockEntry | null>;
  /** Live blocks, oldest first. */
  blocked(nowMs: number): Promise<BlockEntry[]>;
  close(): Promise<void>;
}

/** A day, the least time between two "you are blocked" replies to one identity. */
export const BLOCK_NOTICE_INTERVAL_MS = 86_400_000;
/** The minute window. */
export const MINUTE_MS = 60_000;
