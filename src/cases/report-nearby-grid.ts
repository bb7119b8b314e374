/**
 * One category's open reports in memory, bucketed by a fixed grid of 0.01 degree cells (about
 * 1.1 km north-south), for the process's copy of the nearby index (report-nearby-mirror.ts).
 * A search reads only the cells that the search circle's bounding box touches (one to four for
 * the default 250 m), measures each entry with the haversine Redis uses (report-nearby.ts
 * distanceM), and keeps the `limit` nearest in a small sorted array, so a storm night of
 * thousands of reports at one pin costs one pass, not a sort of them all.
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

export class NearbyGrid {
  readonly #entries = new Map<string, NearbyEntry>();
  readonly #cells = new Map<number, Map<string, NearbyEntry>>();

  get size(): number {
    return this.#entries.size;
  }

  /** Adds or replaces the entry of `reference`; `null` removes it. */
  set(reference: string, entry: NearbyEntry | null): void {
    const old = this.#entries.get(reference);
    if (old) {
      const cell = cellOf(old.point.lat, old.point.lon);
      const bucket = this.#cells.get(cell);
      bucket?.delete(reference);
      if (bucket?.size === 0) this.#cells.delete(cell);
      this.#entries.delete(reference);
    }
    if (!entry) return;
    this.#entries.set(reference, entry);
    const cell = cellOf(entry.point.lat, entry.point.lon);
    let bucket = this.#cells.get(cell);
    if (!bucket) this.#cells.set(cell, (bucket = new Map()));
    bucket.set(reference, entry);
  }

  /**
   * The `q.limit` nearest entries within `q.radiusM` submitted at or after `q.since`, nearest
   * first. Entries within the radius but older than that are dropped, as Redis's search drops
   * those it meets (report-nearby-redis.ts SEARCH).
   */
  search(q: NearbyQuery): NearbyReport[] {
    const since = q.since.getTime();
    const best: { e: NearbyEntry; d: number }[] = [];
    const stale: string[] = [];
    const consider = (e: NearbyEntry): void => {
      const d = distanceM(q.lat, q.lon, e.point.lat, e.point.lon);
      if (d > q.radiusM) return;
      if (e.at < since) {
        stale.push(e.reference);
        return;
      }
      if (best.length === q.limit && d >= best[best.length - 1]!.d) return;
      let i = best.length;
      while (i > 0 && best[i - 1]!.d > d) i -= 1;
      best.splice(i, 0, { e, d });
      if (best.length > q.limit) best.pop();
    };
    for (const bucket of this.#bucketsNear(q)) for (const e of bucket.values()) consider(e);
    for (const reference of stale) this.set(reference, null);
    return best.map(({ e, d }) => nearbyReportOf(e, d));
  }

  #bucketsNear(q: NearbyQuery): Iterable<Map<string, NearbyEntry>> {
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
    // Near a pole, across the antimeridian, or a radius wider than the grid helps with: every entry.
    if (west < -180 || east > 180 || rows * cols > MAX_CELLS) return [this.#entries];
    const out: Map<string, NearbyEntry>[] = [];
    for (let r = Math.floor(south / CELL_DEG); r <= Math.floor(north / CELL_DEG); r += 1) {
      for (let c = Math.floor(west / CELL_DEG); c <= Math.floor(east / CELL_DEG); c += 1) {
        const bucket = this.#cells.get(r * LON_CELLS + c);
        if (bucket) out.push(bucket);
      }
    }
    return out;
  }
}
