/**
 * A consultation's `area` (who may take part, decided by a location answer), in one of two forms:
 * - `{ district: <id> }`: one of `jurisdiction.districts` (schema-district.ts), drawn once for the city;
 * - `{ name, boundary }`: a shape of its own, its name in every offered language.
 * One strict object with optional keys rather than a union, so a mistake in either form gets its
 * own message (a union would only say that neither form fits). normalize-consultation.ts turns
 * both into the same `ConsultationArea`.
 */
import { z } from 'zod';
import { boundarySchema, type BoundaryFile } from './schema-boundary';
import { always, asRecord, slug } from './schema-primitives';
import { fullyLocalizedText, listOrNone, type SchemaContext } from './schema-text';

type Text = string | Record<string, string>;

/** The area as written, after validation: a district reference or an inline shape. */
export type AreaFile = { district: string } | { name: Text; boundary: BoundaryFile };

const FORMS = 'either { district: <id> } (one of jurisdiction.districts) or { name, boundary }';

/** `area`, checked against the districts of the jurisdiction (`ctx.districtIds`) when they are readable. */
export function consultationAreaSchema(ctx: SchemaContext) {
  return z
    .strictObject({ district: slug.optional(), name: fullyLocalizedText(ctx).optional(), boundary: boundarySchema.optional() })
    .superRefine((value: unknown, refine) => {
      const area = asRecord(value);
      if (area === undefined) return;
      const { district } = area;
      if (district !== undefined) {
        for (const key of ['name', 'boundary'] as const) {
          if (area[key] !== undefined) refine.addIssue({ code: 'custom', path: [key], message: `not used with district: the area is ${FORMS}` });
        }
        const known = ctx.districtIds;
        // An id that is not a slug has its own message.
        if (typeof district === 'string' && slug.safeParse(district).success && known !== undefined && !known.includes(district)) {
          refine.addIssue({ code: 'custom', path: ['district'], message: `unknown district '${district}' (districts defined: ${listOrNone(known)})` });
        }
        return;
      }
      if (area.name === undefined && area.boundary === undefined) {
        refine.addIssue({ code: 'custom', message: `expected ${FORMS}` });
        return;
      }
      for (const key of ['name', 'boundary'] as const) {
        if (area[key] === undefined) refine.addIssue({ code: 'custom', path: [key], message: `required (or name a district instead: { district: <id> })` });
      }
    }, always)
    .transform((area, refine): AreaFile => {
      if (area.district !== undefined) return { district: area.district };
      if (area.name !== undefined && area.boundary !== undefined) return { name: area.name, boundary: area.boundary };
      // Unreachable: the check above reported it, and a transform runs only on a valid value.
      refine.addIssue({ code: 'custom', message: `expected ${FORMS}` });
      return z.NEVER;
    });
}
