import { z } from 'zod';
import type { Boundary } from './basic-types';

/**
 * What the text fields are checked against. The loader reads it from the file before the full
 * parse (see `peekContext`), so every field can be checked on its own and all problems reported.
 */
export interface SchemaContext {
  /** `jurisdiction.default_locale`, when it is readable. */
  defaultLocale?: string;
  /** `jurisdiction.locales` (or `[default_locale]`), when readable. */
  locales?: readonly string[];
  /** Locales that have a message file in `locales/`. */
  shippedLocales: readonly string[];
  /** `jurisdiction.timezone`, when it is a zone this Node.js knows (consultation times are read in it). */
  timeZone?: string;
  /** `agencies[].id` as written (consultations name their agency). */
  agencyIds?: readonly string[];
  /** `jurisdiction.districts[].id` as written (a consultation's area may name one); [] when there are none. */
  districtIds?: readonly string[];
  /** `jurisdiction.boundary`, when it is valid (volunteering places and assets must lie inside it). */
  boundary?: Boundary;
}

/** A BCP 47-style tag as used for the message files: `en`, `es`, `pt-BR`, `zh-Hant`. */
export const localeTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale tag like en, es or pt-BR');

const text = z.string().regex(/\S/, 'must not be blank');

/**
 * Text people read: one string (used for every locale) or a map `{ en: ..., es: ... }` that
 * must include the default locale and only use the jurisdiction's locales.
 */
export function localizedText(ctx: SchemaContext) {
  return z
    .union([text, z.record(z.string(), text)], {
      error: 'expected text, or a map from locale to text such as { en: ..., es: ... }',
    })
    .superRefine((value, refine) => {
      if (typeof value === 'string') return;
      for (const locale of Object.keys(value)) {
        const problem = localeProblem(locale, ctx);
        if (problem !== undefined) refine.addIssue({ code: 'custom', path: [locale], message: problem });
      }
      if (ctx.defaultLocale !== undefined && !(ctx.defaultLocale in value)) {
        refine.addIssue({ code: 'custom', message: `missing the translation for the default locale '${ctx.defaultLocale}'` });
      }
    });
}

/**
 * Text of a consultation: as {@link localizedText}, and also in every offered language (a
 * consultation asks everyone the same questions, so no one may see a fallback). A single string
 * is accepted only when the jurisdiction offers one language. `why` ends the message of a
 * missing translation.
 */
export function fullyLocalizedText(ctx: SchemaContext, why = 'a consultation is asked in every offered language') {
  return localizedText(ctx).superRefine((value, refine) => {
    const offered = ctx.locales;
    if (offered === undefined) return;
    if (typeof value === 'string') {
      if (offered.length > 1) {
        refine.addIssue({ code: 'custom', message: `needs a translation for every offered language: { ${offered.map((l) => `${l}: ...`).join(', ')} }` });
      }
      return;
    }
    // The default locale has its own message (localizedText).
    const missing = offered.filter((locale) => !(locale in value) && locale !== ctx.defaultLocale);
    if (missing.length > 0) {
      const s = missing.length === 1 ? '' : 's';
      refine.addIssue({ code: 'custom', message: `missing the translation${s} for ${missing.map((l) => `'${l}'`).join(', ')} (${why})` });
    }
  });
}

/** Keywords per locale for free-text matching: `{ en: [pothole, hole], es: [bache] }`. */
export function keywordMap(ctx: SchemaContext) {
  return z.record(z.string(), z.array(text)).superRefine((value, refine) => {
    for (const locale of Object.keys(value)) {
      const problem = localeProblem(locale, ctx);
      if (problem !== undefined) refine.addIssue({ code: 'custom', path: [locale], message: problem });
    }
  });
}

function localeProblem(locale: string, ctx: SchemaContext): string | undefined {
  if (ctx.locales === undefined || ctx.locales.includes(locale)) return undefined;
  return `locale '${locale}' is not one of jurisdiction.locales (${ctx.locales.join(', ')})`;
}

/** `jurisdiction.locales[i]`: a tag with a message file in `locales/`. */
export function shippedLocale(ctx: SchemaContext) {
  return localeTag.refine((locale) => ctx.shippedLocales.includes(locale), {
    error: (issue) => `locale '${String(issue.input)}' is not shipped: locales/ has ${listOrNone(ctx.shippedLocales)}`,
  });
}

/** `a, b, c`, or `none` for an empty list. */
export function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}
