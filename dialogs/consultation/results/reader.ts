/**
 * The reader of a public results page or file: their language (`?lang=` when the jurisdiction
 * offers it, else the best of Accept-Language among the offered ones, else the default) and the
 * texts, numbers and dates in it (locales/ `results.*`; Intl for numbers, percentages and dates
 * in the jurisdiction's time zone).
 */
import type { Request } from 'express';
import type { ModuleHost } from '../../../src/modules/services';
import type { Language } from './page-html';

export interface Reader {
  lang: Language;
  /** Every offered language, default first (the language switch). */
  languages: Language[];
  /** `results.<key>` in the reader's language. */
  t(key: string, args?: Record<string, string | number>): string;
  /** A shown count ("1,234"), or "fewer than 5" for a hidden one. */
  count(n: number | null): string;
  /** A plain number ("3.75"). */
  num(n: number): string;
  /** A share 0..1 as a percentage ("42.5%"). */
  pct(share: number): string;
  /** An instant as a date and time in the jurisdiction's zone. */
  date(iso: string): string;
}

/** The languages the public pages are offered in: the jurisdiction's, as shipped. */
export function offeredLanguages(host: ModuleHost): Language[] {
  const j = host.catalog.jurisdiction;
  const codes = [j.defaultLocale, ...j.locales.filter((l) => l !== j.defaultLocale)].filter((l) => host.i18n.locales.includes(l));
  return codes.map((code) => ({ code, name: host.i18n.renderText([{ key: 'meta.name' }], code), rtl: host.i18n.isRtl(code) }));
}

/** The reader's language for `req`. */
export function readerLanguage(languages: readonly Language[], req: Request): Language {
  const asked = typeof req.query.lang === 'string' ? languages.find((l) => l.code === req.query.lang) : undefined;
  if (asked) return asked;
  const accepted = req.acceptsLanguages(...languages.map((l) => l.code));
  return languages.find((l) => l.code === accepted) ?? languages[0]!;
}

export function readerFor(host: ModuleHost, languages: Language[], lang: Language): Reader {
  const numbers = new Intl.NumberFormat(lang.code, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(lang.code, { style: 'percent', maximumFractionDigits: 1 });
  const dates = new Intl.DateTimeFormat(lang.code, { dateStyle: 'long', timeStyle: 'short', timeZone: host.catalog.jurisdiction.timezone });
  const t = (key: string, args?: Record<string, string | number>): string => host.i18n.renderText([args ? { key: `results.${key}`, args } : { key: `results.${key}` }], lang.code);
  return {
    lang,
    languages,
    t,
    count: (n) => (n === null ? t('fewer_than_5') : numbers.format(n)),
    num: (n) => numbers.format(n),
    pct: (share) => percent.format(share),
    date: (iso) => dates.format(new Date(iso)),
  };
}
