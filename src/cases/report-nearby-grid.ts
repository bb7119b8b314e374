/**
 * One category's open reports in memory, bucketed by a fixed grid of 0.01 degree cells (about
 * 1.1 km north-south) and, within a cell, by point, for the process's copy of the nearby index
 * (report-nearby-mirror.ts). A search reads only the cells that the search circle's bounding
 * box touches (one to four for the default 250 m) and measures each point once with the
 * haversine Redis uses (report-nearby.ts distanceM). Reports' points are coarse (3 decimals,
 * report-record.ts), so a city's reports share a few thousand points, and a storm night of
 * thousands of reports at one pin costs one distance and `limit` reads.
 *
 * Hand-written rather than rbush or kdbush (both in env/packages): kdbush cannot change once
 * built, and an R-tree's rebalancing buys nothing for points that are added and removed one at
 * a time and searched by a radius of a few hundred metres.
 */
import { distanceM, nearbyReportOf, type NearbyEntry, type NearbyQuery, type NearbyReport } from './report-nearby';

const CELL_DEG = 0.01;
const LON_CELLS = 36_001;
/** Metres per degree of latitude, a little under the true figure so the box is never too small. */
const M_PER_DEG = 110_000;
/** A search whose box covers more cells than this reads every entry instead. */
const MAX_CELLS = 400;

function cellOf(lat: number, lon: number): number {
  return Math.floor(lat / CELL_DEG) * LON_CELLS + Math.floor(lon / CELL_DEG);
}

/** The open reports at one point (reports' points are coarse: many share one). */
interface Point {
  /** The point, shared by its entries (one object, not one per report). */
  coords: { lat: number; lon: number };
  entries: Map<string, NearbyEntry>;
}

/**
 * Strings of a small domain (agency, category, status, district ids) kept once: parsed from JSON
 * each is a copy of its own. With the point shared too, an entry takes about 280 bytes instead
 * of 370 (10,000 entries at one pin: 2.8 MB instead of 3.7). Bounded: past that many distinct
 * values the rest are kept as they come.
 */
const SHARED_MAX = 1_000;
const shared = new Map<string, string>();

function share(value: string): string {
  const known = shared.get(value);
  if (known !== undefined) return known;
  if (shared.size < SHARED_MAX) shared.set(value, value);
  return value;
}

function compact(e: NearbyEntry, coords: Point['coords']): NearbyEntry {
  return {
    reference: e.reference,
    agencyId: share(e.agencyId),
    categoryId: share(e.categoryId),
    status: share(e.status) as NearbyEntry['status'],
    submittedAt: e.submittedAt,
    ...(e.districtId !== undefined ? { districtId: share(e.districtId) } : {}),
    point: coords,
    at: e.at,
  };
}

function pointKey(lat: number, lon: number): string {
  return `${lat},${lon}`;
}

export class NearbyGrid {
  readonly #entries = new Map<string, NearbyEntry>();
  readonly #cells = new Map<number, Map<string, Point>>();

  get size(): number {
    return this.#entries.size;
  }

  /** Adds or replaces the entry of `reference` (in place when its point is the same); `null` removes it. */
  set(reference: string, entry: NearbyEntry | null): void {
    const old = this.#entries.get(reference);
    const same = old && entry && old.point.lat === entry.point.lat && old.point.lon === entry.point.lon ? this.#pointOf(entry) : undefined;
    if (same && entry) {
      const stored = compact(entry, same.coords);
      this.#entries.set(reference, stored);
      same.entries.set(reference, stored);
      return;
    }
    if (old) {
      const cell = cellOf(old.point.lat, old.point.lon);
      const points = this.#cells.get(cell);
      const key = pointKey(old.point.lat, old.point.lon);
      const point = points?.get(key);
      point?.entries.delete(reference);
      if (point?.entries.size === 0) points?.delete(key);
      if (points?.size === 0) this.#cells.delete(cell);
      this.#entries.delete(reference);
    }
    if (!entry) return;
    const cell = cellOf(entry.point.lat, entry.point.lon);
    let points = this.#cells.get(cell);
    if (!points) this.#cells.set(cell, (points = new Map()));
    const key = pointKey(entry.point.lat, entry.point.lon);
    let point = points.get(key);
    if (!point) points.set(key, (point = { coords: { lat: entry.point.lat, lon: entry.point.lon }, entries: new Map() }));
    const stored = compact(entry, point.coords);
    this.#entries.set(reference, stored);
    point.entries.set(reference, stored);
  }

  /**
   * The `q.limit` nearest entries within `q.radiusM` submitted at or after `q.since`, nearest
   * first. Entries older than that which it meets are dropped, as Redis's search drops those it
   * reads (report-nearby-redis.ts SEARCH). One distance per point, not per report, and reports
   * at the nearest points read only until `limit` are found.
   */
  search(q: NearbyQuery): NearbyReport[] {
    const since = q.since.getTime();
    const near: { point: Point; d: number }[] = [];
    for (const points of this.#cellsNear(q)) {
      for (const point of points.values()) {
        const d = distanceM(q.lat, q.lon, point.coords.lat, point.coords.lon);
        if (d <= q.radiusM) near.push({ point, d });
      }
    }
    near.sort((a, b) => a.d - b.d);
    const found: NearbyReport[] = [];
    const stale: string[] = [];
    for (const { point, d } of near) {
      for (const e of point.entries.values()) {
        if (found.length >= q.limit) break;
        if (e.at < since) stale.push(e.reference);
        // A point of its own: the shared one must not change through a result.
        else found.push({ ...nearbyReportOf(e, d), point: { lat: point.coords.lat, lon: point.coords.lon } });
      }
      if (found.length >= q.limit) break;
    }
    for (const reference of stale) this.set(reference, null);
    return found;
  }

  #pointOf(entry: NearbyEntry): Point | undefined {
    return this.#cells.get(cellOf(entry.point.lat, entry.point.lon))?.get(pointKey(entry.point.lat, entry.point.lon));
  }

  #cellsNear(q: NearbyQuery): Iterable<Map<string, Point>> {
    if (q.limit <= 0) return [];
    const dLat = q.radiusM / M_PER_DEG;
    const north = Math.min(90, q.lat + dLat);
    const south = Math.max(-90, q.lat - dLat);
    const cos = Math.cos((Math.max(Math.abs(north), Math.abs(south)) * Math.PI) / 180);
    const dLon = cos > 1e-6 ? q.radiusM / (M_PER_DEG * cos) : 360;
    const west = q.lon - dLon;
    const east = q.lon + dLon;
    const rows = Math.floor(north / CELL_DEG) - Math.floor(south / CELL_DEG) + 1;
    const cols = Math.floor(east / CELL_DEG) - Math.floor(west / CELL_DEG) + 1;
    // Near a pole, across the antimeridian, or a radius wider than the grid helps with: every cell.
    if (west < -180 || east > 180 || rows * cols > MAX_CELLS) return this.#cells.values();
    const out: Map<string, Point>[] = [];
    for (let r = Math.floor(south / CELL_DEG); r <= Math.floor(north / CELL_DEG); r += 1) {
      for (let c = Math.floor(west / CELL_DEG); c <= Math.floor(east / CELL_DEG); c += 1) {
        const points = this.#cells.get(r * LON_CELLS + c);
        if (points) out.push(points);
      }
    }
    return out;
  }
}
