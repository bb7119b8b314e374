/**
 * `jurisdiction.districts`: named parts of the jurisdiction (neighbourhoods, wards) that a
 * consultation's area can name (`area: { district: <id> }`, schema-consultation-area.ts), so a
 * shape is drawn once and results can be broken down by it. Each has an id, a name in every
 * offered language (people outside it are told its name) and a GeoJSON boundary, which must lie
 * within the jurisdiction's: every position of it is checked against the city's boundary, with
 * {@link DISTRICT_EDGE_TOLERANCE_METRES} of slack for corners drawn on the city's own edge.
 */
import { z } from 'zod';
import type { Position } from './basic-types';
import { pointNearBoundary } from './geo';
import { boundarySchema, toBoundary, type BoundaryFile } from './schema-boundary';
import { reportDuplicates } from './schema-checks';
import { asRecord, slug } from './schema-primitives';
import { fullyLocalizedText, type SchemaContext } from './schema-text';

/**
 * How far outside the jurisdiction's boundary a district's position may lie. Districts drawn by
 * hand along the city's edge miss it by a few metres; a wrong city or swapped [lat, lon] misses
 * it by kilometres.
 */
export const DISTRICT_EDGE_TOLERANCE_METRES = 50;

/** One district. */
export function districtSchema(ctx: SchemaContext) {
  return z.strictObject({
    id: slug,
    name: fullyLocalizedText(ctx, 'people outside the district are told its name in their language'),
    boundary: boundarySchema,
  });
}

type IssueSink = Pick<z.core.$RefinementCtx, 'addIssue'>;

/**
 * Checks across districts, reported under the jurisdiction: duplicate ids, and each district's
 * first position outside the jurisdiction's boundary (with how many more are). Reads the
 * unvalidated jurisdiction; a boundary that does not parse has its own errors and is skipped.
 */
export function reportDistrictProblems(refine: IssueSink, jurisdiction: Record<string, unknown>): void {
  const { districts } = jurisdiction;
  if (!Array.isArray(districts)) return;
  reportDuplicates(refine, ['districts'], districts, 'id', 'district id');
  const city = boundarySchema.safeParse(jurisdiction.boundary);
  if (!city.success) return;
  const cityBoundary = toBoundary(city.data);
  districts.forEach((district: unknown, index) => {
    const own = boundarySchema.safeParse(asRecord(district)?.boundary);
    if (!own.success) return;
    const outside = positionsOf(own.data).filter(({ position: [lon, lat] }) => !pointNearBoundary(cityBoundary, lat, lon, DISTRICT_EDGE_TOLERANCE_METRES));
    const [first] = outside;
    if (first === undefined) return;
    const [lon, lat] = first.position;
    const more = outside.length === 1 ? '' : ` (and ${String(outside.length - 1)} more of its positions)`;
    refine.addIssue({
      code: 'custom',
      path: ['districts', index, 'boundary', 'coordinates', ...first.path],
      message: `[${String(lon)}, ${String(lat)}] is outside jurisdiction.boundary${more}: a district must lie within the jurisdiction (positions are [longitude, latitude])`,
    });
  });
}

/** Every position of a boundary with its path under `coordinates`, in file order. */
function positionsOf(boundary: BoundaryFile): { position: Position; path: number[] }[] {
  const polygons = boundary.type === 'Polygon' ? [{ rings: boundary.coordinates, prefix: [] as number[] }] : boundary.coordinates.map((rings, p) => ({ rings, prefix: [p] }));
  return polygons.flatMap(({ rings, prefix }) =>
    rings.flatMap((ring, r) => ring.map(([lon, lat], i) => ({ position: [lon, lat] as Position, path: [...prefix, r, i] }))),
  );
}
