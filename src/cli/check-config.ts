import { CatalogError, type Catalog, loadCatalog } from '../catalog';

/** Outcome of `wegov check-config`: a summary to print, or every problem found. */
export type CheckConfigResult = { ok: true; summary: string } | { ok: false; message: string };

/**
 * Loads and validates a catalogue file without starting anything. An invalid or unreadable file
 * is an expected outcome (`ok: false`, the `<file>: <path>: <reason>` lines); only bugs throw.
 */
export function checkConfig(file: string, opts: { shippedLocales?: readonly string[] } = {}): CheckConfigResult {
  try {
    return { ok: true, summary: summarize(loadCatalog(file, opts)) };
  } catch (error) {
    if (error instanceof CatalogError) return { ok: false, message: error.message };
    throw error;
  }
}

function summarize(catalog: Catalog): string {
  const { jurisdiction: j, agencies, groups, categories } = catalog;
  const name = j.name[j.defaultLocale] ?? j.id;
  const emergencies = categories.filter((c) => c.emergency !== undefined).length;
  const attributes = categories.reduce((sum, c) => sum + c.attributes.length, 0);
  const plural = (n: number, word: string, words = `${word}s`): string => `${String(n)} ${n === 1 ? word : words}`;
  return [
    `${catalog.source}: OK`,
    `  ${name} (${j.id}), ${j.timezone}, locales ${j.locales.join(', ')} (default ${j.defaultLocale})`,
    `  ${plural(agencies.length, 'agency', 'agencies')}, ${plural(groups.length, 'group')}, ` +
      `${plural(categories.length, 'category', 'categories')} (${String(emergencies)} emergency), ${plural(attributes, 'attribute')}`,
  ].join('\n');
}
