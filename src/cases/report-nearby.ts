/**
 * Nearby reports (issue 16, "me too"): before a new report is made, WeGov looks for open reports
 * of the same category near its point, as FixMyStreet does, so people add their voice to one
 * instead of making a duplicate. The index holds open reports only (a record leaves it when its
 * case is closed or rejected, when retention deletes it, and when a search finds it older than
 * the search's age), with what the offer shows and nothing personal: the reference, category,
 * agency, status, submission time, district and coarse point.
 *
 * Distances are great-circle (haversine) on Redis's own earth radius, so the memory store and
 * Redis's GEOSEARCH agree to well under a metre (Redis keeps points as 52-bit geohashes).
 */
import type { CaseStatus } from '../engine/input';

/** A search: open reports of `categoryId` within `radiusM` of the point, submitted at or after `since`. */
export interface NearbyQuery {
  categoryId: string;
  lat: number;
  lon: number;
  radiusM: number;
  since: Date;
  /** At most this many, nearest first. */
  limit: number;
}

/** An open report near a point, as a search returns it: public fields only. */
export interface NearbyReport {
  reference: string;
  agencyId: string;
  categoryId: string;
  status: CaseStatus;
  submittedAt: string;
  districtId?: string;
  /** The report's coarse point (report-record.ts COARSE_DECIMALS). */
  point: { lat: number; lon: number };
  /** Metres from the searched point. */
  distanceM: number;
}

/** What the index keeps of one open report (`at`: submission time in ms, for the age filter). */
export interface NearbyEntry extends Omit<NearbyReport, 'distanceM'> {
  at: number;
}

/** The result of a "me too" on a report (once per person per report). */
export type MeTooOutcome = 'counted' | 'already' | 'closed' | 'unknown';

/** Redis's earth radius for GEO commands (src/geohash_helper.c), in metres. */
export const EARTH_RADIUS_M = 6372797.560856;

/** What the index reads of a report record (report-record.ts, which imports this file). */
export type IndexedFields = Omit<NearbyReport, 'distanceM' | 'point'> & { point?: { lat: number; lon: number } };

/** The index entry of a record, or null when it does not belong in the index (closed, or no point). */
export function nearbyEntryOf(r: IndexedFields): NearbyEntry | null {
  if (r.point === undefined || r.status === 'closed' || r.status === 'rejected') return null;
  const at = Date.parse(r.submittedAt);
  return {
    reference: r.reference,
    agencyId: r.agencyId,
    categoryId: r.categoryId,
    status: r.status,
    submittedAt: r.submittedAt,
    ...(r.districtId !== undefined ? { districtId: r.districtId } : {}),
    point: r.point,
    at: Number.isFinite(at) ? at : 0,
  };
}

/** The public report of an index entry at a distance. */
export function nearbyReportOf(e: NearbyEntry, distanceM: number): NearbyReport {
  const { at: _at, ...rest } = e;
  return { ...rest, distanceM };
}

/** Great-circle distance in metres (haversine, as Redis computes it). */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const u = Math.sin(((lat2 - lat1) * rad) / 2);
  const v = Math.sin(((lon2 - lon1) * rad) / 2);
  const a = u * u + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * v * v;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
}

/**
 * The memory store's search: `entries` of one category, nearest first, within the radius and
 * age; returns the matches and the references found too old (the caller drops them).
 */
export function searchEntries(entries: Iterable<NearbyEntry>, q: NearbyQuery): { found: NearbyReport[]; stale: string[] } {
  const within = [...entries]
    .map((e) => ({ e, d: distanceM(q.lat, q.lon, e.point.lat, e.point.lon) }))
    .filter((x) => x.d <= q.radiusM)
    .sort((a, b) => a.d - b.d);
  const found: NearbyReport[] = [];
  const stale: string[] = [];
  // As the Redis script does: stops at the limit (older entries further out stay until a search reaches them).
  for (const { e, d } of within) {
    if (found.length >= q.limit) break;
    if (e.at < q.since.getTime()) stale.push(e.reference);
    else found.push(nearbyReportOf(e, d));
  }
  return { found, stale };
}
