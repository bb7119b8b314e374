import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { boundarySchema } from './schema-boundary';
import { reportDuplicates, reportUnknownReferences } from './schema-checks';
import { keywordMap, listOrNone, localeTag, localizedText, type SchemaContext, shippedLocale } from './schema-text';

export type { SchemaContext } from './schema-text';

/** Run a check even when other parts of the same value failed, so every problem is reported. */
const always = { when: () => true };

/** Ids are used in deep links and logs: lowercase letters, digits, `-` and `_`, at most 40. */
const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 lowercase letters, digits, - or _, starting with a letter or digit');

/** Open311 ids are strings; a YAML number is accepted and turned into its text. */
const code = z.union([z.string().regex(/\S/, 'must not be blank'), z.number()], { error: 'expected text' }).transform(String);

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name like OPEN311_API_KEY');

/** https, or plain http to this machine (for local testing): secrets and personal data travel here. */
const secureUrl = z.string().refine(isSecureUrl, 'must be an https:// URL (http:// only for localhost)');

const phoneNumber = code.pipe(z.string().regex(/^\+?[0-9][0-9 -]*$/, 'must be a phone number like 911, 112 or +1 555 0100'));

const timeZone = z.string().refine(isTimeZone, {
  error: (issue) => `unknown time zone '${String(issue.input)}' (use an IANA name such as America/Chicago)`,
});

function jurisdictionSchema(ctx: SchemaContext) {
  return z
    .strictObject({
      id: z.string().regex(/^\S+$/, 'must be one word, e.g. riverside.example'),
      name: localizedText(ctx),
      timezone: timeZone,
      default_locale: localeTag,
      locales: z.array(shippedLocale(ctx)).min(1).optional(),
      boundary: boundarySchema,
      emergency_number: phoneNumber,
      phone_region: z
        .string()
        .refine((region) => isSupportedCountry(region), 'must be a two-letter ISO 3166 region code like US or ES')
        .default('US'),
      reference_prefix: z.string().regex(/^[A-Z]{1,4}$/, 'must be 1-4 uppercase letters, like WG').default('WG'),
    })
    .superRefine((value: unknown, refine) => {
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

const sinkSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('file'), path: z.string().min(1).optional() }),
    z.strictObject({
      type: z.literal('open311'),
      endpoint: secureUrl,
      api_key_env: envName.optional(),
      jurisdiction_id: z.string().min(1).optional(),
    }),
    z.strictObject({ type: z.literal('webhook'), url: secureUrl, secret_env: envName }),
    z.strictObject({ type: z.literal('slack'), channel: z.string().regex(/^\S+$/, 'must be a channel name or id, like #triage') }),
  ],
  { error: 'expected a sink with type file, open311, webhook or slack' },
);

function agencySchema(ctx: SchemaContext) {
  return z.strictObject({
    id: slug,
    name: localizedText(ctx),
    sinks: z.array(sinkSchema).min(1, 'needs at least one sink, or leave sinks out for a file').default([{ type: 'file' }]),
  });
}

function groupSchema(ctx: SchemaContext) {
  return z.strictObject({ id: slug, name: localizedText(ctx) });
}

const LIST_DATATYPES: readonly string[] = ['singlevaluelist', 'multivaluelist'];

function attributeSchema(ctx: SchemaContext) {
  const value = z.strictObject({ key: code, name: localizedText(ctx) });
  return z
    .strictObject({
      code: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _, . or -'),
      datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
      variable: z.boolean().default(true),
      required: z.boolean().default(false),
      order: z.number().int().min(0).optional(),
      description: localizedText(ctx),
      datatype_description: localizedText(ctx).optional(),
      values: z
        .array(value)
        .superRefine((values: unknown, refine) => reportDuplicates(refine, [], values, 'key', 'key'), always)
        .optional(),
    })
    .superRefine((attribute, refine) => {
      const isList = LIST_DATATYPES.includes(attribute.datatype);
      if (isList && (attribute.values === undefined || attribute.values.length === 0)) {
        refine.addIssue({ code: 'custom', path: ['values'], message: `required for datatype ${attribute.datatype}` });
      }
      if (!isList && attribute.values !== undefined) {
        refine.addIssue({ code: 'custom', path: ['values'], message: `only for singlevaluelist and multivaluelist, not ${attribute.datatype}` });
      }
      if (!attribute.variable && attribute.required) {
        refine.addIssue({ code: 'custom', path: ['required'], message: 'an informational attribute (variable: false) takes no answer, so it cannot be required' });
      }
    });
}

function categorySchema(ctx: SchemaContext) {
  const emergency = z.union([z.boolean(), z.strictObject({ number: phoneNumber.optional(), message: localizedText(ctx).optional() })], {
    error: 'expected true, or a mapping with number and/or message',
  });
  return z
    .strictObject({
      id: slug,
      service_code: code,
      name: localizedText(ctx),
      description: localizedText(ctx).optional(),
      group: slug.optional(),
      agency: slug,
      keywords: keywordMap(ctx).default({}),
      attributes: z
        .array(attributeSchema(ctx))
        .superRefine((attributes: unknown, refine) => reportDuplicates(refine, [], attributes, 'code', 'attribute code'), always)
        .default([]),
      photo: z.enum(['required', 'optional', 'none']).default('optional'),
      anonymous_allowed: z.boolean().default(true),
      emergency: emergency.optional(),
    })
    .superRefine((category, refine) => {
      if (category.emergency !== undefined && category.emergency !== false && category.attributes.length > 0) {
        const message = 'an emergency category takes no report, so its attributes would never be asked; remove them or the emergency';
        refine.addIssue({ code: 'custom', path: ['attributes'], message });
      }
    });
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
    })
    .superRefine((file: unknown, refine) => {
      const root = asRecord(file);
      if (root === undefined) return;
      reportDuplicates(refine, ['agencies'], root.agencies, 'id', 'id');
      reportDuplicates(refine, ['groups'], root.groups, 'id', 'id');
      reportDuplicates(refine, ['categories'], root.categories, 'id', 'id');
      reportDuplicates(refine, ['categories'], root.categories, 'service_code', 'service_code');
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
  return ctx;
}

function readLocales(jurisdiction: unknown): { defaultLocale?: string; locales?: string[] } {
  const record = asRecord(jurisdiction);
  const out: { defaultLocale?: string; locales?: string[] } = {};
  if (typeof record?.default_locale === 'string') out.defaultLocale = record.default_locale;
  if (Array.isArray(record?.locales)) out.locales = record.locales.filter((l): l is string => typeof l === 'string');
  return out;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

function isSecureUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && local);
}
