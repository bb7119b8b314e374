/**
 * SignUpStore on Redis. Per shift, under one hash tag (one Cluster slot, so one script touches
 * them all), `wegov:{shift:<id>}:`
 * - `confirmed` ZSET sign-up id -> arrival number, `waitlist` ZSET sign-up id -> arrival number
 *   (a sign-up keeps its number when promoted, so both are in sign-up order);
 * - `signups` HASH id -> the sign-up's JSON (without status: its status is the set it is in);
 * - `people` HASH person -> sign-up id (one per person per shift);
 * - `seq` the shift's arrival counter;
 * - once the agency cancels the shift, `closed` (no sign-up any more) and the two sets renamed
 *   `ended:confirmed` and `ended:waitlist` (the sign-ups it ended, by the status they had).
 *
 * Every change (sign up, cancel, resize; forget is a cancel per shift) is ONE script, so places
 * are exact under any concurrency: the check for a free place and the taking of it cannot be
 * interleaved. Rules (the memory store's too): the waitlist is in arrival order, so a position
 * told to someone never worsens because of a later arrival (positions are 1-based); a free
 * place goes to a newcomer only when nobody waits; a confirmed cancellation promotes the first
 * waiting into every place now free, a waitlisted one promotes nobody.
 *
 * The per-person index `wegov:{volunteer-person:<person>}:shifts` (SET of shift ids) lives in
 * another slot, so no script can update it with the shift. It is written BEFORE the shift's
 * script (same pipeline, same round trip, in order on one server; on a Redis Cluster a round
 * trip earlier: crossSlotInOrder) and never removed on cancel or
 * "full": it is a superset of the shifts the person holds a sign-up on, and `ofPerson`/`forget`
 * read each listed shift's own keys to see what the person really holds there. So a crash
 * between the two writes, or any interleaving of a person's own calls, can leave a stale entry
 * (skipped) but never a sign-up missing from "my sign-ups" or from "delete my data". It grows by
 * one entry per shift the person ever asked for (as long-lived as the shifts' keys); `forget`
 * removes the entries it has read.
 */
import type { ChainableCommander } from 'ioredis';
import { crossSlotBatch, crossSlotInOrder } from '../../../src/state/redis-batch';
import type { RedisCalls } from '../../../src/state/redis-calls';
import { keyPart } from '../../../src/state/redis-keys';
import { soonestTaken } from './memory-store';
import type { CancelOutcome, ShiftCounts, SignUp, SignUpOutcome, SignUpStore } from './store';

const shiftKeys = (shiftId: string) => {
  const base = `wegov:{shift:${keyPart(shiftId)}}`;
  return {
    confirmed: `${base}:confirmed`,
    waitlist: `${base}:waitlist`,
    signups: `${base}:signups`,
    people: `${base}:people`,
    seq: `${base}:seq`,
    closed: `${base}:closed`,
    endedConfirmed: `${base}:ended:confirmed`,
    endedWaitlist: `${base}:ended:waitlist`,
  };
};

const personKey = (person: string): string => `wegov:{volunteer-person:${keyPart(person)}}:shifts`;

/** Which shift a sign-up id asked for (byId): written before the script like personKey, a superset (read through the shift's own keys). */
const signUpShiftKey = (id: string): string => `wegov:{volunteer-signup:${keyPart(id)}}:shift`;

/**
 * KEYS confirmed, waitlist, signups, people, seq, closed. ARGV id, person, sign-up JSON, capacity,
 * waitlist ('1' on). Returns {1} confirmed, {2, position} waitlisted, {0} full,
 * {3, held JSON, 1 confirmed | 0 waitlisted} already, or {4} the shift was cancelled.
 */
const SIGN_UP = `
if redis.call('EXISTS', KEYS[6]) == 1 then return {4} end
local held = redis.call('HGET', KEYS[4], ARGV[2])
if held then
  local json = redis.call('HGET', KEYS[3], held)
  if json then
    if redis.call('ZSCORE', KEYS[1], held) then return {3, json, 1} end
    return {3, json, 0}
  end
end
local waiting = redis.call('ZCARD', KEYS[2])
local free = waiting == 0 and redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4])
if not free and ARGV[5] ~= '1' then return {0} end
local seq = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[4], ARGV[2], ARGV[1])
if free then
  redis.call('ZADD', KEYS[1], seq, ARGV[1])
  return {1}
end
redis.call('ZADD', KEYS[2], seq, ARGV[1])
return {2, waiting + 1}`;

/** Lua: moves the first waiting into the places free under `capacity`; returns their JSON in order. */
const PROMOTE = `
local function promote(confirmed, waitlist, signups, capacity)
  local out = {}
  local free = capacity - redis.call('ZCARD', confirmed)
  if free <= 0 then return out end
  local first = redis.call('ZRANGE', waitlist, 0, free - 1, 'WITHSCORES')
  for i = 1, #first, 2 do
    redis.call('ZREM', waitlist, first[i])
    redis.call('ZADD', confirmed, first[i + 1], first[i])
    out[#out + 1] = redis.call('HGET', signups, first[i])
  end
  return out
end`;

/**
 * KEYS confirmed, waitlist, signups, people, closed, ended:confirmed, ended:waitlist. ARGV person,
 * capacity. Returns {} (nothing held) or {cancelled JSON, 1 was confirmed | 0 was waitlisted,
 * promoted JSON...}. On a shift the agency cancelled, the person's ended sign-up is forgotten and
 * nothing was held.
 */
const CANCEL = `${PROMOTE}
local id = redis.call('HGET', KEYS[4], ARGV[1])
if not id then return {} end
local json = redis.call('HGET', KEYS[3], id)
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[3], id)
if redis.call('EXISTS', KEYS[5]) == 1 then
  redis.call('ZREM', KEYS[6], id)
  redis.call('ZREM', KEYS[7], id)
  return {}
end
if redis.call('ZREM', KEYS[1], id) == 1 then
  local out = {json, 1}
  for _, p in ipairs(promote(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[2]))) do out[#out + 1] = p end
  return out
end
redis.call('ZREM', KEYS[2], id)
return {json, 0}`;

/** KEYS confirmed, waitlist, signups. ARGV capacity. Returns the promoted JSON in order. */
const RESIZE = `${PROMOTE}
return promote(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[1]))`;

/** KEYS confirmed, waitlist, signups. Returns {confirmed JSON in order, waitlist JSON in order}. */
const ROSTER = `
local function json(ids)
  if #ids == 0 then return {} end
  return redis.call('HMGET', KEYS[3], unpack(ids))
end
return {json(redis.call('ZRANGE', KEYS[1], 0, -1)), json(redis.call('ZRANGE', KEYS[2], 0, -1))}`;

/**
 * KEYS closed, confirmed, waitlist, ended:confirmed, ended:waitlist. Closes the shift and ends
 * every sign-up on it (once); returns {ended confirmed JSON in order, ended waitlist JSON in order}.
 */
const CANCEL_SHIFT = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], '1')
  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[4]) end
  if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('RENAME', KEYS[3], KEYS[5]) end
end
return {redis.call('ZRANGE', KEYS[4], 0, -1), redis.call('ZRANGE', KEYS[5], 0, -1)}`;

/**
 * KEYS people, signups, confirmed, waitlist. ARGV person. Returns {} or {JSON, 1 confirmed |
 * 0 waitlisted | 2 ended by the agency}.
 */
const HELD = `
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return {} end
local json = redis.call('HGET', KEYS[2], id)
if not json then return {} end
if redis.call('ZSCORE', KEYS[3], id) then return {json, 1} end
if redis.call('ZSCORE', KEYS[4], id) then return {json, 0} end
return {json, 2}`;

type Kept = Omit<SignUp, 'status'>;

const parse = (json: string, status: SignUp['status']): SignUp => ({ ...(JSON.parse(json) as Kept), status });

const heldStatus = (code: unknown): SignUp['status'] => (Number(code) === 1 ? 'confirmed' : Number(code) === 0 ? 'waitlisted' : 'cancelled_by_agency');

/** The values of a pipeline's replies; the first error is thrown. */
function replies(results: [Error | null, unknown][] | null): unknown[] {
  const failed = (results ?? []).find(([err]) => err);
  if (failed?.[0]) throw failed[0];
  return (results ?? []).map(([, value]) => value);
}

function cancelOutcome(reply: unknown): CancelOutcome {
  const r = reply as (string | number)[];
  if (r.length === 0) return { promoted: [] };
  const cancelled = parse(String(r[0]), Number(r[1]) === 1 ? 'confirmed' : 'waitlisted');
  return { cancelled, promoted: r.slice(2).map((j) => parse(String(j), 'confirmed')) };
}

export class RedisSignUpStore implements SignUpStore {
  constructor(private readonly calls: RedisCalls) {}

  async signUp(req: { id: string; shiftId: string; person: string; conversationId: string; capacity: number; waitlist: boolean; at: string }): Promise<SignUpOutcome> {
    const k = shiftKeys(req.shiftId);
    const kept: Kept = { id: req.id, shiftId: req.shiftId, person: req.person, conversationId: req.conversationId, at: req.at };
    const json = JSON.stringify(kept);
    const [, , reply] = await this.calls.call('signups.signUp', async (c) =>
      replies(
        await crossSlotInOrder(
          c,
          [(p) => p.sadd(personKey(req.person), req.shiftId), (p) => p.set(signUpShiftKey(req.id), req.shiftId)],
          [(p) => p.eval(SIGN_UP, 6, k.confirmed, k.waitlist, k.signups, k.people, k.seq, k.closed, req.id, req.person, json, String(req.capacity), req.waitlist ? '1' : '0')],
        ),
      ),
    );
    const r = reply as (string | number)[];
    switch (Number(r[0])) {
      case 1:
        return { outcome: 'confirmed', signUp: { ...kept, status: 'confirmed' } };
      case 2:
        return { outcome: 'waitlisted', signUp: { ...kept, status: 'waitlisted' }, position: Number(r[1]) };
      case 3:
        return { outcome: 'already', signUp: parse(String(r[1]), Number(r[2]) === 1 ? 'confirmed' : 'waitlisted') };
      case 4:
        return { outcome: 'cancelled' };
      default:
        return { outcome: 'full' };
    }
  }

  async cancel(shiftId: string, person: string, capacity: number): Promise<CancelOutcome> {
    const k = shiftKeys(shiftId);
    const reply = await this.calls.call('signups.cancel', (c) => c.eval(CANCEL, 7, k.confirmed, k.waitlist, k.signups, k.people, k.closed, k.endedConfirmed, k.endedWaitlist, person, String(capacity)));
    return cancelOutcome(reply);
  }

  async resize(shiftId: string, capacity: number): Promise<SignUp[]> {
    const k = shiftKeys(shiftId);
    const reply = (await this.calls.call('signups.resize', (c) => c.eval(RESIZE, 3, k.confirmed, k.waitlist, k.signups, String(capacity)))) as string[];
    return reply.map((j) => parse(j, 'confirmed'));
  }

  async counts(shiftIds: readonly string[]): Promise<Record<string, ShiftCounts>> {
    if (shiftIds.length === 0) return {};
    const values = await this.calls.call('signups.counts', async (c) =>
      replies(
        await crossSlotBatch(
          c,
          shiftIds.map((id) => (p: ChainableCommander) => p.zcard(shiftKeys(id).confirmed).zcard(shiftKeys(id).waitlist)),
        ),
      ),
    );
    const out: Record<string, ShiftCounts> = {};
    shiftIds.forEach((id, i) => (out[id] = { confirmed: Number(values[i * 2]), waitlisted: Number(values[i * 2 + 1]) }));
    return out;
  }

  async roster(shiftId: string): Promise<{ confirmed: SignUp[]; waitlist: SignUp[] }> {
    const k = shiftKeys(shiftId);
    const [confirmed, waitlist] = (await this.calls.call('signups.roster', (c) => c.eval(ROSTER, 3, k.confirmed, k.waitlist, k.signups))) as [(string | null)[], (string | null)[]];
    const present = (j: string | null): j is string => j !== null;
    return { confirmed: confirmed.filter(present).map((j) => parse(j, 'confirmed')), waitlist: waitlist.filter(present).map((j) => parse(j, 'waitlisted')) };
  }

  async cancelShift(shiftId: string): Promise<SignUp[]> {
    const k = shiftKeys(shiftId);
    const [confirmedIds, waitingIds] = (await this.calls.call('signups.cancelShift', (c) => c.eval(CANCEL_SHIFT, 5, k.closed, k.confirmed, k.waitlist, k.endedConfirmed, k.endedWaitlist))) as [string[], string[]];
    const ids = [...confirmedIds, ...waitingIds];
    if (ids.length === 0) return [];
    const jsons = await this.calls.call('signups.cancelShiftRead', (c) => c.hmget(k.signups, ...ids));
    return jsons.flatMap((j, i) => (j === null ? [] : [parse(j, i < confirmedIds.length ? 'confirmed' : 'waitlisted')]));
  }

  async ofPerson(person: string): Promise<SignUp[]> {
    const shifts = await this.calls.call('signups.personShifts', (c) => c.smembers(personKey(person)));
    if (shifts.length === 0) return [];
    const held = await this.calls.call('signups.ofPerson', async (c) =>
      replies(
        await crossSlotBatch(
          c,
          shifts.map((id) => {
            const k = shiftKeys(id);
            return (p: ChainableCommander) => p.eval(HELD, 4, k.people, k.signups, k.confirmed, k.waitlist, person);
          }),
        ),
      ),
    );
    return held
      .map((reply) => reply as (string | number)[])
      .filter((r) => r.length > 0)
      .map((r) => parse(String(r[0]), heldStatus(r[1])))
      .sort(soonestTaken);
  }

  async byId(id: string): Promise<SignUp | undefined> {
    const shiftId = await this.calls.call('signups.byIdShift', (c) => c.get(signUpShiftKey(id)));
    if (shiftId === null) return undefined;
    const k = shiftKeys(shiftId);
    const [json, confirmed, waiting] = await this.calls.call('signups.byId', async (c) => replies(await c.pipeline().hget(k.signups, id).zscore(k.confirmed, id).zscore(k.waitlist, id).exec()));
    if (typeof json !== 'string') return undefined;
    if (confirmed !== null) return parse(json, 'confirmed');
    // Neither: the agency cancelled the shift (the sign-up is kept for "my sign-ups" only).
    return waiting !== null ? parse(json, 'waitlisted') : undefined;
  }

  /** One round trip for the index, one for every shift's cancel (pipelined) and the index's entries read. */
  async forget(person: string, capacityOf: (shiftId: string) => number | undefined): Promise<CancelOutcome[]> {
    const shifts = await this.calls.call('signups.personShifts', (c) => c.smembers(personKey(person)));
    if (shifts.length === 0) return [];
    const results = await this.calls.call('signups.forget', async (c) => {
      const cancels = shifts.map((id) => {
        const k = shiftKeys(id);
        // A shift the catalogue no longer knows (capacity undefined) promotes nobody.
        return (p: ChainableCommander) =>
          p.eval(CANCEL, 7, k.confirmed, k.waitlist, k.signups, k.people, k.closed, k.endedConfirmed, k.endedWaitlist, person, String(capacityOf(id) ?? 0));
      });
      // The index entries go only once the cancels are done (another slot: after them on a cluster).
      return replies(await crossSlotInOrder(c, cancels, [(p) => p.srem(personKey(person), ...shifts)]));
    });
    return results
      .slice(0, shifts.length)
      .map(cancelOutcome)
      .filter((o) => o.cancelled !== undefined)
      .sort((a, b) => soonestTaken(a.cancelled!, b.cancelled!));
  }
}
