import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { boundarySchema, toBoundary } from './schema-boundary';
import { categorySchema } from './schema-category';
import { consultationSchema } from './schema-consultation';
import { districtSchema, reportDistrictProblems } from './schema-district';
import { geocoderSchema } from './schema-geocoder';
import { intentsSchema } from './schema-intents';
import { nearbySchema } from './schema-nearby';
import { volunteeringSchema } from './schema-volunteering';
import { reportDuplicates, reportUnknownReferences } from './schema-checks';
import { always, asRecord, envName, isTimeZone, phoneNumber, secureUrl, slug, timeZone } from './schema-primitives';
import { listOrNone, localeTag, localizedText, type SchemaContext, shippedLocale } from './schema-text';

export type { SchemaContext } from './schema-text';

// The catalogue file format. Parts: schema-text (localized text, locales), schema-boundary
// (GeoJSON), schema-category (categories, attributes), schema-checks (cross-field checks),
// schema-primitives (ids, URLs, env names), schema-district (named parts of the jurisdiction),
// schema-consultation (consultations and their questions), schema-volunteering (opportunities,
// shifts and adoptable assets). `config/demo-city.yaml` documents
// it for operators.

function jurisdictionSchema(ctx: SchemaContext) {
  return z
    .strictObject({
      id: z.string().regex(/^\S+$/, 'must be one word, e.g. riverside.example'),
      name: localizedText(ctx),
      timezone: timeZone,
      default_locale: localeTag,
      locales: z.array(shippedLocale(ctx)).min(1).optional(),
      boundary: boundarySchema,
      districts: z.array(districtSchema(ctx)).default([]),
      emergency_number: phoneNumber,
      phone_region: z
        .string()
        .refine((region) => isSupportedCountry(region), 'must be a two-letter ISO 3166 region code like US or ES')
        .default('US'),
      reference_prefix: z.string().regex(/^[A-Z]{1,4}$/, 'must be 1-4 uppercase letters, like WG').default('WG'),
      /** How typed addresses become points (schema-geocoder.ts); optional. */
      geocoder: geocoderSchema.optional(),
    })
    .superRefine((value: unknown, refine) => {
      const jurisdiction = asRecord(value);
      if (jurisdiction !== undefined) reportDistrictProblems(refine, jurisdiction);
      const { defaultLocale, locales } = readLocales(value);
      if (defaultLocale === undefined) return;
      if (locales === undefined) {
        if (!ctx.shippedLocales.includes(defaultLocale)) {
          const message = `locale '${defaultLocale}' is not shipped: locales/ has ${listOrNone(ctx.shippedLocales)}`;
          refine.addIssue({ code: 'custom', path: ['default_locale'], message });
        }
      } else if (!locales.includes(defaultLocale)) {
        refine.addIssue({ code: 'custom', path: ['locales'], message: `must include default_locale '${defaultLocale}'` });
      }
    }, always);
}

/**
 * A sink's own id, part of every delivery's key (`<agency>.<id>`): with ids, reordering an
 * agency's sinks never sends a queued delivery to another sink. Without one the position is used.
 */
const sinkId = slug.regex(/^[a-z]/, 'must start with a letter (positions are the keys of sinks without an id)').optional();

const sinkSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('file'), id: sinkId, path: z.string().min(1).optional() }),
    z.strictObject({
      type: z.literal('open311'),
      id: sinkId,
      endpoint: secureUrl,
      api_key_env: envName.optional(),
      jurisdiction_id: z.string().min(1).optional(),
    }),
    z.strictObject({
      type: z.literal('webhook'),
      id: sinkId,
      url: secureUrl,
      secret_env: envName,
      /** 1: report.submitted v1 (default); 2: v1 plus signed photo URLs. */
      payload_version: z.union([z.literal(1), z.literal(2)]).default(1),
    }),
    z.strictObject({ type: z.literal('slack'), id: sinkId, channel: z.string().regex(/^\S+$/, 'must be a channel name or id, like #triage') }),
  ],
  { error: 'expected a sink with type file, open311, webhook or slack' },
);

function agencySchema(ctx: SchemaContext) {
  return z.strictObject({
    id: slug,
    name: localizedText(ctx),
    sinks: z
      .array(sinkSchema)
      .min(1, 'needs at least one sink, or leave sinks out for a file')
      .default([{ type: 'file' }])
      .superRefine((sinks, refine) => {
        const seen = new Set<string>();
        sinks.forEach((sink, index) => {
          if (sink.id === undefined) return;
          if (seen.has(sink.id)) refine.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate sink id '${sink.id}'` });
          seen.add(sink.id);
        });
      }),
    /**
     * Where people ask the agency about the data it holds (an email address, phone number or
     * web page), shown when someone deletes their data in WeGov: the agency keeps its own copy.
     */
    privacy_contact: z.string().trim().min(3).max(200).optional(),
    /**
     * Whether the agency's notes on a report are public: shown to anyone asking "status WG-…",
     * and as `notes` in /open-data/reports.geojson. Default false (only the reporter hears them).
     */
    public_notes: z.boolean().default(false),
    /** Where the agency hears of a delivery that failed for good (a dead letter). */
    alerts: z.array(z.strictObject({ type: z.literal('webhook'), url: secureUrl, secret_env: envName })).default([]),
  });
}

const days = z.number().int().min(1).max(3650);

/**
 * How long WeGov keeps each class of personal data (days), enforced by the retention job
 * (src/privacy/retention.ts). Defaults follow common municipal practice: a case record a year,
 * photos and transcripts 90 days, consultation responses two years.
 */
const retentionSchema = z
  .strictObject({
    cases_days: days.default(365),
    photos_days: days.default(90),
    transcripts_days: days.default(90),
    consultation_responses_days: days.default(730),
  })
  .default({ cases_days: 365, photos_days: 90, transcripts_days: 90, consultation_responses_days: 730 });

function groupSchema(ctx: SchemaContext) {
  return z.strictObject({ id: slug, name: localizedText(ctx) });
}

/**
 * The catalogue file format (YAML, snake_case, Open311 field names). Output is the file shape
 * with defaults applied; `normalizeCatalog` turns it into the `Catalog` the code uses.
 */
export function catalogFileSchema(ctx: SchemaContext) {
  return z
    .strictObject({
      jurisdiction: jurisdictionSchema(ctx),
      agencies: z.array(agencySchema(ctx)).min(1),
      groups: z.array(groupSchema(ctx)).default([]),
      categories: z.array(categorySchema(ctx)).min(1),
      retention: retentionSchema,
      /** Nearby reports offered before a new one (schema-nearby.ts). */
      nearby: nearbySchema,
      consultations: z.array(consultationSchema(ctx)).default([]),
      /**
       * A folder (relative to this file) of YAML files, one consultation each, added after
       * `consultations` in file-name order (load-consultations.ts).
       */
      consultations_dir: z.string().trim().min(1).optional(),
      /** Volunteer opportunities with their shifts, and adoptable assets (schema-volunteering.ts). */
      volunteering: volunteeringSchema(ctx).default({ opportunities: [], assets: [] }),
      /** The agency's own example messages for the intent classifier (schema-intents.ts). */
      intents: intentsSchema.optional(),
    })
    .superRefine((file: unknown, refine) => {
      const root = asRecord(file);
      if (root === undefined) return;
      reportDuplicates(refine, ['agencies'], root.agencies, 'id', 'id');
      reportDuplicates(refine, ['groups'], root.groups, 'id', 'id');
      reportDuplicates(refine, ['categories'], root.categories, 'id', 'id');
      reportDuplicates(refine, ['categories'], root.categories, 'service_code', 'service_code');
      reportDuplicates(refine, ['consultations'], root.consultations, 'id', 'consultation id');
      reportUnknownReferences(refine, root.categories, 'agency', root.agencies, 'agency');
      reportUnknownReferences(refine, root.categories, 'group', root.groups, 'group');
    }, always);
}

/** The validated file, before normalization. */
export type CatalogFile = z.output<ReturnType<typeof catalogFileSchema>>;

/**
 * Reads what the text checks need from an unvalidated file. Unreadable parts stay undefined
 * (their own errors are reported by the schema) and the checks that need them are skipped.
 */
export function peekContext(file: unknown, shippedLocales: readonly string[]): SchemaContext {
  const { defaultLocale, locales } = readLocales(asRecord(file)?.jurisdiction);
  const ctx: SchemaContext = { shippedLocales };
  if (defaultLocale !== undefined) ctx.defaultLocale = defaultLocale;
  const offered = locales ?? (defaultLocale === undefined ? undefined : [defaultLocale]);
  if (offered !== undefined) ctx.locales = offered;
  const timezone = asRecord(asRecord(file)?.jurisdiction)?.timezone;
  if (typeof timezone === 'string' && isTimeZone(timezone)) ctx.timeZone = timezone;
  const districts = asRecord(asRecord(file)?.jurisdiction)?.districts ?? [];
  if (Array.isArray(districts)) ctx.districtIds = districts.map((d: unknown) => asRecord(d)?.id).filter((id): id is string => typeof id === 'string');
  const boundary = boundarySchema.safeParse(asRecord(asRecord(file)?.jurisdiction)?.boundary);
  if (boundary.success) ctx.boundary = toBoundary(boundary.data);
  const agencies = asRecord(file)?.agencies;
  if (Array.isArray(agencies)) ctx.agencyIds = agencies.map((a: unknown) => asRecord(a)?.id).filter((id): id is string => typeof id === 'string');
  return ctx;
}

function readLocales(jurisdiction: unknown): { defaultLocale?: string; locales?: string[] } {
  const record = asRecord(jurisdiction);
  const out: { defaultLocale?: string; locales?: string[] } = {};
  if (typeof record?.default_locale === 'string') out.defaultLocale = record.default_locale;
  if (Array.isArray(record?.locales)) out.locales = record.locales.filter((l): l is string => typeof l === 'string');
  return out;
}
