/**
 * Free-text answers summarised into themes (issue 12): on 200 answers to "What worries you
 * about the Riverside Avenue bike lane?" (100 en, 100 es; test/dialogs/fixtures), the largest
 * themes are the ones a reader finds (parking, deliveries, junctions, buses, construction),
 * named by words people wrote, with examples from the theme and personal data masked.
 */
import { extractThemes, MAX_EXAMPLE_CHARS, type FreeTextAnswer, type LocaleThemes, type Theme } from '../../dialogs/consultation/results/themes';
import { maskPersonalData } from '../../dialogs/consultation/results/mask-personal-data';
import fixture from './fixtures/free-text-answers.json';

const answers: FreeTextAnswer[] = fixture.map(({ id, text, locale }) => ({ id, text, locale }));
const labelOf = new Map(fixture.map((a) => [a.id, a.theme]));
const QUESTION = { en: 'What worries you about the Riverside Avenue bike lane?', es: '¿Qué te preocupa del carril bici de Riverside Avenue?' };

/** The same seeded shuffle on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function locale(result: ReturnType<typeof extractThemes>, l: string): LocaleThemes {
  const found = result[l];
  if (!found) throw new Error(`no themes for ${l}`);
  return found;
}

/** What the examples of a theme were about, by the fixture's labels. */
const labels = (theme: Theme) => [...new Set(theme.examples.map((e) => labelOf.get(e.id)))];

const PERSONAL = [/@/, /\d{6,}/, /\d{3}[ .-]\d{3,4}/, /\+\d/];

describe('themes of free-text answers', () => {
  const result = extractThemes(answers, { ignore: QUESTION });

  it('finds the fixture as written: 100 answers in each language', () => {
    expect(Object.keys(result)).toEqual(['en', 'es']);
    expect(locale(result, 'en').answers).toBe(100);
    expect(locale(result, 'es').answers).toBe(100);
  });

  it('names the largest English themes by the words people used, each with examples of that theme', () => {
    const { themes } = locale(result, 'en');
    const [biggest] = themes;
    expect(biggest?.terms[0]).toBe('parking'); // the stem is "park": shown as written
    expect(labels(biggest as Theme)).toEqual(['parking']);
    const top5 = themes.slice(0, 5);
    const byWord = (words: string[]) => top5.find((t) => t.terms.some((w) => words.includes(w)));
    expect(labels(byWord(['bus']) as Theme)).toEqual(['bus']);
    expect(labels(byWord(['deliveries', 'loading']) as Theme)).toEqual(['delivery']);
    expect(labels(byWord(['construction', 'noise']) as Theme)).toEqual(['construction']);
    expect(labels(byWord(['junctions', 'intersections']) as Theme)).toEqual(['junction']);
    // the parking theme holds most of the 28 parking answers and no answer of another theme's examples
    expect(biggest?.count).toBeGreaterThanOrEqual(20);
    expect(biggest?.count).toBeLessThanOrEqual(32);
  });

  it('names the largest Spanish themes, accents as people typed them', () => {
    const { themes } = locale(result, 'es');
    const [biggest] = themes;
    expect(['estacionamiento', 'aparcamiento']).toContain(biggest?.terms[0]);
    expect(labels(biggest as Theme)).toEqual(['parking']);
    const top5 = themes.slice(0, 5);
    const byWord = (words: string[]) => top5.find((t) => t.terms.some((w) => words.includes(w)));
    expect(labels(byWord(['cruces', 'cruce']) as Theme)).toEqual(['junction']);
    expect(labels(byWord(['autobús', 'paradas']) as Theme)).toEqual(['bus']);
    expect(labels(byWord(['obras', 'ruido']) as Theme)).toEqual(['construction']);
    expect(labels(byWord(['carga', 'descarga', 'reparto']) as Theme)).toEqual(['delivery']);
    expect(top5.flatMap((t) => t.terms)).toContain('autobús'); // "autobus" typed too: the accented form is the more frequent
  });

  it('keeps the words of the question out of the themes when given', () => {
    for (const l of ['en', 'es']) {
      const words = locale(result, l).themes.flatMap((t) => t.terms);
      expect(words).not.toEqual(expect.arrayContaining(['lane']));
      expect(words).not.toEqual(expect.arrayContaining(['carril']));
    }
    // without the question its words may join a theme, but the themes stay the same
    const plain = extractThemes(answers);
    expect(locale(plain, 'en').themes.map((t) => t.terms[0])).toEqual(locale(result, 'en').themes.map((t) => t.terms[0]));
    expect(locale(plain, 'es').themes.map((t) => t.terms[0])).toEqual(locale(result, 'es').themes.map((t) => t.terms[0]));
  });

  it('counts every answer once: themes plus unthemed make all answers, largest first', () => {
    for (const l of Object.values(result)) {
      expect(l.themes.reduce((n, t) => n + t.count, 0) + l.unthemed).toBe(l.answers);
      expect(l.themes.length).toBeLessThanOrEqual(8);
      expect(l.unthemed).toBeGreaterThan(0); // "ok", "👍", "idk" belong to no theme
      for (const [i, t] of l.themes.entries()) {
        expect(t.count).toBeGreaterThanOrEqual(2);
        expect(t.terms.length).toBeGreaterThanOrEqual(1);
        expect(t.terms.length).toBeLessThanOrEqual(5);
        expect(t.examples.length).toBe(Math.min(3, t.count));
        if (i > 0) expect(t.count).toBeLessThanOrEqual(l.themes[i - 1]?.count ?? Infinity);
      }
    }
  });

  it('masks emails, phone numbers and long digit runs in every example', () => {
    // every answer that has a theme shown as an example: nothing personal survives
    const all = extractThemes(answers, { examples: 1000, maxThemes: 1000, minThemeSize: 1 });
    const texts = Object.values(all).flatMap((l) => l.themes.flatMap((t) => t.examples.map((e) => e.text)));
    expect(texts.length).toBeGreaterThan(180);
    for (const text of texts) for (const p of PERSONAL) expect(text).not.toMatch(p);
    expect(texts).toContain('my worry is parking. email me the plans pls: [email]');
    expect(texts).toContain('Our restaurant depends on evening parking. Call me on [phone] if anyone from the city wants to talk.');
    expect(texts).toContain('Nuestro restaurante depende del estacionamiento en la noche. Llámenme al [phone]');
    expect(texts).toContain('mi número de cliente es [number] y me cobraron dos veces el agua');
    expect(texts).toContain('my account number is [number] and I still got charged twice for the water bill, who do I talk to');
    expect(texts).toContain('¿Me pueden mandar los resultados? [phone]');
  });

  it('never makes a theme word of an email address', () => {
    const mails = ['write to maria.lopez@example.org', 'maria.lopez@example.org again', 'example maria lopez'].map((text, i) => ({ id: `m${i}`, text, locale: 'en' }));
    // "maria", "lopez" and "example" are in all three answers, but twice inside an address
    expect(locale(extractThemes(mails), 'en').themes).toEqual([]);
  });

  it('is deterministic: the same answers in any order give the same themes', () => {
    const again = extractThemes(answers, { ignore: QUESTION });
    expect(again).toEqual(result);
    for (const seed of [1, 2, 3]) expect(extractThemes(shuffled(answers, seed), { ignore: QUESTION })).toEqual(result);
  });

  it('handles no answers, answers with no words and one-word answers', () => {
    expect(extractThemes([])).toEqual({});
    const empty = extractThemes(['', '   ', '👍', '!!!', '12345'].map((text, i) => ({ id: `e${i}`, text, locale: 'en' })));
    expect(empty).toEqual({ en: { locale: 'en', answers: 5, themes: [], unthemed: 5 } });
    const oneWord = extractThemes(['parking', 'Parking!!!', 'PARKING', 'buses', 'ok'].map((text, i) => ({ id: `w${i}`, text, locale: 'en' })));
    expect(locale(oneWord, 'en').themes).toEqual([
      { terms: ['parking'], count: 3, examples: [{ id: 'w1', text: 'Parking!!!' }, { id: 'w0', text: 'parking' }, { id: 'w2', text: 'PARKING' }] },
    ]);
    expect(locale(oneWord, 'en').unthemed).toBe(2);
  });

  it('groups regional locales with their language and honours maxThemes and minThemeSize', () => {
    const mixed = answers.map((a, i) => (a.locale === 'es' && i % 2 === 0 ? { ...a, locale: 'es-MX' } : a));
    expect(extractThemes(mixed, { ignore: QUESTION })).toEqual(result);
    const few = extractThemes(answers, { maxThemes: 2, minThemeSize: 10 });
    for (const l of Object.values(few)) {
      expect(l.themes.length).toBeLessThanOrEqual(2);
      for (const t of l.themes) expect(t.count).toBeGreaterThanOrEqual(10);
      expect(l.themes.reduce((n, t) => n + t.count, 0) + l.unthemed).toBe(100);
    }
  });

  it('reads Arabic with its spelling variants as one word (no stemmer: normalised only)', () => {
    // bus: with and without the article, teh marbuta typed as heh, a diacritic
    const texts = ['الحافلة متأخرة دائما', 'حافلة رقم ١٤ مزدحمة', 'الحافله لا تتوقف هنا', 'موقف الحافلة بعيد', 'المواقف قليلة', 'لا يوجد موقف للسيارات', 'شكرا'];
    const ar = locale(extractThemes(texts.map((text, i) => ({ id: `ar${i}`, text, locale: 'ar' }))), 'ar');
    expect(ar.themes[0]?.terms[0]).toBe('الحافلة');
    expect(ar.themes[0]?.count).toBe(4);
    expect(ar.themes.reduce((n, t) => n + t.count, 0) + ar.unthemed).toBe(7);
  });

  it('reads French: elided articles apart ("l\'arrêt" is "arrêt"), stop words out, plurals stemmed together', () => {
    const texts = [
      "L'arrêt de bus est trop loin maintenant",
      "On a déplacé l'arrêt du bus 14, c'est n'importe quoi",
      'Les arrêts de bus sont mal placés',
      "Pas assez d'arrêts sur l'avenue",
      'Il faut plus de places de stationnement',
      'Où vont se garer les habitants ? Plus de stationnement du tout',
      'Merci !',
    ];
    const fr = locale(extractThemes(texts.map((text, i) => ({ id: `fr${i}`, text, locale: 'fr' }))), 'fr');
    const stop = fr.themes.find((t) => t.terms.includes('arrêt'));
    expect(stop?.count).toBe(4);
    expect(fr.themes.some((t) => t.terms.includes('stationnement'))).toBe(true);
    const every = fr.themes.flatMap((t) => t.terms);
    for (const glued of ['larrêt', 'darrêts', 'cest', 'les', 'de', 'du', 'plus', 'faut']) expect(every).not.toContain(glued);
    expect(fr.themes.reduce((n, t) => n + t.count, 0) + fr.unthemed).toBe(7);
  });

  it('handles answers of 5,000 characters and hostile text, and shortens long examples', () => {
    const sentences = answers.filter((a) => a.locale === 'en').map((a) => a.text);
    const long = Array.from({ length: 40 }, (_, i) => {
      let text = '';
      for (let j = i; text.length < 5_000; j += 7) text += `${sentences[j % sentences.length]} `;
      return { id: `long${i}`, text: text.slice(0, 5_000), locale: 'en' };
    });
    const hostile = ['.'.repeat(20_000), `1${' '.repeat(20_000)}`, 'a'.repeat(20_000), '1 '.repeat(10_000), 'x@'.repeat(10_000), 'parking '.repeat(2_500)];
    const all = [...long, ...hostile.map((text, i) => ({ id: `h${i}`, text, locale: 'en' }))];
    const en = locale(extractThemes(all), 'en');
    expect(en.answers).toBe(46);
    expect(en.themes.reduce((n, t) => n + t.count, 0) + en.unthemed).toBe(46);
    expect(en.themes.length).toBeGreaterThan(0);
    for (const t of en.themes) for (const e of t.examples) expect(e.text.length).toBeLessThanOrEqual(MAX_EXAMPLE_CHARS);
  });
});

describe('maskPersonalData', () => {
  it.each([
    ['write to jo.martinez84@gmail.com please', 'write to [email] please'],
    ['correo: lucía.fdez@correo.es', 'correo: [email]'],
    ['call 555-201-7788', 'call [phone]'],
    ['+1 (312) 555-0148', '[phone]'],
    ['mi cel 55 1234 5678', 'mi cel [phone]'],
    ['+34 612 345 678', '[phone]'],
    ['٠٥٥١٢٣٤٥٦٧', '[number]'],
    ['card 4417 1234 5678 9113', 'card [number]'],
    ['cliente 00448812934', 'cliente [number]'],
    ['id 123456', 'id [number]'],
    ['between 3rd and 9th, 12 side streets, 5 min, 2am, 60 units', 'between 3rd and 9th, 12 side streets, 5 min, 2am, 60 units'],
    ['bus 14 at 7:30, 1-2 hours', 'bus 14 at 7:30, 1-2 hours'],
  ])('%s', (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });
});
