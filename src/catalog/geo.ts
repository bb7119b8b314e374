import type { Boundary, Position } from './types';

/**
 * Whether a point lies inside the boundary: inside some polygon's outer ring and outside all of
 * that polygon's holes (even-odd ray casting). Coordinates are planar degrees, which is fine at
 * city scale; rings need not repeat their first position and may run either way round.
 * A point exactly on an edge may count as inside or outside. Non-finite input is outside.
 */
export function pointInBoundary(boundary: Boundary, lat: number, lon: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  return boundary.some((polygon) => pointInPolygon(polygon, lon, lat));
}

function pointInPolygon(rings: Position[][], x: number, y: number): boolean {
  const [outer, ...holes] = rings;
  if (outer === undefined || !pointInRing(outer, x, y)) return false;
  return !holes.some((hole) => pointInRing(hole, x, y));
}

/** Counts crossings of a ray from (x, y) towards +x; odd means inside. */
function pointInRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    // The edge straddles the ray's line (half-open, so a shared vertex counts once) ...
    if (yi > y !== yj > y) {
      // ... and crosses it to the right of the point.
      const crossX = xi + ((y - yi) * (xj - xi)) / (yj - yi);
      if (x < crossX) inside = !inside;
    }
  }
  return inside;
}
