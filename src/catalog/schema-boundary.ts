import { z } from 'zod';
import type { Boundary, Position } from './basic-types';

const longitude = z.number().min(-180, 'longitude must be between -180 and 180').max(180, 'longitude must be between -180 and 180');
const latitude = z.number().min(-90, 'latitude must be between -90 and 90').max(90, 'latitude must be between -90 and 90');

/** A GeoJSON position: [longitude, latitude], optionally with an altitude that WeGov ignores. */
const position = z.tuple([longitude, latitude, z.number().optional()], {
  error: 'a position is [longitude, latitude]',
});

/** A linear ring: at least 4 positions, the last repeating the first. */
const ring = z
  .array(position)
  .min(4, 'a ring needs at least 4 positions (3 corners, then the first one again)')
  .superRefine((positions, ctx) => {
    const first = positions[0];
    const last = positions[positions.length - 1];
    if (first === undefined || last === undefined) return;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      ctx.addIssue({
        code: 'custom',
        message: `ring is not closed: the last position [${String(last[0])}, ${String(last[1])}] must repeat the first [${String(first[0])}, ${String(first[1])}]`,
      });
    }
  });

/** Rings of one polygon: the outer ring first, then holes. */
const polygonRings = z.array(ring).min(1, 'a polygon needs an outer ring');

/**
 * The city boundary as a GeoJSON geometry (`Polygon` or `MultiPolygon`, as exported by
 * geojson.io or QGIS). Output keeps the GeoJSON shape; see `normalize.ts` for `Boundary`.
 */
export const boundarySchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('Polygon'), coordinates: polygonRings }),
    z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonRings).min(1, 'needs at least one polygon') }),
  ],
  { error: 'expected a GeoJSON geometry with type Polygon or MultiPolygon (for a Feature, use its geometry)' },
);

/** The boundary as written in the file, after validation. */
export type BoundaryFile = z.output<typeof boundarySchema>;

/** A validated boundary as the code uses it: a list of polygons (MultiPolygon-style), [lon, lat] only. */
export function toBoundary(boundary: BoundaryFile): Boundary {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  return polygons.map((rings) => rings.map((ring) => ring.map(([lon, lat]): Position => [lon, lat])));
}
