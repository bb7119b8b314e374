/**
 * ConsultationResultsStore on Redis. Per consultation, under one hash tag (one Cluster slot, so
 * one script touches them all): `responses` (HASH id -> response JSON), `counters` (HASH name ->
 * count), `current` (HASH participant -> "<submittedAt> <id>"), `who` (HASH id -> participant),
 * `contrib` (HASH id -> that response's counters as JSON, to subtract when it is replaced),
 * `replaced` (SET of ids a later response replaced: redelivered, they stay out) and `mods` (a
 * change counter that lets a rebuild detect a response recorded while it ran).
 *
 * Recording is one script (one round trip): duplicate and stale checks, the replaced response's
 * counters subtracted, the new ones added. Reading the counters is one HGETALL, whatever the
 * number of responses (its size depends on the questions and options, not on the people).
 */
import type { RedisCalls } from '../../../src/state/redis-calls';
import { keyPart } from '../../../src/state/redis-keys';
import type { DeliveredConsultationResponse } from '../result';
import type { ConsultationResultsStore, RecordOutcome, ResponsePage, StoredResponse } from './store';

const keys = (consultationId: string) => {
  const base = `wegov:{results:${keyPart(consultationId)}}`;
  return {
    responses: `${base}:responses`,
    counters: `${base}:counters`,
    current: `${base}:current`,
    who: `${base}:who`,
    contrib: `${base}:contrib`,
    mods: `${base}:mods`,
    replaced: `${base}:replaced`,
  };
};

/**
 * KEYS responses, counters, current, who, contrib, mods, replaced. ARGV id, participant, submittedAt,
 * response JSON, counters JSON, the id it replaces ('' none), then name/delta pairs. Returns
 * 1 recorded, 2 replaced, 0 duplicate, -1 stale. A response naming the held one as the one it
 * replaces is newer whatever the clocks say; otherwise the later submittedAt wins (ties by id).
 */
const RECORD = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('SISMEMBER', KEYS[7], ARGV[1]) == 1 then return -1 end
local held = redis.call('HGET', KEYS[3], ARGV[2])
local replaced = 0
if held then
  local sp = string.find(held, ' ', 1, true)
  local at = string.sub(held, 1, sp - 1)
  local old = string.sub(held, sp + 1)
  if ARGV[6] ~= old and (at > ARGV[3] or (at == ARGV[3] and old >= ARGV[1])) then return -1 end
  local contrib = redis.call('HGET', KEYS[5], old)
  if contrib then
    for name, d in pairs(cjson.decode(contrib)) do
      if redis.call('HINCRBY', KEYS[2], name, -d) == 0 then redis.call('HDEL', KEYS[2], name) end
    end
  end
  redis.call('HDEL', KEYS[1], old)
  redis.call('HDEL', KEYS[4], old)
  redis.call('HDEL', KEYS[5], old)
  redis.call('SADD', KEYS[7], old)
  replaced = 1
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3] .. ' ' .. ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[5], ARGV[1], ARGV[5])
for i = 7, #ARGV, 2 do
  if redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1]) == 0 then redis.call('HDEL', KEYS[2], ARGV[i]) end
end
redis.call('INCR', KEYS[6])
return 1 + replaced`;

/** KEYS current, who. ARGV participant. */
const UNLINK = `
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], string.sub(held, string.find(held, ' ', 1, true) + 1))
return 1`;

/** KEYS counters, staging, mods. ARGV the mods value the rebuild started from. Swaps the staging counters in. */
const SWAP = `
if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[1] then redis.call('DEL', KEYS[2]) return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[1]) else redis.call('DEL', KEYS[1]) end
return 1`;

/** KEYS responses, current, who, contrib. ARGV response ids. Deletes them and their links; returns how many were there. */
const EXPIRE = `
local n = 0
for i = 1, #ARGV do
  local id = ARGV[i]
  if redis.call('HDEL', KEYS[1], id) == 1 then n = n + 1 end
  redis.call('HDEL', KEYS[4], id)
  local p = redis.call('HGET', KEYS[3], id)
  if p then
    local held = redis.call('HGET', KEYS[2], p)
    if held and string.sub(held, string.find(held, ' ', 1, true) + 1) == id then redis.call('HDEL', KEYS[2], p) end
    redis.call('HDEL', KEYS[3], id)
  end
end
return n`;

const OUTCOMES: Record<number, RecordOutcome> = { 1: 'recorded', 2: 'replaced', 0: 'duplicate', [-1]: 'stale' };

/** Counters written per HSET while rebuilding. */
const REBUILD_BATCH = 1000;

export class RedisConsultationResultsStore implements ConsultationResultsStore {
  constructor(private readonly calls: RedisCalls) {}

  async record(response: DeliveredConsultationResponse, counters: Readonly<Record<string, number>>): Promise<RecordOutcome> {
    const k = keys(response.consultationId);
    const { participant, replaces: _replaces, ...stored } = response;
    const pairs = Object.entries(counters).flatMap(([name, d]) => [name, String(d)]);
    const result = await this.calls.call('results.record', (c) =>
      c.eval(RECORD, 7, k.responses, k.counters, k.current, k.who, k.contrib, k.mods, k.replaced, response.id, participant, response.submittedAt, JSON.stringify(stored), JSON.stringify(counters), response.replaces ?? '', ...pairs),
    );
    return OUTCOMES[Number(result)] ?? 'duplicate';
  }

  async counters(consultationId: string): Promise<Record<string, number>> {
    const raw = await this.calls.call('results.counters', (c) => c.hgetall(keys(consultationId).counters));
    return Object.fromEntries(Object.entries(raw).map(([name, v]) => [name, Number(v)]));
  }

  async scan(consultationId: string, cursor: string, count: number): Promise<ResponsePage> {
    const k = keys(consultationId);
    const [next, flat] = await this.calls.call('results.scan', (c) => c.hscan(k.responses, cursor, 'COUNT', count));
    const ids = flat.filter((_, i) => i % 2 === 0);
    const who = ids.length > 0 ? await this.calls.call('results.who', (c) => c.hmget(k.who, ...ids)) : [];
    const responses = ids.map((_, i) => {
      const r = JSON.parse(flat[i * 2 + 1]!) as StoredResponse;
      const participant = who[i];
      return participant ? { ...r, participant } : r;
    });
    return { responses, cursor: next };
  }

  async size(consultationId: string): Promise<number> {
    return this.calls.call('results.size', (c) => c.hlen(keys(consultationId).responses));
  }

  async unlink(consultationId: string, participant: string): Promise<void> {
    const k = keys(consultationId);
    await this.calls.call('results.unlink', (c) => c.eval(UNLINK, 2, k.current, k.who, participant));
  }

  async expire(consultationId: string, before: string): Promise<number> {
    const k = keys(consultationId);
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, flat] = await this.calls.call('results.scan', (c) => c.hscan(k.responses, cursor, 'COUNT', 1000));
      const old: string[] = [];
      for (let i = 0; i < flat.length; i += 2) if ((JSON.parse(flat[i + 1]!) as StoredResponse).submittedAt < before) old.push(flat[i]!);
      if (old.length > 0) deleted += Number(await this.calls.call('results.expire', (c) => c.eval(EXPIRE, 4, k.responses, k.current, k.who, k.contrib, ...old)));
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  }

  async rebuild(consultationId: string, countersOf: (r: StoredResponse) => Record<string, number>, attempts = 5): Promise<{ responses: number }> {
    const k = keys(consultationId);
    const staging = `${k.counters}:rebuild`;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const mods = (await this.calls.call('results.mods', (c) => c.get(k.mods))) ?? '0';
      const totals = new Map<string, number>();
      const contributions: [string, string][] = [];
      let responses = 0;
      let cursor = '0';
      do {
        const [next, flat] = await this.calls.call('results.scan', (c) => c.hscan(k.responses, cursor, 'COUNT', 1000));
        for (let i = 0; i < flat.length; i += 2) {
          const counters = countersOf(JSON.parse(flat[i + 1]!) as StoredResponse);
          contributions.push([flat[i]!, JSON.stringify(counters)]);
          for (const [name, d] of Object.entries(counters)) totals.set(name, (totals.get(name) ?? 0) + d);
          responses += 1;
        }
        cursor = next;
      } while (cursor !== '0');
      // HSCAN may return an entry twice while the hash is rehashed: count each id once.
      if (new Set(contributions.map(([id]) => id)).size !== contributions.length) continue;
      await this.calls.call('results.stage', (c) => c.del(staging));
      const entries = [...totals].filter(([, v]) => v !== 0).map(([name, v]) => [name, String(v)] as const);
      for (let i = 0; i < entries.length; i += REBUILD_BATCH) {
        const batch = entries.slice(i, i + REBUILD_BATCH).flat();
        await this.calls.call('results.stage', (c) => c.hset(staging, ...batch));
      }
      for (let i = 0; i < contributions.length; i += REBUILD_BATCH) {
        const batch = contributions.slice(i, i + REBUILD_BATCH).flat();
        await this.calls.call('results.contrib', (c) => c.hset(k.contrib, ...batch));
      }
      const swapped = await this.calls.call('results.swap', (c) => c.eval(SWAP, 3, k.counters, staging, k.mods, mods));
      if (Number(swapped) === 1) return { responses };
    }
    throw new Error(`consultation ${consultationId}: responses kept arriving during ${String(attempts)} rebuild attempts; try again`);
  }
}
