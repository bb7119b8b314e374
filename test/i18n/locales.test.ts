import { readLocaleFiles } from '../../src/i18n';

/** Flattened keys of a locale file, with plural suffixes folded (`x_one`, `x_other` -> `x`). */
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
const fold = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

describe('shipped locales', () => {
  const files = readLocaleFiles();
  const locales = Object.keys(files);

  it('ships English, Spanish, Arabic and French', () => expect(locales).toEqual(expect.arrayContaining(['en', 'es', 'ar', 'fr'])));

  it.each(locales)('%s has every key every other locale has', (locale) => {
    const mine = new Set(keys(files[locale]).map(fold));
    const all = new Set(locales.flatMap((l) => keys(files[l]).map(fold)));
    expect([...all].filter((k) => !mine.has(k))).toEqual([]);
  });

  /**
   * The plural keys: those English has in both `_one` and `_other` forms (a key that merely ends in
   * `_one` or `_other`, such as `choose_one` or `taken_by_other`, is not a plural).
   */
  const english = new Set(keys(files.en));
  const plurals = new Set([...english].filter((k) => k.endsWith('_one') && english.has(`${fold(k)}_other`)).map(fold));

  it('finds the plural keys', () => expect(plurals).toContain('prompt.picked_count'));

  it.each(locales)('%s has every plural form its language needs', (locale) => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const flat = keys(files[locale]);
    for (const base of plurals) {
      for (const category of needed) {
        if (category === 'zero' || category === 'two' || category === 'few') continue;
        expect(flat).toContain(`${base}_${category}`);
      }
    }
  });

  it.each(locales)('%s gives every global command at least one word', (locale) => {
    const vocabulary = (files[locale] as { vocabulary: Record<string, string[]> }).vocabulary;
    for (const command of ['menu', 'back', 'cancel', 'help', 'language', 'forget', 'yes', 'no', 'skip', 'done', 'send']) {
      expect(vocabulary[command]?.length ?? 0).toBeGreaterThan(0);
    }
  });
});

describe('rendering', () => {
  it('reports a key no locale has, and renders plurals with CLDR rules', async () => {
    const { loadI18n } = await import('../../src/i18n');
    const i18n = await loadI18n();
    expect(i18n.renderText([{ key: 'no.such.key' }], 'en')).toBe('no.such.key');
    expect(i18n.missingKeys()).toContain('no.such.key');
    expect(i18n.renderText([{ key: 'errors.text_too_short', args: { count: 1 } }], 'en')).toMatch(/1 character\./);
    expect(i18n.renderText([{ key: 'errors.text_too_short', args: { count: 3 } }], 'es')).toMatch(/3 caracteres/);
    expect(i18n.renderText([{ key: 'review.line', args: { label: { key: 'review.label.photo' }, value: { literal: 'x' } } }], 'es')).toBe('Foto: x');
  });

  it('renders French plurals with Intl.PluralRules("fr"): 0 and 1 are singular, a million is "many"', async () => {
    const { loadI18n } = await import('../../src/i18n');
    const i18n = await loadI18n();
    const shifts = (count: number) => i18n.renderText([{ key: 'volunteer.details_places', args: { count } }], 'fr');
    expect(shifts(0)).toBe('0 place en tout.');
    expect(shifts(1)).toBe('1 place en tout.');
    expect(shifts(2)).toBe('2 places en tout.');
    expect(shifts(1_000_000)).toBe('1000000 places en tout.');
    expect(i18n.renderText([{ key: 'review.line', args: { label: { key: 'review.label.photo' }, value: { literal: 'x' } } }], 'fr')).toBe('Photo\u00a0: x');
    expect(i18n.missingKeys()).toEqual([]);
  });
});
