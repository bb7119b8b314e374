/**
 * The Lua scripts behind `load` and `commit`, with their argument layout. A script runs
 * atomically in Redis, so one call is one round trip and nothing interleaves with it.
 * Every key a script touches carries the conversation's hash tag (Redis Cluster safe).
 */
import type Redis from 'ioredis';
import type { CommitRequest, CommitResult } from './types';
import { toJson } from './commit-request';
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
 * dedupeTtlSeconds, nowMs, session, then counted lists: nHistory history..., nPublish
 * publish... (nPublish -1: publish the history messages, none follow), nSubmissions (id, json)...
 * Returns {'ok', version} | {'conflict'} | {'duplicate', reply}.
 */
export const COMMIT_LUA = `
local sessionKey, historyKey, outboxKey, dedupeKey, indexKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local hasDedupe = ARGV[6] == '1'
if hasDedupe then
  local previous = redis.call('GET', dedupeKey)
  if previous then return {'duplicate', previous} end
end
local current = tonumber(redis.call('HGET', sessionKey, 'v') or '0')
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
local at = 11
local nHistory = tonumber(ARGV[at])
for i = at + 1, at + nHistory do redis.call('RPUSH', historyKey, ARGV[i]) end
if nHistory > 0 then redis.call('LTRIM', historyKey, -tonumber(ARGV[3]), -1) end
redis.call('EXPIRE', historyKey, ttl)
at = at + nHistory + 1
local nPublish = tonumber(ARGV[at])
local publishFrom = at + 1
if nPublish == -1 then
  nPublish = nHistory
  publishFrom = 12
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
  redis.call('ZADD', indexKey, nowMs + dedupeTtl * 1000, dedupeKey)
  local keepMs = math.max(redis.call('PTTL', indexKey), dedupeTtl * 1000, ttl * 1000)
  redis.call('PEXPIRE', indexKey, keepMs)
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
}

/** Define the scripts on `client` (idempotent) and return it typed with them. */
export function withScripts(client: Redis): Redis & WegovScripts {
  const scripted = client as Redis & Partial<WegovScripts>;
  if (typeof scripted.wegovLoad !== 'function') {
    client.defineCommand('wegovLoad', { numberOfKeys: 2, lua: LOAD_LUA, readOnly: true });
  }
  if (typeof scripted.wegovCommit !== 'function') {
    client.defineCommand('wegovCommit', { numberOfKeys: 5, lua: COMMIT_LUA });
  }
  return client as Redis & WegovScripts;
}

/** Keys and arguments of LOAD_LUA. */
export function loadArgs(conversationId: string, dedupeId?: string): [string, string, '0' | '1'] {
  const dedupe = dedupeId === undefined ? dedupeKeyPrefix(conversationId) : dedupeKey(conversationId, dedupeId);
  return [sessionKey(conversationId), dedupe, dedupeId === undefined ? '0' : '1'];
}

/** Keys then arguments of COMMIT_LUA, in its layout. */
export function commitArgs(req: CommitRequest, historyLimit: number, nowMs: number): string[] {
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
    String(historyLimit),
    req.eraseHistory ? '1' : '0',
    eventsChannel(conv),
    dedupe ? '1' : '0',
    dedupe ? toJson(dedupe.reply ?? null, 'dedupe.reply') : '',
    dedupe ? String(dedupe.ttlSeconds) : '0',
    String(nowMs),
    toJson(req.session, 'session'),
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
      return { ok: false, reason: 'duplicate', reply: JSON.parse(value) as unknown };
    }
  }
  throw new Error(`unexpected reply from the commit script: ${JSON.stringify(reply)}`);
}
