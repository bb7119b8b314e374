import type { CaseStatus } from '../engine/input';
import { crossSlotInOrder, values, type PipelineGroup } from '../state/redis-batch';
import type { RedisCalls } from '../state/redis-calls';
import { followedReportsKey, meTooOfKey, openReportsKey, ownerReportsKey, reportFollowersKey, reportMeTooKey, reportRecordKey, reportsByUpdateKey } from '../state/redis-keys';
import type { NearbyMirror } from './report-nearby-mirror';
import { changesChannelOf, indexCall, indexRecord, meToo, searchNearby, undoMeToo, unindex, type IndexWrites } from './report-nearby-redis';
import type { MeTooOutcome, NearbyQuery, NearbyReport } from './report-nearby';
import { isOpenStatus, type MergeClaim, type ReportRecord, type ReportRecords } from './report-record';

/**
 * Report records on Redis: one JSON STRING per reference tagged `{report:<ref>}` with its
 * followers' SET; a ZSET per owner tagged `{reports-of:<owner>}`; a SET per following conversation
 * tagged `{follows-of:<conversation>}` (the follows' reverse, for erasure); two global ZSETs (by
 * update for retention, open reports for open data, read by ZSCAN in pages), so nothing SCANs the
 * keyspace. Every script touches one key;
 * calls that span slots are separate commands sent together (no cross-slot MULTI or MGET), so
 * Redis Cluster takes them as they are. Nearby reports and "me too": report-nearby-redis.ts.
 */

/** Sets status, updatedAt and (when ARGV[2] is not empty) notes of one record; returns it (a merged one unchanged). */
const SET_STATUS = `
local v = redis.call('GET', KEYS[1])
if not v then return false end
local r = cjson.decode(v)
if r.mergedInto then return v end
r.status = ARGV[1]
if ARGV[2] ~= '' then r.notes = ARGV[2] end
r.updatedAt = ARGV[3]
local s = cjson.encode(r)
redis.call('SET', KEYS[1], s)
return s`;

/** Removes `owner` from one record. */
const DROP_OWNER = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local r = cjson.decode(v)
if r.owner == nil then return 0 end
r.owner = nil
redis.call('SET', KEYS[1], cjson.encode(r))
return 1`;

/**
 * The duplicate's half of a merge (KEYS: its record, its followers; ARGV: into, at): closes it
 * with mergedInto/mergedAt unless it already is; returns { kind, record, ...followers }, where
 * kind is merged, repeat or elsewhere (then the record slot holds the other reference).
 */
const MARK_MERGED = `
local v = redis.call('GET', KEYS[1])
if not v then return {'unknown'} end
local r = cjson.decode(v)
if r.mergedInto and r.mergedInto ~= ARGV[1] then return {'elsewhere', r.mergedInto} end
local kind = 'repeat'
if not r.mergedInto then
  r.status = 'closed'
  r.mergedInto = ARGV[1]
  r.mergedAt = ARGV[2]
  r.updatedAt = ARGV[2]
  v = cjson.encode(r)
  redis.call('SET', KEYS[1], v)
  kind = 'merged'
end
local out = {kind, v}
for _, f in ipairs(redis.call('SMEMBERS', KEYS[2])) do out[#out + 1] = f end
return out`;

/** The survivor's half (KEYS: its record, its followers; ARGV: the duplicate, then followers): counts it once, adds the followers. */
const ADD_DUPLICATE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local r = cjson.decode(v)
local d = r.duplicates
if type(d) ~= 'table' then d = {} end
local seen = false
for _, x in ipairs(d) do if x == ARGV[1] then seen = true end end
if not seen then
  d[#d + 1] = ARGV[1]
  r.duplicates = d
  redis.call('SET', KEYS[1], cjson.encode(r))
end
for i = 2, #ARGV do redis.call('SADD', KEYS[2], ARGV[i]) end
return 1`;

const DELETE_PAGE = 500;

export class RedisReportRecords implements ReportRecords {
  /** Where index writes publish, and the process's copy of the index that hears of them. */
  readonly #writes: IndexWrites;

  constructor(
    private readonly calls: RedisCalls,
    /** The process's copy of the nearby index (report-nearby-mirror.ts); without one every search is a Redis call. */
    readonly mirror?: NearbyMirror,
  ) {
    this.#writes = { channel: mirror?.channel ?? changesChannelOf(calls.client), ...(mirror ? { wrote: (categoryId, seq) => mirror.wrote(categoryId, seq) } : {}) };
  }

  /** The pipeline groups that write a new report (putGroups), for the outbox relay's settle. */
  putGroups(r: ReportRecord): { record: PipelineGroup; indexes: PipelineGroup[] } {
    return putGroups(r, this.#writes);
  }

  async put(r: ReportRecord): Promise<void> {
    const { record, indexes } = this.putGroups(r);
    await this.calls.call('reports.put', async (c) => values(await crossSlotInOrder(c, [record], indexes)));
  }

  async get(reference: string): Promise<ReportRecord | null> {
    const json = await this.calls.call('reports.get', (c) => c.get(reportRecordKey(reference)));
    return json === null ? null : (JSON.parse(json) as ReportRecord);
  }

  async ofOwner(owner: string): Promise<ReportRecord[]> {
    const refs = await this.calls.call('reports.ofOwner', (c) => c.zrevrange(ownerReportsKey(owner), 0, 199));
    return (await this.getMany(refs)).filter((r) => r.owner === owner);
  }

  async setStatus(reference: string, status: CaseStatus, notes: string | undefined, at: string): Promise<ReportRecord | null> {
    const json = await this.calls.call('reports.setStatus', (c) => c.eval(SET_STATUS, 1, reportRecordKey(reference), status, notes ?? '', at));
    if (typeof json !== 'string') return null;
    const record = JSON.parse(json) as ReportRecord;
    if (record.mergedInto !== undefined) return record;
    const ms = msOf(at);
    await this.calls.call('reports.indexStatus', (c) =>
      Promise.all([
        c.zadd(reportsByUpdateKey(), String(ms), reference),
        isOpenStatus(status) ? c.zadd(openReportsKey(), String(ms), reference) : c.zrem(openReportsKey(), reference),
        indexRecord(c, record, this.#writes),
      ]),
    );
    return record;
  }

  async open(): Promise<ReportRecord[]> {
    const refs = await this.calls.call('reports.open', (c) => c.zrange(openReportsKey(), '0', '-1'));
    return (await this.getMany(refs)).filter((r) => isOpenStatus(r.status));
  }

  async forgetOwner(owner: string, references: readonly string[]): Promise<void> {
    const [owned, meTooRefs] = await this.calls.call('reports.owned', (c) => Promise.all([c.zrange(ownerReportsKey(owner), '0', '-1'), c.smembers(meTooOfKey(owner))]));
    const all = [...new Set([...owned, ...references])];
    await this.calls.call('reports.forgetOwner', async (c) => {
      await Promise.all([
        ...all.map((ref) => c.eval(DROP_OWNER, 1, reportRecordKey(ref))),
        // "Me too": the person leaves each report's set; the counts stay.
        ...meTooRefs.map((ref) => c.srem(reportMeTooKey(ref), owner)),
      ]);
      await c.del(ownerReportsKey(owner), meTooOfKey(owner));
    });
  }

  async follow(reference: string, conversationId: string): Promise<boolean> {
    // The conversation's side first (another slot): should the process stop between the two, it
    // holds a reference too many, which erasure tidies, never a follow that erasure cannot find.
    await this.calls.call('reports.followedBy.add', (c) => c.sadd(followedReportsKey(conversationId), reference));
    const exists = await this.calls.call('reports.follow', async (c) => {
      // One slot (the record's tag): the follow is added only to a record that exists.
      const added = await c.eval(`if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end redis.call('SADD', KEYS[2], ARGV[1]) return 1`, 2, reportRecordKey(reference), reportFollowersKey(reference), conversationId);
      return added === 1;
    });
    if (!exists) await this.calls.call('reports.followedBy.remove', (c) => c.srem(followedReportsKey(conversationId), reference));
    return exists;
  }

  async unfollow(reference: string, conversationId: string): Promise<boolean> {
    const removed = await this.calls.call('reports.unfollow', (c) => c.srem(reportFollowersKey(reference), conversationId));
    await this.calls.call('reports.followedBy.remove', (c) => c.srem(followedReportsKey(conversationId), reference));
    return removed === 1;
  }

  async followedBy(conversationId: string): Promise<string[]> {
    return this.calls.call('reports.followedBy', (c) => c.smembers(followedReportsKey(conversationId)));
  }

  async forgetFollower(conversationId: string): Promise<number> {
    const refs = await this.followedBy(conversationId);
    if (refs.length === 0) return 0;
    // One command per report (each in its record's slot), then the reverse set: a retry after a failure finds it still there.
    const removed = await this.calls.call('reports.forgetFollower', (c) => Promise.all(refs.map((ref) => c.srem(reportFollowersKey(ref), conversationId))));
    await this.calls.call('reports.followedBy.delete', (c) => c.del(followedReportsKey(conversationId)));
    return removed.filter((n) => n === 1).length;
  }

  async openPage(cursor: string, pageSize: number): Promise<{ records: ReportRecord[]; next: string }> {
    // ZSCAN: each member present for the whole scan comes at least once (maybe twice).
    const [next, flat] = await this.calls.call('reports.openPage', (c) => c.zscan(openReportsKey(), cursor, 'COUNT', pageSize));
    const refs = flat.filter((_ref, i) => i % 2 === 0);
    return { records: (await this.getMany(refs)).filter((r) => isOpenStatus(r.status)), next };
  }

  async followers(reference: string): Promise<string[]> {
    return this.calls.call('reports.followers', (c) => c.smembers(reportFollowersKey(reference)));
  }

  async merge(reference: string, into: string, at: string): Promise<MergeClaim> {
    // Separate slots (each record's tag): the survivor must exist, then each half is one script.
    if ((await this.calls.call('reports.exists', (c) => c.exists(reportRecordKey(into)))) === 0) return { kind: 'unknown' };
    const out = (await this.calls.call('reports.markMerged', (c) => c.eval(MARK_MERGED, 2, reportRecordKey(reference), reportFollowersKey(reference), into, at))) as string[];
    const [kind, value, ...followers] = out;
    if (kind === 'unknown' || value === undefined) return { kind: 'unknown' };
    if (kind === 'elsewhere') return { kind: 'merged_elsewhere', into: value };
    const record = JSON.parse(value) as ReportRecord;
    // Each follower's own set first (other slots, as `follow` does), then the survivor's side.
    if (followers.length > 0) await this.calls.call('reports.followedBy.add', (c) => Promise.all(followers.map((f) => c.sadd(followedReportsKey(f), into))));
    await this.calls.call('reports.addDuplicate', async (c) => {
      await c.eval(ADD_DUPLICATE, 2, reportRecordKey(into), reportFollowersKey(into), reference, ...followers);
      await Promise.all([
        c.zrem(openReportsKey(), reference),
        c.zadd(reportsByUpdateKey(), String(msOf(record.updatedAt)), reference),
        // Closed: out of the nearby reports' index (report-nearby-redis.ts).
        indexRecord(c, record, this.#writes),
        ...(followers.length > 0 ? [c.srem(reportFollowersKey(reference), ...followers)] : []),
      ]);
    });
    if (followers.length > 0) await this.calls.call('reports.followedBy.remove', (c) => Promise.all(followers.map((f) => c.srem(followedReportsKey(f), reference))));
    return { kind: kind === 'merged' ? 'merged' : 'repeat', record, followers };
  }

  async deleteUpdatedBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const refs = await this.calls.call('reports.expired', (c) => c.zrangebyscore(reportsByUpdateKey(), '-inf', `(${cutoff.getTime()}`, 'LIMIT', 0, DELETE_PAGE));
      if (refs.length === 0) return deleted;
      const records = new Map((await this.getMany(refs)).map((r) => [r.reference, r]));
      const followers = await this.calls.call('reports.expiredFollowers', (c) => Promise.all(refs.map((ref) => c.smembers(reportFollowersKey(ref)))));
      const meTooBy = await this.calls.call('reports.meTooOfExpired', (c) => Promise.all(refs.map((ref) => c.smembers(reportMeTooKey(ref)))));
      await this.calls.call('reports.delete', (c) =>
        Promise.all([
          ...refs.flatMap((ref, i) => {
            const record = records.get(ref);
            const owner = record?.owner;
            return [
              c.del(reportRecordKey(ref), reportFollowersKey(ref), reportMeTooKey(ref)),
              ...(owner !== undefined ? [c.zrem(ownerReportsKey(owner), ref)] : []),
              ...(followers[i] ?? []).map((conversationId) => c.srem(followedReportsKey(conversationId), ref)),
              ...(record ? [unindex(c, record.categoryId, ref, this.#writes)] : []),
              ...(meTooBy[i] ?? []).map((person) => c.srem(meTooOfKey(person), ref)),
            ];
          }),
          c.zrem(openReportsKey(), ...refs),
          c.zrem(reportsByUpdateKey(), ...refs),
        ]),
      );
      deleted += refs.length;
    }
  }

  async nearby(q: NearbyQuery): Promise<NearbyReport[]> {
    return this.mirror?.search(q) ?? this.calls.call('reports.nearby', (c) => searchNearby(c, q));
  }

  async warmNearby(categoryIds: readonly string[]): Promise<void> {
    const mirror = this.mirror;
    if (mirror) await Promise.all(categoryIds.map((id) => mirror.current(id, 10_000)));
  }

  async meToo(reference: string, person: string): Promise<MeTooOutcome> {
    return this.calls.call('reports.meToo', (c) => meToo(c, reference, person));
  }

  async undoMeToo(reference: string, person: string): Promise<void> {
    await this.calls.call('reports.undoMeToo', (c) => undoMeToo(c, reference, person));
  }

  private async getMany(refs: readonly string[]): Promise<ReportRecord[]> {
    if (refs.length === 0) return [];
    const values = await this.calls.call('reports.getMany', (c) => Promise.all(refs.map((ref) => c.get(reportRecordKey(ref)))));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as ReportRecord);
  }
}

/**
 * The commands that write a new report's record, as pipeline groups of one slot each (for one
 * pipeline with other work: src/state/settle-submissions.ts): the record, then its indexes. A
 * repeat changes nothing (the outbox relay may hand a submission over twice, after a crash): the
 * record is SET NX (a status or an erased owner written since stays), the indexes ZADD NX (their
 * scores stay). A repeat after the report closed may list it among the open ones again; `open()`
 * reads each record's status, so it is not shown.
 */
function putGroups(r: ReportRecord, writes: IndexWrites): { record: PipelineGroup; indexes: PipelineGroup[] } {
  const at = msOf(r.updatedAt);
  const owner = r.owner;
  const indexes: PipelineGroup[] = [(p) => p.zadd(reportsByUpdateKey(), 'NX', at, r.reference)];
  if (isOpenStatus(r.status)) indexes.push((p) => p.zadd(openReportsKey(), 'NX', at, r.reference));
  if (owner !== undefined) indexes.push((p) => p.zadd(ownerReportsKey(owner), 'NX', msOf(r.submittedAt), r.reference));
  // Nearby reports (report-nearby-redis.ts). A repeat after the report closed puts it back in
  // its category's index until the next status or the age limit takes it out.
  indexes.push((p) =>
    p.eval(...indexCall(r, writes.channel), (err: Error | null | undefined, seq: unknown) => {
      if (!err) writes.wrote?.(r.categoryId, seq);
    }),
  );
  return { record: (p) => p.set(reportRecordKey(r.reference), JSON.stringify(r), 'NX'), indexes };
}

function msOf(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : Date.now();
}
