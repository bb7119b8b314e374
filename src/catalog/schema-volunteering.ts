/**
 * The catalogue's `volunteering:` section (issue 13), in the file's snake_case: `opportunities`
 * (with their shifts) and adoptable `assets`. Texts are in every offered language (everyone
 * browses the same opportunities), places and assets lie inside `jurisdiction.boundary`, shift
 * times are read in the jurisdiction's zone like a consultation's `opens_at` (local-time.ts),
 * sign-up questions are the consultation question types (schema-question.ts) with their
 * conditions. Shift ids are unique across the deployment: sign-ups, reminders and rosters name a
 * shift by its id alone, and `wegov volunteer:import` updates shifts by it.
 * normalize-volunteering.ts gives the `Opportunity` and `AdoptableAsset` types.
 */
import { z } from 'zod';
import { pointInBoundary } from './geo';
import { toInstant } from './local-time';
import { reportDuplicates } from './schema-checks';
import { localTime, MAX_QUESTIONS } from './schema-consultation';
import { reportConditionProblems } from './schema-consultation-checks';
import { always, asRecord, slug } from './schema-primitives';
import { questionSchema } from './schema-question';
import { fullyLocalizedText, listOrNone, type SchemaContext } from './schema-text';

type IssueSink = Pick<z.core.$RefinementCtx, 'addIssue'>;

const WHY = 'volunteers browse in every offered language';

/** More places than any one shift needs; a larger number is a typo. */
export const MAX_SHIFT_CAPACITY = 10_000;

/** The wording of a bad capacity, here and in shift imports. */
export const CAPACITY_MESSAGE = 'must be a whole number of at least 1';

const capacity = z
  .number({ error: (issue) => (issue.input === undefined ? 'required' : CAPACITY_MESSAGE) })
  .int(CAPACITY_MESSAGE)
  .min(1, CAPACITY_MESSAGE)
  .max(MAX_SHIFT_CAPACITY, `must be at most ${String(MAX_SHIFT_CAPACITY)}`);

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** One shift: times in the jurisdiction's zone (or ISO instants), out as ISO instants in UTC. */
export function shiftSchema(ctx: SchemaContext) {
  return z
    .strictObject({ id: slug, starts_at: localTime(ctx), ends_at: localTime(ctx), capacity })
    .superRefine((value: unknown, refine) => reportEndsBeforeStarts(refine, asRecord(value), ctx.timeZone ?? 'UTC'), always);
}

/** One opportunity. */
export function opportunitySchema(ctx: SchemaContext) {
  const text = fullyLocalizedText(ctx, WHY);
  return z
    .strictObject({
      id: slug,
      title: text,
      description: text,
      agency: slug,
      place: z.strictObject({ lat: latitude, lon: longitude, address: text }),
      tags: z.array(slug).default([]),
      /** Self-declared. */
      min_age: z.number().int().min(1).max(120).optional(),
      /** Each acknowledged before signing up ("I can lift 10 kg"). */
      requirements: z.array(text).default([]),
      questions: z
        .array(questionSchema(ctx))
        .max(MAX_QUESTIONS, `has more than ${String(MAX_QUESTIONS)} questions`)
        .default([])
        .superRefine((questions: unknown, refine) => reportDuplicates(refine, [], questions, 'id', 'question id'), always),
      waitlist: z.boolean().default(true),
      /** May be empty: shifts also come from `wegov volunteer:import` and the admin API. */
      shifts: z.array(shiftSchema(ctx)).default([]),
    })
    .superRefine((value: unknown, refine) => {
      const o = asRecord(value);
      if (o === undefined) return;
      reportConditionProblems(refine, o.questions);
      reportUnknownAgency(refine, o.agency, ctx);
      const place = asRecord(o.place);
      if (place !== undefined) reportOutside(refine, ['place', 'lat'], place, ctx, 'a place');
    }, always);
}

/** An asset's type: `storm_drain`, `tree`, `hydrant`, `bench`, ... (people filter by it; asset imports check it too). */
export const assetType = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1-40 lowercase letters, digits or _, like storm_drain');

/** One adoptable asset (a storm drain, a tree, a hydrant, a bench). */
export function assetSchema(ctx: SchemaContext) {
  return z
    .strictObject({
      id: slug,
      type: assetType,
      name: fullyLocalizedText(ctx, WHY),
      lat: latitude,
      lon: longitude,
      agency: slug,
    })
    .superRefine((value: unknown, refine) => {
      const a = asRecord(value);
      if (a === undefined) return;
      reportUnknownAgency(refine, a.agency, ctx);
      reportOutside(refine, ['lat'], a, ctx, 'an asset');
    }, always);
}

/** `volunteering:`; ids of opportunities, shifts (across every opportunity) and assets are unique. */
export function volunteeringSchema(ctx: SchemaContext) {
  return z
    .strictObject({
      opportunities: z.array(opportunitySchema(ctx)).default([]),
      assets: z.array(assetSchema(ctx)).default([]),
    })
    .superRefine((value: unknown, refine) => {
      const v = asRecord(value);
      if (v === undefined) return;
      reportDuplicates(refine, ['opportunities'], v.opportunities, 'id', 'opportunity id');
      reportDuplicates(refine, ['assets'], v.assets, 'id', 'asset id');
      reportDuplicateShifts(refine, v.opportunities);
    }, always);
}

/** The section as written, after validation. */
export type VolunteeringFile = z.output<ReturnType<typeof volunteeringSchema>>;
export type OpportunityFile = VolunteeringFile['opportunities'][number];
export type AssetFile = VolunteeringFile['assets'][number];

function reportEndsBeforeStarts(refine: IssueSink, s: Record<string, unknown> | undefined, timeZone: string): void {
  if (typeof s?.starts_at !== 'string' || typeof s.ends_at !== 'string') return;
  // Converting an already converted instant gives it back, so this reads raw and parsed values alike.
  const starts = toInstant(s.starts_at, timeZone);
  const ends = toInstant(s.ends_at, timeZone);
  if (!starts.ok || !ends.ok || ends.iso > starts.iso) return;
  refine.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' });
}

function reportUnknownAgency(refine: IssueSink, agency: unknown, ctx: SchemaContext): void {
  if (typeof agency !== 'string' || ctx.agencyIds === undefined || ctx.agencyIds.includes(agency)) return;
  refine.addIssue({ code: 'custom', path: ['agency'], message: `unknown agency '${agency}' (agencies defined: ${listOrNone(ctx.agencyIds)})` });
}

function reportOutside(refine: IssueSink, path: PropertyKey[], point: Record<string, unknown>, ctx: SchemaContext, what: string): void {
  const { lat, lon } = point;
  if (ctx.boundary === undefined || !latitude.safeParse(lat).success || !longitude.safeParse(lon).success) return;
  if (pointInBoundary(ctx.boundary, lat as number, lon as number)) return;
  const message = `lat ${String(lat)}, lon ${String(lon)} is outside jurisdiction.boundary: ${what} must lie within the jurisdiction (are lat and lon swapped?)`;
  refine.addIssue({ code: 'custom', path, message });
}

/** A shift id used twice anywhere in `opportunities`, at the second use. */
function reportDuplicateShifts(refine: IssueSink, opportunities: unknown): void {
  if (!Array.isArray(opportunities)) return;
  const first = new Map<string, string>();
  opportunities.forEach((o: unknown, i) => {
    const shifts = asRecord(o)?.shifts;
    if (!Array.isArray(shifts)) return;
    shifts.forEach((s: unknown, j) => {
      const id = asRecord(s)?.id;
      if (typeof id !== 'string') return;
      const where = `opportunities[${String(i)}].shifts[${String(j)}]`;
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, where);
        return;
      }
      const message = `duplicate shift id '${id}' (also at ${earlier}; shift ids are unique across the deployment)`;
      refine.addIssue({ code: 'custom', path: ['opportunities', i, 'shifts', j, 'id'], message });
    });
  });
}
