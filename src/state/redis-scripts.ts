/**
 * The Lua scripts behind `load` and `commit`, with their argument layout. A script runs
 * atomically in Redis, so one call is one round trip and nothing interleaves with it.
 * Every key a script touches carries the conversation's hash tag (Redis Cluster safe).
 */
import type { RedisClient } from './redis-connection';
import { StoreUnavailableError, type Allowance, type CommitRequest, type CommitResult, type CountResult, type StoredMessage } from './types';
import { sessionJson, toJson } from './commit-request';
import { DEDUPE_IDS_KEPT } from './store-limits';
import { allowanceBurstKey, allowanceKey, counterAllowanceKey, dedupeIndexKey, eventsChannel, historyKey, outboxKey, SEEN_FIELD_CHARS, seenDigest, seenKey, sessionKey } from './redis-keys';

/**
 * Lua shared by both scripts.
 *
 * `readSession(key)`: version, transcript bytes (false when unknown) and session JSON of the
 * session key, a STRING `<version>,<historyBytes>,<json>` (`historyBytes` empty when unknown;
 * one string costs Redis about 100 bytes less than a hash of the same text), or the HASH (`v`,
 * `hb`, `s`) that versions before wrote, read as it is until the next commit replaces it.
 *
 * `seenReply(seenKey, historyKey, digest, nowMs)`: nil when the input id (its `seen` field: the
 * first SEEN_FIELD_CHARS characters of `digest`, or the whole 12-character digest older versions
 * used as the field) is not remembered or expired, else the messages its commit appended, read
 * from the transcript ({} once some were trimmed). An entry is `pos,count,expiresAt` (expiry in
 * seconds since the epoch, base 36), or the older `seq,pos,count,expiresAtMs`; the hash's `#n`
 * counts every message ever appended, so the transcript holds positions `#n - LLEN` .. `#n - 1`
 * (memory-bounds.ts seenMessages is the same in TypeScript).
 */
const SEEN_REPLY_LUA = `
local function readSession(key)
  local raw = redis.pcall('GET', key)
  if type(raw) == 'table' and raw.err then
    local h = redis.call('HMGET', key, 'v', 'hb', 's')
    return h[1], h[2], h[3]
  end
  if not raw then return false, false, false end
  local v, hb, at = string.match(raw, '^(%d+),(%d*),()')
  if hb == '' then hb = false end
  return v, hb, string.sub(raw, at)
end
local function seenEntry(entry)
  local pos, count, expires = string.match(entry, '^(%-?%d+),(%d+),(%w+)$')
  if pos then return tonumber(pos), tonumber(count), tonumber(expires, 36) * 1000 end
  local _, oldPos, oldCount, expiresMs = string.match(entry, '^(%d+),(%-?%d+),(%d+),(%d+)$')
  if oldPos then return tonumber(oldPos), tonumber(oldCount), tonumber(expiresMs) end
  return nil
end
local function seenReply(seenKey, historyKey, digest, nowMs)
  local found = redis.call('HMGET', seenKey, string.sub(digest, 1, ${SEEN_FIELD_CHARS}), digest)
  local entry = found[1] or found[2]
  if not entry then return nil end
  local pos, count, expiresAt = seenEntry(entry)
  if not pos or expiresAt <= nowMs then return nil end
  if count == 0 then return {} end
  local length = redis.call('LLEN', historyKey)
  local first = pos - (tonumber(redis.call('HGET', seenKey, '#n') or '0') - length)
  if first < 0 then return {} end
  return redis.call('LRANGE', historyKey, first, first + count - 1)
end
`;

/**
 * The allowance window (allowanceKey): `allowanceUsed(key, nowMs, windowMs)` returns the messages
 * counted in the live window, its end and its told flag (',n' once a refusal in it was told, else
 * ''); with none live, 0, the end of a window starting now and '' (a window starts with its first
 * message, as express-rate-limit's do, not at a clock boundary).
 * `allowanceCount(key, nowMs, used, windowEnd, told)` counts one more and returns the new count;
 * `allowanceTell(key, nowMs, used, windowEnd, told)` marks the window told: 1 when it was not yet.
 * For one message against a window and its burst window (burstPer 0: none):
 * `allowanceAdmit(key, burstKey, nowMs, perWindow, windowMs, burstPer, burstMs, notify)` returns
 * what it read, and the refusal reply when either is full ({'limited', until[, told]}, the window
 * marked told when `notify`); `allowanceCountAll(key, burstKey, nowMs, read, burstPer)` then
 * counts the message in both and returns the window's new count.
 */
const ALLOWANCE_LUA = `
local function allowanceUsed(key, nowMs, windowMs)
  local stored = redis.call('GET', key)
  if stored then
    local storedEnd, count, told = string.match(stored, '^(%d+),(%d+)(,?n?)$')
    if storedEnd and tonumber(storedEnd) > nowMs then return tonumber(count), tonumber(storedEnd), told end
  end
  return 0, nowMs + windowMs, ''
end
local function allowanceCount(key, nowMs, used, windowEnd, told)
  used = used + 1
  redis.call('SET', key, string.format('%d', windowEnd) .. ',' .. used .. (told or ''), 'PX', math.max(1, windowEnd - nowMs))
  return used
end
local function allowanceTell(key, nowMs, used, windowEnd, told)
  if told ~= '' then return 0 end
  redis.call('SET', key, string.format('%d', windowEnd) .. ',' .. used .. ',n', 'PX', math.max(1, windowEnd - nowMs))
  return 1
end
local function allowanceAdmit(key, burstKey, nowMs, perWindow, windowMs, burstPer, burstMs, notify)
  local w = {burstUsed = 0, burstEnd = 0}
  w.used, w.windowEnd, w.told = allowanceUsed(key, nowMs, windowMs)
  local refusedUntil = false
  if w.used >= perWindow then refusedUntil = w.windowEnd end
  if not refusedUntil and burstPer > 0 then
    w.burstUsed, w.burstEnd = allowanceUsed(burstKey, nowMs, burstMs)
    if w.burstUsed >= burstPer then refusedUntil = w.burstEnd end
  end
  if not refusedUntil then return w, nil end
  if notify then return w, {'limited', refusedUntil, allowanceTell(key, nowMs, w.used, w.windowEnd, w.told)} end
  return w, {'limited', refusedUntil}
end
local function allowanceCountAll(key, burstKey, nowMs, w, burstPer)
  if burstPer > 0 then allowanceCount(burstKey, nowMs, w.burstUsed, w.burstEnd, '') end
  return allowanceCount(key, nowMs, w.used, w.windowEnd, w.told)
end
`;

/**
 * KEYS: session, history, seen, allowance. ARGV: seen digest ('' for none), nowMs, allowance
 * windowMs ('0': not asked).
 * Returns {v, s, reply, used, windowEnd} (reply nil when the input id is not remembered; the
 * last two only when asked).
 */
export const LOAD_LUA = `${SEEN_REPLY_LUA}${ALLOWANCE_LUA}
local v, hb, s = readSession(KEYS[1])
local reply = false
if ARGV[1] ~= '' then reply = seenReply(KEYS[3], KEYS[2], ARGV[1], tonumber(ARGV[2])) or false end
if ARGV[3] ~= '0' then
  local used, windowEnd = allowanceUsed(KEYS[4], tonumber(ARGV[2]), tonumber(ARGV[3]))
  return {v, s, reply, used, windowEnd}
end
return {v, s, reply}
`;

/**
 * KEYS: session, history, outbox, seen, legacy dedupe index, allowance (the conversation's own
 * window, or a shared one on a single Redis: Allowance.counter), the allowance's burst window.
 * ARGV: expectedVersion, ttlSeconds, historyLimit, erase, channel, seen digest ('' for none),
 * dedupeTtlSeconds, nowMs, session, historyMaxBytes, idsKept, deadline (Redis TIME in ms after
 * which the commit refuses itself, its caller having given up: redis-clock.ts; 0 for none),
 * allowance perWindow ('0': none), allowance windowMs, burst perWindow ('0': none), burst
 * windowMs, notify ('1': say whether a refusal is the window's first), the windows' nowMs,
 * then counted lists: nHistory history..., nPublish publish... (nPublish -1: publish the
 * history messages, none follow), nSubmissions (id, json)...
 * Returns {'ok', version[, used, windowEnd]} | {'conflict', v, s} (the current version and
 * session, nil when absent: the caller steps again without a load) | {'duplicate', {messages...}}
 * | {'limited', until[, told]} (the allowance's window or its burst window is full until `until`:
 * nothing written or counted; `told` with notify: 1 for the window's first refusal) |
 * {'late'} (past its deadline: nothing written or counted). The order: the deadline; a
 * duplicate is answered whatever the allowance (it costs nothing); the allowance; the version.
 *
 * Bounds (store-limits.ts), with the same steps as memory-bounds.ts: the transcript's byte
 * total lives in the session string (recounted once when unknown, zero when the list is empty)
 * so trimming costs one LPOP per dropped message, never a read of the whole list.
 * The `seen` hash (its fields: `#n` and one per remembered input id) lives at least as
 * long as its newest id and the session; past 2 * idsKept ids the oldest (by transcript
 * position) and the expired go. Erasure also deletes the per-input reply keys and their index
 * that older versions kept.
 */
export const COMMIT_LUA = `${SEEN_REPLY_LUA}${ALLOWANCE_LUA}
local sessionKey, historyKey, outboxKey, seenKey, legacyIndexKey, allowanceKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local deadline = tonumber(ARGV[12])
if deadline > 0 then
  local t = redis.call('TIME')
  if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > deadline then return {'late'} end
end
local digest = ARGV[6]
local nowMs = tonumber(ARGV[8])
if digest ~= '' then
  local previous = seenReply(seenKey, historyKey, digest, nowMs)
  if previous then return {'duplicate', previous} end
end
local perWindow, burstPer, windowNow = tonumber(ARGV[13]), tonumber(ARGV[15]), tonumber(ARGV[18])
local windows = nil
if perWindow > 0 then
  local refusal
  windows, refusal = allowanceAdmit(allowanceKey, KEYS[7], windowNow, perWindow, tonumber(ARGV[14]), burstPer, tonumber(ARGV[16]), ARGV[17] == '1')
  if refusal then return refusal end
end
local storedVersion, storedBytes, storedSession = readSession(sessionKey)
local current = tonumber(storedVersion or '0')
if current ~= tonumber(ARGV[1]) then return {'conflict', storedVersion, storedSession} end
local version = current + 1
local ttl = tonumber(ARGV[2])
if ARGV[4] == '1' then
  redis.call('DEL', historyKey, seenKey)
  local old = redis.call('ZRANGE', legacyIndexKey, 0, -1)
  for i = 1, #old do redis.call('DEL', old[i]) end
  redis.call('DEL', legacyIndexKey)
end
local at = 19
local nHistory = tonumber(ARGV[at])
local bytes = tonumber(storedBytes or '-1')
if nHistory > 0 then
  local length = redis.call('LLEN', historyKey)
  if length == 0 then
    bytes = 0
  elseif bytes < 0 then
    bytes = 0
    local all = redis.call('LRANGE', historyKey, 0, -1)
    for i = 1, #all do bytes = bytes + #all[i] end
  end
  for i = at + 1, at + nHistory do
    redis.call('RPUSH', historyKey, ARGV[i])
    bytes = bytes + #ARGV[i]
  end
  length = length + nHistory
  local limit, maxBytes = tonumber(ARGV[3]), tonumber(ARGV[10])
  while length > 0 and (length > limit or bytes > maxBytes) do
    bytes = bytes - #redis.call('LPOP', historyKey)
    length = length - 1
  end
end
local bytesText = ''
if bytes >= 0 then bytesText = string.format('%d', bytes) end
redis.call('SET', sessionKey, version .. ',' .. bytesText .. ',' .. ARGV[9], 'EX', ttl)
redis.call('EXPIRE', historyKey, ttl)
if nHistory > 0 or digest ~= '' then
  local pos = redis.call('HINCRBY', seenKey, '#n', nHistory) - nHistory
  local keepMs = ttl * 1000
  if digest ~= '' then
    local dedupeMs = tonumber(ARGV[7]) * 1000
    local expires = math.ceil((nowMs + dedupeMs) / 1000)
    local digits, code = '0123456789abcdefghijklmnopqrstuvwxyz', ''
    repeat
      local d = expires % 36
      code = string.sub(digits, d + 1, d + 1) .. code
      expires = math.floor(expires / 36)
    until expires == 0
    redis.call('HDEL', seenKey, '#q', digest)
    redis.call('HSET', seenKey, string.sub(digest, 1, ${SEEN_FIELD_CHARS}), pos .. ',' .. nHistory .. ',' .. code)
    keepMs = math.max(keepMs, dedupeMs)
    local kept = tonumber(ARGV[11])
    if redis.call('HLEN', seenKey) - 1 > 2 * kept then
      local all = redis.call('HGETALL', seenKey)
      local live = {}
      for i = 1, #all, 2 do
        local name = all[i]
        if string.sub(name, 1, 1) ~= '#' then
          local entryPos, _, expiresAt = seenEntry(all[i + 1])
          if entryPos and expiresAt > nowMs then
            live[#live + 1] = {entryPos, name}
          else
            redis.call('HDEL', seenKey, name)
          end
        end
      end
      table.sort(live, function(a, b) return a[1] > b[1] end)
      for i = kept + 1, #live do redis.call('HDEL', seenKey, live[i][2]) end
    end
  end
  redis.call('PEXPIRE', seenKey, math.max(redis.call('PTTL', seenKey), keepMs))
end
at = at + nHistory + 1
local nPublish = tonumber(ARGV[at])
local publishFrom = at + 1
if nPublish == -1 then
  nPublish = nHistory
  publishFrom = 20
  at = at + 1
else
  at = at + nPublish + 1
end
local nSubmissions = tonumber(ARGV[at])
for i = 1, nSubmissions do redis.call('HSET', outboxKey, ARGV[at + 2 * i - 1], ARGV[at + 2 * i]) end
for i = publishFrom, publishFrom + nPublish - 1 do redis.call('PUBLISH', ARGV[5], ARGV[i]) end
if windows then return {'ok', version, allowanceCountAll(allowanceKey, KEYS[7], windowNow, windows, burstPer), windows.windowEnd} end
return {'ok', version}
`;

/**
 * Counts one message on its own, outside a commit: against a shared window (Allowance.counter on
 * a Redis Cluster, where the commit cannot reach its key), or against a conversation's own window
 * and burst window for a message answered without a turn (SessionStore.countMessage: a sticker),
 * as the commit script counts them. KEYS: the window, the burst window (the window again when
 * there is none). ARGV: nowMs, perWindow, windowMs, burst perWindow ('0': none), burst windowMs,
 * notify ('1': mark the window's first refusal told, Allowance.notify).
 * Returns {'ok', used, windowEnd} (counted) | {'limited', until[, told]} (full: nothing counted).
 */
const COUNT_LUA = `${ALLOWANCE_LUA}
local nowMs, burstPer = tonumber(ARGV[1]), tonumber(ARGV[4])
local windows, refusal = allowanceAdmit(KEYS[1], KEYS[2], nowMs, tonumber(ARGV[2]), tonumber(ARGV[3]), burstPer, tonumber(ARGV[5]), ARGV[6] == '1')
if refusal then return refusal end
return {'ok', allowanceCountAll(KEYS[1], KEYS[2], nowMs, windows, burstPer), windows.windowEnd}
`;

/** Raw reply of LOAD_LUA: version, session JSON, the duplicate's messages as JSON (null when not a duplicate). */
export type LoadReply = [string | null, string | null, string[] | null, number?, number?];

/** The scripts as client methods (ioredis `defineCommand`: EVALSHA, EVAL on NOSCRIPT). */
export interface WegovScripts {
  wegovLoad(session: string, history: string, seen: string, allowance: string, digest: string, nowMs: string, windowMs: string): Promise<LoadReply>;
  wegovCommit(...keysAndArgs: string[]): Promise<unknown>;
  wegovReserveReference(reference: string, owner: string, conversationId: string, ownerTtlSeconds: string): Promise<number>;
  wegovCount(window: string, burstWindow: string, nowMs: string, perWindow: string, windowMs: string, burstPerWindow: string, burstWindowMs: string, notify: string): Promise<unknown>;
}

/**
 * Claims a report reference: KEYS[1] the reference key (SET NX, kept forever), KEYS[2] its owner
 * (the conversation id, with EX ARGV[2] seconds unless 0). 1 when claimed, 0 when taken.
 */
const RESERVE_REFERENCE_LUA = `
if redis.call('SET', KEYS[1], '', 'NX') then
  if ARGV[2] ~= '0' then redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2]) else redis.call('SET', KEYS[2], ARGV[1]) end
  return 1
end
return 0
`;

/**
 * Names the conversation of a claimed reference: KEYS[1] the reference key, KEYS[2] its owner;
 * ARGV conversation id, owner TTL seconds ('0': none). Only while the reference key is empty
 * (claimed): a forgotten one (FORGOTTEN_REFERENCE) stays unlinked. Sent by EVAL (in pipelines).
 */
export const OWN_REFERENCE_LUA = `
if redis.call('GET', KEYS[1]) ~= '' then return 0 end
if ARGV[2] ~= '0' then redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2]) else redis.call('SET', KEYS[2], ARGV[1]) end
return 1
`;

/** Define the scripts on `client` (idempotent) and return it typed with them. */
export function withScripts(client: RedisClient): RedisClient & WegovScripts {
  const scripted = client as RedisClient & Partial<WegovScripts>;
  if (typeof scripted.wegovLoad !== 'function') {
    client.defineCommand('wegovLoad', { numberOfKeys: 4, lua: LOAD_LUA, readOnly: true });
  }
  if (typeof scripted.wegovCommit !== 'function') {
    client.defineCommand('wegovCommit', { numberOfKeys: 7, lua: COMMIT_LUA });
  }
  if (typeof scripted.wegovReserveReference !== 'function') {
    client.defineCommand('wegovReserveReference', { numberOfKeys: 2, lua: RESERVE_REFERENCE_LUA });
  }
  if (typeof scripted.wegovCount !== 'function') {
    client.defineCommand('wegovCount', { numberOfKeys: 2, lua: COUNT_LUA });
  }
  return client as RedisClient & WegovScripts;
}

type CountArgs = [string, string, string, string, string, string, string, string];

/** Keys and arguments of COUNT_LUA for the shared window `counter`. */
export function countArgs(counter: string, allowance: Allowance, nowMs: number): CountArgs {
  const window = counterAllowanceKey(counter);
  return [window, window, String(nowMs), String(allowance.perWindow), String(allowance.windowMs), '0', '0', '0'];
}

/** Keys and arguments of COUNT_LUA for a conversation's own window and burst window (both in its slot). */
export function countOwnArgs(conversationId: string, allowance: Allowance, nowMs: number): CountArgs {
  const burst = allowance.burst;
  return [
    allowanceKey(conversationId),
    allowanceBurstKey(conversationId),
    String(allowance.nowMs ?? nowMs),
    String(allowance.perWindow),
    String(allowance.windowMs),
    String(burst?.perWindow ?? 0),
    String(burst?.windowMs ?? 0),
    allowance.notify === true ? '1' : '0',
  ];
}

/** COUNT_LUA's reply as a commit's: counted (the window after it), or limited (`notify` when asked). */
export function decodeCountReply(reply: unknown): CountResult {
  if (Array.isArray(reply)) {
    const [tag, a, b] = reply as unknown[];
    if (tag === 'ok' && typeof a === 'number' && typeof b === 'number') return { ok: true, allowance: { used: a, resetAtMs: b } };
    if (tag === 'limited' && typeof a === 'number') return { ok: false, reason: 'limited', resetAtMs: a, ...(typeof b === 'number' ? { notify: b === 1 } : {}) };
  }
  throw new Error(`unexpected reply from the count script: ${JSON.stringify(reply)}`);
}

/** Keys and arguments of LOAD_LUA. */
export function loadArgs(conversationId: string, dedupeId: string | undefined, nowMs: number, allowance?: Allowance): [string, string, string, string, string, string, string] {
  const digest = dedupeId === undefined ? '' : seenDigest(dedupeId);
  // A shared window (Allowance.counter) is not read here: its key may be in another slot.
  const windowMs = allowance && allowance.counter === undefined ? allowance.windowMs : 0;
  return [sessionKey(conversationId), historyKey(conversationId), seenKey(conversationId), allowanceKey(conversationId), digest, String(nowMs), String(windowMs)];
}

/** The transcript bounds a Redis store enforces (store-limits.ts). */
export interface HistoryBounds {
  limit: number;
  maxBytes: number;
}

/** Keys then arguments of COMMIT_LUA, in its layout. */
export function commitArgs(req: CommitRequest, history: HistoryBounds, nowMs: number, deadlineMs = 0): string[] {
  const conv = req.conversationId;
  const dedupe = req.dedupe;
  const counter = req.allowance?.counter;
  const window = counter === undefined ? allowanceKey(conv) : counterAllowanceKey(counter);
  const keys = [sessionKey(conv), historyKey(conv), outboxKey(conv), seenKey(conv), dedupeIndexKey(conv), window, allowanceBurstKey(conv)];
  const args = [
    String(req.expectedVersion),
    String(req.ttlSeconds),
    String(history.limit),
    req.eraseHistory ? '1' : '0',
    eventsChannel(conv),
    dedupe ? seenDigest(dedupe.id) : '',
    dedupe ? String(dedupe.ttlSeconds) : '0',
    String(nowMs),
    sessionJson(req.session),
    String(history.maxBytes),
    String(DEDUPE_IDS_KEPT),
    String(deadlineMs),
    String(req.allowance?.perWindow ?? 0),
    String(req.allowance?.windowMs ?? 0),
    String(req.allowance?.burst?.perWindow ?? 0),
    String(req.allowance?.burst?.windowMs ?? 0),
    req.allowance?.notify === true ? '1' : '0',
    String(req.allowance?.nowMs ?? nowMs),
    ...counted(req.history.map((m) => toJson(m, 'history message'))),
    // Usually every new message is also published: say so instead of sending them twice.
    ...(sameMessages(req.publish, req.history) ? [PUBLISH_HISTORY] : counted(req.publish.map((m) => toJson(m, 'published message')))),
    String(req.submissions.length),
    ...req.submissions.flatMap((s) => [s.id, toJson(s, 'submission')]),
  ];
  return [...keys, ...args];
}

/** nPublish value meaning "publish the history messages of this commit". */
const PUBLISH_HISTORY = '-1';

function sameMessages(a: readonly { id: string }[], b: readonly { id: string }[]): boolean {
  return a.length > 0 && a.length === b.length && a.every((m, i) => m === b[i]);
}

function counted(items: string[]): string[] {
  return [String(items.length), ...items];
}

/** Turn COMMIT_LUA's reply into a CommitResult; anything else is a fault. */
export function decodeCommitReply(reply: unknown): CommitResult {
  if (Array.isArray(reply)) {
    const [tag, value, session, windowEnd] = reply as unknown[];
    if (tag === 'ok' && typeof value === 'number') {
      return typeof session === 'number' && typeof windowEnd === 'number' ? { ok: true, version: value, allowance: { used: session, resetAtMs: windowEnd } } : { ok: true, version: value };
    }
    if (tag === 'limited' && typeof value === 'number') return { ok: false, reason: 'limited', resetAtMs: value, ...(typeof session === 'number' ? { notify: session === 1 } : {}) };
    if (tag === 'conflict') {
      const current = typeof value === 'string' && typeof session === 'string' ? { version: Number(value), session: JSON.parse(session) as unknown } : null;
      return { ok: false, reason: 'conflict', current };
    }
    if (tag === 'duplicate' && Array.isArray(value)) return { ok: false, reason: 'duplicate', reply: parseMessages(value) };
    if (tag === 'late') throw new StoreUnavailableError('redis commit failed: it reached Redis after its deadline and changed nothing');
  }
  throw new Error(`unexpected reply from the commit script: ${JSON.stringify(reply)}`);
}

/** Transcript entries (StoredMessage JSON) as read by a script. */
export function parseMessages(raw: readonly unknown[]): StoredMessage[] {
  return raw.map((json) => JSON.parse(String(json)) as StoredMessage);
}
