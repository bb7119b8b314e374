/**
 * The Redis side of nearby reports and "me too" (report-nearby.ts): Lua scripts, each on keys of
 * one hash tag, so each is one atomic call that Redis Cluster routes to one slot.
 * - Index: per category a GEO set and a HASH of entries, both tagged `{nearby:<categoryId>}`
 *   (src/state/redis-keys.ts). Written with a record by one script (a search never sees a member
 *   without its entry), which also counts the write and publishes it, for the copy of the index
 *   each web process keeps (report-nearby-mirror.ts).
 * - Search: GEOSEARCH ... BYRADIUS ... COUNT ... ANY WITHDIST in rounds that narrow the radius,
 *   then each hit's entry, in one script that also drops entries older than the search's age
 *   (bounded work however many reports share a place: SEARCH below).
 * - Me too: a SET of people per report beside its record `{report:<ref>}`; the count is in the
 *   record, raised only when the person was not in the set.
 */
import { isCluster, type RedisClient } from '../state/redis-connection';
import { meTooOfKey, nearbyChangesChannel, nearbyEntriesKey, nearbyGeoKey, nearbySeqKey, reportMeTooKey, reportRecordKey } from '../state/redis-keys';
import { nearbyEntryOf, nearbyReportOf, type MeTooOutcome, type NearbyEntry, type NearbyQuery, type NearbyReport } from './report-nearby';
import { parseNearbyEntry } from './report-nearby-entry';
import type { ReportRecord } from './report-record';

/**
 * KEYS: geo, entries, seq. ARGV: reference, lon, lat, entry JSON ('' removes the reference),
 * channel, category. Raises the category's counter and publishes the change with it
 * (`<category>\n<seq>\n<reference>\n<entry>`, report-nearby-mirror.ts); returns the counter.
 */
const INDEX = `
if ARGV[4] == '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
else
  redis.call('GEOADD', KEYS[1], ARGV[2], ARGV[3], ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
end
local seq = redis.call('INCR', KEYS[3])
redis.call('PUBLISH', ARGV[5], ARGV[6] .. '\\n' .. seq .. '\\n' .. ARGV[1] .. '\\n' .. ARGV[4])
return seq`;

/**
 * KEYS: entries, seq. ARGV: most entries. Returns { seq } when the category holds more entries
 * than that, else { seq, { reference, entry JSON, ... } }: one atomic read, so every change
 * after it carries a higher counter.
 */
const SNAPSHOT = `
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
if redis.call('HLEN', KEYS[1]) > tonumber(ARGV[1]) then return { seq } end
return { seq, redis.call('HGETALL', KEYS[1]) }`;

/**
 * KEYS: geo, entries. ARGV: lon, lat, radius (m), since (ms), limit. Returns entry JSON, distance,
 * ... nearest first, at most `limit` pairs.
 *
 * Bounded however many reports share the place (a storm night: hundreds of open reports of one
 * flooded street): a plain GEOSEARCH returns every member within the radius, and read into Lua
 * that cost 8 ms of Redis, blocking every other conversation's commit, with 9,000 reports at one
 * pin (2.7 ms for GEOSEARCH alone, 1.4 ms with COUNT, which still scans and sorts them all). So
 * each round reads at most 4 x limit members with COUNT ... ANY (Redis stops once it has that
 * many: 37 us at the same 9,000), and ANY may read them in any order. A round that returns
 * fewer than that has read every member within its radius. One that returns that many narrows
 * the radius to the limit-th nearest open report it read (the nearest `limit` all lie within
 * it), or, when that is the radius already (many at one distance), to half a metre inside it,
 * to look for anything nearer, and reads again. The answer is exact (to half a metre) once a
 * round is complete; after 6 rounds it is the nearest of those read. Entries older than `since`,
 * or without their entry, are dropped from the index as they are met.
 */
const SEARCH = `
local radius = tonumber(ARGV[3])
local since = tonumber(ARGV[4])
local limit = tonumber(ARGV[5])
local count = limit * 4
local seen = {}
local open = {}
for round = 1, 6 do
  local hits = redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', ARGV[1], ARGV[2], 'BYRADIUS', radius, 'm', 'COUNT', count, 'ANY', 'WITHDIST')
  local near = {}
  for _, hit in ipairs(hits) do
    local member = hit[1]
    if seen[member] == nil then
      seen[member] = false
      local v = redis.call('HGET', KEYS[2], member)
      if not v then
        redis.call('ZREM', KEYS[1], member)
      elseif cjson.decode(v).at < since then
        redis.call('ZREM', KEYS[1], member)
        redis.call('HDEL', KEYS[2], member)
      else
        seen[member] = true
        open[#open + 1] = { v, hit[2], tonumber(hit[2]) }
      end
    end
    if seen[member] then near[#near + 1] = tonumber(hit[2]) end
  end
  if #hits < count then break end
  table.sort(near)
  local nth = near[limit]
  if nth ~= nil then
    if nth < radius then radius = nth else radius = radius - 0.5 end
    if radius <= 0 then break end
  end
end
table.sort(open, function(a, b) return a[3] < b[3] end)
local out = {}
for i = 1, math.min(limit, #open) do
  out[#out + 1] = open[i][1]
  out[#out + 1] = open[i][2]
end
return out`;

/** KEYS: record, its me-too set. ARGV: person. */
const ME_TOO = `
local v = redis.call('GET', KEYS[1])
if not v then return 'unknown' end
local r = cjson.decode(v)
if r.status == 'closed' or r.status == 'rejected' then return 'closed' end
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 'already' end
r.meToo = (r.meToo or 0) + 1
redis.call('SET', KEYS[1], cjson.encode(r))
return 'counted'`;

/** KEYS: record, its me-too set. ARGV: person. */
const UNDO_ME_TOO = `
if redis.call('SREM', KEYS[2], ARGV[1]) == 0 then return 0 end
local v = redis.call('GET', KEYS[1])
if not v then return 1 end
local r = cjson.decode(v)
r.meToo = math.max(0, (r.meToo or 1) - 1)
redis.call('SET', KEYS[1], cjson.encode(r))
return 1`;

/** Latitudes Redis GEO accepts (EPSG:3785). */
const MAX_GEO_LAT = 85.05112878;

/** Where index writes publish their changes, and who hears of each write's counter. */
export interface IndexWrites {
  channel: string;
  /** Told each write's counter once Redis answered (report-nearby-mirror.ts NearbyMirror.wrote). */
  wrote?: (categoryId: string, seq: unknown) => void;
}

/** The changes channel of the database `c` works on (a cluster has only database 0). */
export function changesChannelOf(c: RedisClient): string {
  return nearbyChangesChannel(isCluster(c) ? 0 : (c.options.db ?? 0));
}

/** Puts a record in its category's index, or takes it out (closed, rejected, no point). */
export async function indexRecord(c: RedisClient, r: ReportRecord, writes: IndexWrites): Promise<void> {
  const seq = await c.eval(...indexCall(r, writes.channel));
  writes.wrote?.(r.categoryId, seq);
}

/** The EVAL arguments of indexRecord, for a pipeline (report-records-redis.ts putGroups). */
export function indexCall(r: ReportRecord, channel: string): [string, number, ...string[]] {
  const entry = nearbyEntryOf(r);
  const keys = [nearbyGeoKey(r.categoryId), nearbyEntriesKey(r.categoryId), nearbySeqKey(r.categoryId)];
  if (!entry || Math.abs(entry.point.lat) > MAX_GEO_LAT) return [INDEX, 3, ...keys, r.reference, '0', '0', '', channel, r.categoryId];
  return [INDEX, 3, ...keys, r.reference, String(entry.point.lon), String(entry.point.lat), JSON.stringify(entry), channel, r.categoryId];
}

/** Takes a reference out of its category's index. */
export async function unindex(c: RedisClient, categoryId: string, reference: string, writes: IndexWrites): Promise<void> {
  const seq = await c.eval(INDEX, 3, nearbyGeoKey(categoryId), nearbyEntriesKey(categoryId), nearbySeqKey(categoryId), reference, '0', '0', '', writes.channel, categoryId);
  writes.wrote?.(categoryId, seq);
}

/** A category's counter (0 when it has none: nothing was ever written, or the data was flushed). */
export async function indexCounter(c: RedisClient, categoryId: string): Promise<number> {
  return Number((await c.get(nearbySeqKey(categoryId))) ?? 0);
}

/** A category's index as it stands: its counter, and its entries unless there are more than `max`. */
export async function snapshotIndex(c: RedisClient, categoryId: string, max: number): Promise<{ seq: number; entries: NearbyEntry[] | null }> {
  const [seq, flat] = (await c.eval(SNAPSHOT, 2, nearbyEntriesKey(categoryId), nearbySeqKey(categoryId), String(max))) as [number, string[] | undefined];
  if (flat === undefined) return { seq: Number(seq), entries: null };
  const entries: NearbyEntry[] = [];
  // An entry that is not one (hand-edited, or from another version) is left out of the copy.
  for (let i = 1; i < flat.length; i += 2) {
    const entry = parseNearbyEntry(flat[i]!);
    if (entry?.categoryId === categoryId) entries.push(entry);
  }
  return { seq: Number(seq), entries };
}

/** The search: one script. */
export async function searchNearby(c: RedisClient, q: NearbyQuery): Promise<NearbyReport[]> {
  const raw = (await c.eval(SEARCH, 2, nearbyGeoKey(q.categoryId), nearbyEntriesKey(q.categoryId), String(q.lon), String(q.lat), String(q.radiusM), String(q.since.getTime()), String(q.limit))) as string[];
  const found: NearbyReport[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) found.push(nearbyReportOf(JSON.parse(raw[i]!) as NearbyEntry, Number(raw[i + 1])));
  return found;
}

/** Counts `person` once on an open report, and notes the reference under the person (for erasure). */
export async function meToo(c: RedisClient, reference: string, person: string): Promise<MeTooOutcome> {
  const outcome = (await c.eval(ME_TOO, 2, reportRecordKey(reference), reportMeTooKey(reference), person)) as MeTooOutcome;
  if (outcome === 'counted') await c.sadd(meTooOfKey(person), reference);
  return outcome;
}

export async function undoMeToo(c: RedisClient, reference: string, person: string): Promise<void> {
  await c.eval(UNDO_ME_TOO, 2, reportRecordKey(reference), reportMeTooKey(reference), person);
  await c.srem(meTooOfKey(person), reference);
}
