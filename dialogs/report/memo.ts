/**
 * Catalogue-derived values (choices, prompts) depend only on the catalogue object and the
 * locale, yet steps are computed on every turn: keep them per catalogue object and locale.
 * A reloaded catalogue is a new object, so nothing stale survives a reload.
 */
export function memoByLocale<K extends object, V>(make: (key: K, locale: string) => V): (key: K, locale: string) => V {
  const cache = new WeakMap<K, Map<string, V>>();
  return (key, locale) => {
    let byLocale = cache.get(key);
    if (!byLocale) {
      byLocale = new Map();
      cache.set(key, byLocale);
    }
    let value = byLocale.get(locale);
    if (value === undefined) {
      value = make(key, locale);
      byLocale.set(locale, value);
    }
    return value;
  };
}
