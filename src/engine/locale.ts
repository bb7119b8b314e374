import type { LocalizedText } from '../catalog/types';

/**
 * Picks a shipped locale for a channel hint such as "es-MX" or an Accept-Language header
 * ("es-ES,es;q=0.9,en;q=0.8"). Falls back to the first (default) locale.
 */
export function negotiateLocale(hint: string | undefined, locales: readonly string[]): string {
  const fallback = locales[0] ?? 'en';
  if (!hint) return fallback;
  const ranked = hint
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find((v) => v !== undefined);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag.length > 0 && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const exact = locales.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const base = locales.find((l) => l.toLowerCase() === tag.split('-')[0]);
    if (base) return base;
  }
  return fallback;
}

/** A catalogue string in the person's locale, else the default locale, else any. */
export function localized(text: LocalizedText | undefined, locale: string, defaultLocale: string): string {
  if (!text) return '';
  return text[locale] ?? text[defaultLocale] ?? Object.values(text)[0] ?? '';
}
