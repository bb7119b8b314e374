/**
 * What one conversation may keep in a SessionStore, whatever its person sends. Without these,
 * memory per conversation grows with every message for as long as the conversation lives
 * (issue 9, finding 3). Both stores enforce them inside the atomic commit, so no reader ever
 * sees a conversation over its limits. Sizes are UTF-8 bytes of the stored JSON text, the
 * same measure on both stores (Lua's `#s` on Redis, Buffer.byteLength in memory).
 */

/** Transcript length kept per conversation, in messages, oldest dropped. */
export const DEFAULT_HISTORY_LIMIT = 200;

/** Transcript size kept per conversation, in bytes, oldest messages dropped first. */
export const DEFAULT_HISTORY_MAX_BYTES = 64 * 1024;

/**
 * Processed input ids remembered per conversation: at least the newest DEDUPE_IDS_KEPT (within
 * their TTL), never more than twice that many. Past twice, a commit drops the oldest (and the
 * expired) down to DEDUPE_IDS_KEPT in one go, so the cost is paid once every DEDUPE_IDS_KEPT
 * commits. An id stores only where its messages are in the transcript (no reply copy), so a
 * conversation's dedupe memory is bounded whatever its length. Channels redeliver an input soon
 * after it failed (Telegram and Slack in order, the web chat widget its last message), so the
 * newest ids are the ones a duplicate needs.
 */
export const DEDUPE_IDS_KEPT = 50;

/**
 * Largest session JSON a store accepts. A session is small by construction (answers are capped
 * per question, picks are choice ids, interruptions replace each other; about 1 KB, 30 KB with
 * the longest answers in a 4-byte script), so this is a safety net against a list that grows
 * with every report or consent: a commit over it is refused with SessionTooLargeError.
 */
export const SESSION_MAX_BYTES = 256 * 1024;

/** Checks a store option that must be a positive integer. */
export function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
