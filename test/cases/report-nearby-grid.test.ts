/**
 * The in-memory index of one category (src/cases/report-nearby-grid.ts), which a web process's
 * copy of the nearby index searches: it finds exactly what a search of every entry finds (the
 * memory store's searchEntries), in the same order, wherever the point is: in a city, across
 * cell edges, at the antimeridian and near a pole; and it forgets what is removed.
 */
import { NearbyGrid } from '../../src/cases/report-nearby-grid';
import { searchEntries, type NearbyEntry, type NearbyQuery } from '../../src/cases/report-nearby';
import { seededRandom } from '../../src/engine/seeded-random';

const NOW = Date.parse('2026-11-27T12:00:00.000Z');
const DAY = 86_400_000;

function entryAt(i: number, lat: number, lon: number, ageDays: number): NearbyEntry {
  const at = NOW - ageDays * DAY;
  return { reference: `WG-${String(i).padStart(6, '0')}`, agencyId: 'public-works', categoryId: 'pothole', status: 'open', submittedAt: new Date(at).toISOString(), point: { lat, lon }, at };
}

function scatter(random: () => number, n: number, lat: number, lon: number, spreadDeg: number): NearbyEntry[] {
  return Array.from({ length: n }, (_, i) => entryAt(i, Math.max(-90, Math.min(90, lat + (random() - 0.5) * spreadDeg)), Math.max(-180, Math.min(180, lon + (random() - 0.5) * spreadDeg)), random() * 40));
}

const places: [string, number, number][] = [
  ['a city', 30.2672, -97.7431],
  ['on a cell edge', 30.27, -97.74],
  ['at the antimeridian', -16.5, 179.999],
  ['near the north pole', 84.9, 12],
];

describe.each(places)('the grid %s', (_name, lat, lon) => {
  it('finds what a search of every entry finds, in the same order, for any radius and limit', () => {
    const random = seededRandom(Math.round(lat * 1000));
    const entries = scatter(random, 3000, lat, lon, 0.04);
    const grid = new NearbyGrid();
    for (const e of entries) grid.set(e.reference, e);
    for (let i = 0; i < 200; i++) {
      const q: NearbyQuery = {
        categoryId: 'pothole',
        lat: lat + (random() - 0.5) * 0.03,
        lon: Math.max(-180, Math.min(180, lon + (random() - 0.5) * 0.03)),
        radiusM: [50, 250, 1200, 5000][i % 4]!,
        since: new Date(NOW - 30 * DAY),
        limit: [1, 5, 20][i % 3]!,
      };
      const expected = searchEntries(entries, q).found;
      expect(grid.search(q)).toEqual(expected);
    }
  });
});

it('forgets an entry that is removed or replaced, and moves one whose point changed', () => {
  const grid = new NearbyGrid();
  const a = entryAt(1, 30.2672, -97.7431, 1);
  const b = entryAt(2, 30.2673, -97.7431, 1);
  grid.set(a.reference, a);
  grid.set(b.reference, b);
  const q: NearbyQuery = { categoryId: 'pothole', lat: 30.2672, lon: -97.7431, radiusM: 250, since: new Date(NOW - 30 * DAY), limit: 5 };
  expect(grid.search(q).map((r) => r.reference)).toEqual([a.reference, b.reference]);
  grid.set(a.reference, null);
  expect(grid.search(q).map((r) => r.reference)).toEqual([b.reference]);
  // Moved 5 km away (another cell): no longer near.
  grid.set(b.reference, { ...b, point: { lat: 30.3122, lon: -97.7431 } });
  expect(grid.search(q)).toEqual([]);
  expect(grid.size).toBe(1);
});

it('reads one pass over thousands of reports at one pin and returns the nearest few', () => {
  const grid = new NearbyGrid();
  for (let i = 0; i < 9000; i++) grid.set(`WG-C${i}`, entryAt(i, 30.2675, -97.7431, 1));
  const near = entryAt(99999, 30.26721, -97.7431, 1);
  grid.set(near.reference, near);
  const found = grid.search({ categoryId: 'pothole', lat: 30.2672, lon: -97.7431, radiusM: 250, since: new Date(NOW - 30 * DAY), limit: 5 });
  expect(found).toHaveLength(5);
  expect(found[0]!.reference).toBe(near.reference);
});

it('with coarse points shared by many reports, some of them too old, finds what a search of every entry finds', () => {
  const random = seededRandom(3);
  const coarse = (x: number): number => Math.round(x * 1000) / 1000;
  const entries = Array.from({ length: 4000 }, (_, i) => entryAt(i, coarse(30.2672 + (random() - 0.5) * 0.01), coarse(-97.7431 + (random() - 0.5) * 0.01), random() * 40));
  const grid = new NearbyGrid();
  for (const e of entries) grid.set(e.reference, e);
  for (let i = 0; i < 100; i++) {
    const q: NearbyQuery = { categoryId: 'pothole', lat: 30.2672 + (random() - 0.5) * 0.008, lon: -97.7431 + (random() - 0.5) * 0.008, radiusM: 250, since: new Date(NOW - 30 * DAY), limit: 5 };
    const expected = searchEntries(entries, q).found;
    expect(grid.search(q)).toEqual(expected);
  }
});
