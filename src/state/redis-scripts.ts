/**
 * The Lua scripts behind `load` and `commit`, with their argument layout. A script runs
 * atomically in Redis, so one call is one round trip and nothing interleaves with it.
 * Every key a script touches carries the conversation's hash tag (Redis Cluster safe).
 */
import type { RedisClient } from './redis-connection';
import type { CommitRequest, CommitResult } from './types';
import { decodeStoredReply, sessionJson, staleEntry, STALE_REPLY_MARK, toJson } from './commit-request';
import { DEDUPE_REPLIES_KEPT, DEDUPE_REPLY_BUDGET_BYTES } from './store-limits';
import {
  dedupeIndexKey,
  dedupeKey,
  dedupeKeyPrefix,
  eventsChannel,
  historyKey,
  outboxKey,
  sessionKey,
} from './redis-keys';

/** KEYS: session, dedupe. ARGV: '1' when the dedupe key is to be read. Returns {v, s, reply}. */
export const LOAD_LUA = `
local s = redis.call('HMGET', KEYS[1], 'v', 's')
local reply = false
if ARGV[1] == '1' then reply = redis.call('GET', KEYS[2]) end
return {s[1], s[2], reply}
`;

/**
 * KEYS: session, history, outbox, dedupe, dedupe index.
 * ARGV: expectedVersion, ttlSeconds, historyLimit, erase, channel, hasDedupe, dedupeReply,
 * dedupeTtlSeconds, nowMs, session, historyMaxBytes, staleEntry, repliesKept, replyBudgetBytes,
 * then counted lists: nHistory history..., nPublish publish... (nPublish -1: publish the
 * history messages, none follow), nSubmissions (id, json)...
 * Returns {'ok', version} | {'conflict'} | {'duplicate', reply}.
 *
 * Bounds (store-limits.ts), with the same steps as memory-bounds.ts: the transcript's byte
 * total lives in the session hash (field `hb`; recounted once when missing, zero when the list
 * is empty) so trimming costs one LPOP per dropped message, never a read of the whole list.
 * Dedupe index scores (expiry, ms) are made strictly increasing so rank order is commit order;
 * the walk over the newest entries stops at the first compacted one (its value starts with
 * the stale mark, read with GETRANGE 0 0).
 */
export const COMMIT_LUA = `
local sessionKey, historyKey, outboxKey, dedupeKey, indexKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local hasDedupe = ARGV[6] == '1'
if hasDedupe then
  local previous = redis.call('GET', dedupeKey)
  if previous then return {'duplicate', previous} end
end
local stored = redis.call('HMGET', sessionKey, 'v', 'hb')
local current = tonumber(stored[1] or '0')
if current ~= tonumber(ARGV[1]) then return {'conflict'} end
local version = current + 1
local ttl = tonumber(ARGV[2])
local nowMs = tonumber(ARGV[9])
redis.call('HSET', sessionKey, 'v', version, 's', ARGV[10])
redis.call('EXPIRE', sessionKey, ttl)
if ARGV[4] == '1' then
  redis.call('DEL', historyKey)
  local old = redis.call('ZRANGE', indexKey, 0, -1)
  for i = 1, #old do redis.call('DEL', old[i]) end
  redis.call('DEL', indexKey)
end
local at = 15
local nHistory = tonumber(ARGV[at])
if nHistory > 0 then
  local length = redis.call('LLEN', historyKey)
  local bytes = tonumber(stored[2] or '-1')
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
  local limit, maxBytes = tonumber(ARGV[3]), tonumber(ARGV[11])
  while length > 0 and (length > limit or bytes > maxBytes) do
    bytes = bytes - #redis.call('LPOP', historyKey)
    length = length - 1
  end
  redis.call('HSET', sessionKey, 'hb', bytes)
end
redis.call('EXPIRE', historyKey, ttl)
at = at + nHistory + 1
local nPublish = tonumber(ARGV[at])
local publishFrom = at + 1
if nPublish == -1 then
  nPublish = nHistory
  publishFrom = 16
  at = at + 1
else
  at = at + nPublish + 1
end
local nSubmissions = tonumber(ARGV[at])
for i = 1, nSubmissions do redis.call('HSET', outboxKey, ARGV[at + 2 * i - 1], ARGV[at + 2 * i]) end
if hasDedupe then
  local dedupeTtl = tonumber(ARGV[8])
  redis.call('SET', dedupeKey, ARGV[7], 'EX', dedupeTtl)
  redis.call('ZREMRANGEBYSCORE', indexKey, '-inf', nowMs)
  local score = nowMs + dedupeTtl * 1000
  local newest = redis.call('ZREVRANGE', indexKey, 0, 0, 'WITHSCORES')
  if newest[2] and tonumber(newest[2]) >= score then score = tonumber(newest[2]) + 1 end
  redis.call('ZADD', indexKey, score, dedupeKey)
  local keepMs = math.max(redis.call('PTTL', indexKey), dedupeTtl * 1000, ttl * 1000)
  redis.call('PEXPIRE', indexKey, keepMs)
  local kept, budget = tonumber(ARGV[13]), tonumber(ARGV[14])
  local count, bytes, full = 0, 0, false
  local window = redis.call('ZREVRANGE', indexKey, 0, kept)
  for i = 1, #window do
    local size = redis.call('STRLEN', window[i])
    if size > 0 then
      if redis.call('GETRANGE', window[i], 0, 0) == '${STALE_REPLY_MARK}' then break end
      if not full and (count == 0 or (count < kept and bytes + size <= budget)) then
        count = count + 1
        bytes = bytes + size
      else
        full = true
        redis.call('SET', window[i], ARGV[12], 'XX', 'KEEPTTL')
      end
    end
  end
end
for i = publishFrom, publishFrom + nPublish - 1 do redis.call('PUBLISH', ARGV[5], ARGV[i]) end
return {'ok', version}
`;

/** Raw reply of LOAD_LUA: version, session JSON, dedupe reply JSON (null when absent). */
export type LoadReply = [string | null, string | null, string | null];

/** The scripts as client methods (ioredis `defineCommand`: EVALSHA, EVAL on NOSCRIPT). */
export interface WegovScripts {
  wegovLoad(session: string, dedupe: string, readDedupe: '0' | '1'): Promise<LoadReply>;
  wegovCommit(...keysAndArgs: string[]): Promise<unknown>;
  wegovReserveReference(reference: string, owner: string, conversationId: string, ownerTtlSeconds: string): Promise<number>;
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

/** Define the scripts on `client` (idempotent) and return it typed with them. */
export function withScripts(client: RedisClient): RedisClient & WegovScripts {
  const scripted = client as RedisClient & Partial<WegovScripts>;
  if (typeof scripted.wegovLoad !== 'function') {
    client.defineCommand('wegovLoad', { numberOfKeys: 2, lua: LOAD_LUA, readOnly: true });
  }
  if (typeof scripted.wegovCommit !== 'function') {
    client.defineCommand('wegovCommit', { numberOfKeys: 5, lua: COMMIT_LUA });
  }
  if (typeof scripted.wegovReserveReference !== 'function') {
    client.defineCommand('wegovReserveReference', { numberOfKeys: 2, lua: RESERVE_REFERENCE_LUA });
  }
  return client as RedisClient & WegovScripts;
}

/** Keys and arguments of LOAD_LUA. */
export function loadArgs(conversationId: string, dedupeId?: string): [string, string, '0' | '1'] {
  const dedupe = dedupeId === undefined ? dedupeKeyPrefix(conversationId) : dedupeKey(conversationId, dedupeId);
  return [sessionKey(conversationId), dedupe, dedupeId === undefined ? '0' : '1'];
}

/** The transcript bounds a Redis store enforces (store-limits.ts). */
export interface HistoryBounds {
  limit: number;
  maxBytes: number;
}

/** Keys then arguments of COMMIT_LUA, in its layout. */
export function commitArgs(req: CommitRequest, history: HistoryBounds, nowMs: number): string[] {
  const conv = req.conversationId;
  const dedupe = req.dedupe;
  const keys = [
    sessionKey(conv),
    historyKey(conv),
    outboxKey(conv),
    dedupe ? dedupeKey(conv, dedupe.id) : dedupeKeyPrefix(conv),
    dedupeIndexKey(conv),
  ];
  const args = [
    String(req.expectedVersion),
    String(req.ttlSeconds),
    String(history.limit),
    req.eraseHistory ? '1' : '0',
    eventsChannel(conv),
    dedupe ? '1' : '0',
    dedupe ? toJson(dedupe.reply ?? null, 'dedupe.reply') : '',
    dedupe ? String(dedupe.ttlSeconds) : '0',
    String(nowMs),
    sessionJson(req.session),
    String(history.maxBytes),
    dedupe ? staleEntry(dedupe) : '',
    String(DEDUPE_REPLIES_KEPT),
    String(DEDUPE_REPLY_BUDGET_BYTES),
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
    const [tag, value] = reply as unknown[];
    if (tag === 'ok' && typeof value === 'number') return { ok: true, version: value };
    if (tag === 'conflict') return { ok: false, reason: 'conflict' };
    if (tag === 'duplicate' && typeof value === 'string') {
      return { ok: false, reason: 'duplicate', reply: decodeStoredReply(value) };
    }
  }
  throw new Error(`unexpected reply from the commit script: ${JSON.stringify(reply)}`);
}
