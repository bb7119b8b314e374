/**
 * Redis key names. Everything is under `wegov:`; a conversation's keys share the hash tag
 * `{<conversation>}` so they live in one Redis Cluster slot and one Lua script can touch
 * them all.
 *
 * Key parts are escaped (`%` -> `%25`, `{` -> `%7B`, `}` -> `%7D`) so an id can neither
 * break the hash tag nor make a key look like another (e.g. a dedupe id ending in
 * `}:outbox` would otherwise match the outbox SCAN pattern).
 */
import { createHash } from 'node:crypto';

/** Escape one key part; see the file comment. */
export function keyPart(raw: string): string {
  return raw.replace(/[%{}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function tagged(conversationId: string): string {
  return `wegov:{${keyPart(conversationId)}}`;
}

/**
 * STRING `<version>,<transcript bytes>,<session JSON>` (redis-scripts.ts readSession); versions
 * before kept a HASH (`v`, `hb`, `s`), read until the next commit rewrites it as a string.
 */
export function sessionKey(conversationId: string): string {
  return `${tagged(conversationId)}:session`;
}

/** LIST of StoredMessage JSON, oldest first. */
export function historyKey(conversationId: string): string {
  return `${tagged(conversationId)}:history`;
}

/**
 * HASH: the conversation's processed input ids (see redis-scripts.ts): field seenField(id) ->
 * `pos,count,expiresAt` (where its commit's messages are in the transcript; expiry in seconds,
 * base 36), and `#n` (messages ever appended to the transcript). Versions before wrote 12-character
 * fields with `seq,pos,count,expiresAtMs` and a `#q` counter; both are still read. Bounded:
 * store-limits.ts.
 */
export function seenKey(conversationId: string): string {
  return `${tagged(conversationId)}:seen`;
}

/**
 * STRING `<window end ms>,<messages counted>[,n]`: the conversation's message allowance
 * (CommitRequest.allowance), counted by the commit script, expiring with its window; `,n` once a
 * refusal in the window was told (Allowance.notify).
 */
export function allowanceKey(conversationId: string): string {
  return `${tagged(conversationId)}:allowance`;
}

/** STRING `<window end ms>,<count>`: the conversation's burst window (Allowance.burst). */
export function allowanceBurstKey(conversationId: string): string {
  return `${tagged(conversationId)}:allowance-burst`;
}

/**
 * STRING, as allowanceKey: a window shared beyond one conversation (Allowance.counter, e.g.
 * `sessions:<client address>`), in a slot of its own.
 */
export function counterAllowanceKey(counter: string): string {
  return `wegov:allowance:{${keyPart(counter)}}`;
}

/** Characters of seenDigest kept as the `seen` field: 60 bits. */
export const SEEN_FIELD_CHARS = 10;

/**
 * 72 bits of an input id's SHA-1 in base64url (12 characters), whatever the id's length; its
 * first SEEN_FIELD_CHARS characters are the `seen` field (the whole digest was the field before).
 */
export function seenDigest(dedupeId: string): string {
  return createHash('sha1').update(dedupeId).digest('base64url').slice(0, 12);
}

/**
 * The `seen` field of an input id: 60 bits of its hash. A collision makes a distinct input look
 * like one already processed (it would be answered with the other's reply, not processed), so
 * it is kept far from happening: a new id is checked against at most 2 * DEDUPE_IDS_KEPT = 100
 * remembered ids of its own conversation, so the chance that any one input is mistaken is at
 * most 100 / 2^60, under 1e-16: a deployment handling a billion messages a year would expect
 * one such mistake in over ten million years.
 */
export function seenField(dedupeId: string): string {
  return seenDigest(dedupeId).slice(0, SEEN_FIELD_CHARS);
}

/**
 * ZSET of per-input reply keys (STRING `dedupe:<id>`) that versions before the `seen` hash kept,
 * scored by expiry: erasure still deletes them until the last has expired.
 */
export function dedupeIndexKey(conversationId: string): string {
  return `${tagged(conversationId)}:dedupe-index`;
}

/** HASH submissionId -> Submission JSON. No TTL: submissions never vanish unacknowledged. */
export function outboxKey(conversationId: string): string {
  return `${tagged(conversationId)}:outbox`;
}

/** SCAN pattern matching every conversation's outbox. */
export const OUTBOX_SCAN_PATTERN = 'wegov:{*}:outbox';

/** Pub/sub channel of live messages for one conversation. */
export function eventsChannel(conversationId: string): string {
  return `${tagged(conversationId)}:events`;
}

/**
 * STRING: a report reference is taken (never reissued). No TTL. Its value is empty, or
 * FORGOTTEN_REFERENCE once "delete my data" unlinked it (its owner may then never be written
 * again); references reserved before owners expired hold the conversation id here (read as the
 * owner).
 */
export function referenceKey(reference: string): string {
  return `wegov:ref:${keyPart(reference)}`;
}

/** The value of a reference key whose conversation was forgotten (erasure). */
export const FORGOTTEN_REFERENCE = '-';

/** STRING: the last report reference number handed out in blocks (src/runtime/reference-blocks.ts). One key. */
export function referenceNumbersKey(): string {
  return 'wegov:ref-numbers';
}

/**
 * STRING with EX: the conversation a reference belongs to, until the retention period for cases
 * ends. Its hash tag is the whole reference key's name, so both share a Cluster slot.
 */
export function referenceOwnerKey(reference: string): string {
  return `wegov:ref-owner:{${referenceKey(reference)}}`;
}

/** HASH: `contentType`, `data` (bytes), with EX. */
export function mediaKey(mediaId: string): string {
  return `wegov:media:${keyPart(mediaId)}`;
}

/**
 * STRING: one agency case's JSON (src/cases). No TTL: a case outlives the conversation. A
 * sink's cases share the hash tag `{case-<sinkKey>}` with its tracked set, so a MULTI or an
 * MGET over them stays in one Redis Cluster slot.
 */
export function caseKey(sinkKey: string, key: string): string {
  return `wegov:{case-${keyPart(sinkKey)}}:${keyPart(key)}`;
}

/** SET of the case keys a sink's status poller follows. */
export function trackedCasesKey(sinkKey: string): string {
  return `wegov:{case-${keyPart(sinkKey)}}:tracked`;
}

/** ZSET: every case key, scored by its last update (ms since the epoch); see CaseStore.updatedSince. */
export function casesByUpdateKey(): string {
  return 'wegov:cases:by-update';
}

/** SET of the case keys of one report reference (erasure and access find a person's cases). */
export function caseReferenceKey(reference: string): string {
  return `wegov:case-ref:${keyPart(reference)}`;
}

/** STRING with PX: a fleet-wide lease on a periodic job. */
export function leaseKey(name: string): string {
  return `wegov:lease:${keyPart(name)}`;
}

/**
 * STRING: the current response id of a participant (a keyed hash, never a chat identity) in a
 * "once per person" scope (src/state/participation-store.ts). Tagged by scope. Expires with the
 * responses' retention when one is given.
 */
export function participationKey(scope: string, participant: string): string {
  return `wegov:{once:${keyPart(scope)}}:${keyPart(participant)}`;
}

/**
 * STRING: a report's public record (src/cases/report-record.ts), JSON. No TTL: the retention job
 * deletes old ones. Tagged by reference, with its followers' SET.
 */
export function reportRecordKey(reference: string): string {
  return `wegov:{report:${keyPart(reference)}}`;
}

/** SET of the conversation ids that follow a report (they hear its status updates). */
export function reportFollowersKey(reference: string): string {
  return `${reportRecordKey(reference)}:followers`;
}

/**
 * SET of the report references one conversation follows (the reverse of reportFollowersKey), so
 * "delete my data" removes its follows without a SCAN. Tagged by conversation, apart from the
 * session's keys: the erasure request reads it after the session is gone.
 */
export function followedReportsKey(conversationId: string): string {
  return `wegov:{follows-of:${keyPart(conversationId)}}`;
}

/** SET of the people (pseudonyms in the `reports` scope) who said "me too" on a report; with its record's tag. */
export function reportMeTooKey(reference: string): string {
  return `${reportRecordKey(reference)}:me-too`;
}

/** SET: the references one person (a pseudonym) said "me too" on, so "delete my data" finds them. */
export function meTooOfKey(person: string): string {
  return `wegov:{reports-of:${keyPart(person)}}:me-too`;
}

/**
 * GEO (a ZSET) of one category's open reports with a point, members their references; and its
 * HASH (same tag, so one script reads both on Redis Cluster) of each one's public entry, JSON
 * (src/cases/report-nearby.ts). No TTL: closing, retention and the age filter remove entries.
 */
export function nearbyGeoKey(categoryId: string): string {
  return `wegov:{nearby:${keyPart(categoryId)}}:geo`;
}

export function nearbyEntriesKey(categoryId: string): string {
  return `wegov:{nearby:${keyPart(categoryId)}}:entries`;
}

/**
 * STRING (same tag): a counter raised by every write to the category's index, carried by each
 * change it publishes, so a process's copy of the index (src/cases/report-nearby-mirror.ts) sees
 * a change it missed, and its own writes. No TTL, and nothing personal.
 */
export function nearbySeqKey(categoryId: string): string {
  return `wegov:{nearby:${keyPart(categoryId)}}:seq`;
}

/**
 * The pub/sub channel of changes to the nearby index (report-nearby-mirror.ts), per database:
 * pub/sub is not scoped to a database, and processes on another database share no index.
 */
export function nearbyChangesChannel(db: number): string {
  return `wegov:nearby:changes:${db}`;
}

/** ZSET: one owner's report references (owner = a keyed hash of the channel identity), scored by submission time (ms). */
export function ownerReportsKey(owner: string): string {
  return `wegov:{reports-of:${keyPart(owner)}}`;
}

/** ZSET: every report reference by its record's last update (ms), for retention. */
export function reportsByUpdateKey(): string {
  return 'wegov:reports:by-update';
}

/** ZSET: the references of open reports (not closed or rejected), by last update (ms): open data reads it, no SCAN. */
export function openReportsKey(): string {
  return 'wegov:reports:open';
}
