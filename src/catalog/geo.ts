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

/** Metres per degree of latitude (and of longitude at the equator), near enough at city scale. */
const METRES_PER_DEGREE = 111_320;

/**
 * Whether a point lies inside the boundary or at most `metres` outside it (from the nearest edge
 * of any ring). For checks on configured shapes: a district drawn along the city's edge shares
 * its corners and edges, which {@link pointInBoundary} may count either way.
 */
export function pointNearBoundary(boundary: Boundary, lat: number, lon: number, metres: number): boolean {
  if (pointInBoundary(boundary, lat, lon)) return true;
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  // A local flat projection around the point: longitude degrees shrink with the latitude.
  const scaleX = METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
  const flat = ([x, y]: Position): [number, number] => [(x - lon) * scaleX, (y - lat) * METRES_PER_DEGREE];
  return boundary.some((polygon) =>
    polygon.some((ring) => ring.some((position, i) => distanceToOrigin(flat(position), flat(ring[(i + 1) % ring.length] as Position)) <= metres)),
  );
}

/** Distance from (0, 0) to the segment a-b. */
function distanceToOrigin([ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / lengthSquared));
  return Math.hypot(ax + t * dx, ay + t * dy);
}
