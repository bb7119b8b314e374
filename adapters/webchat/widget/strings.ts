import bundled from 'wegov:strings';

/** The widget chrome's strings in one locale. */
export interface Strings {
  locale: string;
  dir: 'ltr' | 'rtl';
  /** The string for `key` with `{{name}}` placeholders filled; the key itself if missing. */
  t(key: string, args?: Record<string, string | number>): string;
}

const FALLBACK = 'en';

/** Base languages written right to left, for message `lang`s the widget has no strings for. */
const RTL = ['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi'];

/** The bundled locale that best matches one of `wanted` (in order), else English. */
export function negotiate(wanted: readonly (string | undefined)[]): string {
  const have = Object.keys(bundled);
  for (const tag of wanted) {
    if (!tag) continue;
    const lower = tag.toLowerCase();
    const exact = have.find((l) => l.toLowerCase() === lower);
    if (exact) return exact;
    const base = have.find((l) => l.toLowerCase() === lower.split('-')[0]);
    if (base) return base;
  }
  return have.includes(FALLBACK) ? FALLBACK : (have[0] ?? FALLBACK);
}

/** True when the widget ships chrome strings for `lang` (or its base language). */
export function hasStrings(lang: string): boolean {
  const lower = lang.toLowerCase();
  return Object.keys(bundled).some((l) => {
    const k = l.toLowerCase();
    return k === lower || k === lower.split('-')[0];
  });
}

/** The writing direction of a language tag. */
export function directionOf(lang: string): 'ltr' | 'rtl' {
  const known = bundled[lang];
  if (known) return known.dir;
  return RTL.includes(lang.toLowerCase().split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

/** The chrome strings for `locale` (a bundled one), English filling any gap. */
export function stringsFor(locale: string): Strings {
  const own = bundled[locale]?.strings ?? {};
  const fallback = bundled[FALLBACK]?.strings ?? {};
  return {
    locale,
    dir: bundled[locale]?.dir ?? 'ltr',
    t(key, args) {
      const raw = own[key] ?? fallback[key] ?? key;
      return raw.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (args && name in args ? String(args[name]) : whole));
    },
  };
}
