/**
 * The prompt types consultations need (issue 11), recognised in en, es, ar and fr, typed and by
 * choice id, and shown as a person reads them: the question with its controls, and the answer
 * in the echo and the review.
 */
import type { ChoiceDef, Prompt, StepDef } from '../../src/engine/flow';
import type { Input } from '../../src/engine/input';
import { describeAnswer } from '../../src/engine/describe';
import { askMessage, type AskState } from '../../src/engine/prompts/ask';
import { recognize } from '../../src/engine/prompts/recognize';
import type { OtherState } from '../../src/engine/prompts/recognition';
import { lit } from '../../src/engine/text';
import { testEnv } from '../support/engine-env';

const text = (s: string): Input => ({ kind: 'text', text: s });
const choice = (id: string): Input => ({ kind: 'choice', choiceId: id });

/** Options in the person's language, as the consultation module passes them (literal labels). */
const OPTIONS: Record<string, ChoiceDef[]> = {
  en: [
    { id: 'trees', label: lit('More trees'), match: ['More trees'] },
    { id: 'benches', label: lit('Benches'), match: ['Benches'] },
    { id: 'play', label: lit('Playground'), match: ['Playground'] },
  ],
  es: [
    { id: 'trees', label: lit('Más árboles'), match: ['Más árboles'] },
    { id: 'benches', label: lit('Bancos'), match: ['Bancos'] },
    { id: 'play', label: lit('Zona de juegos'), match: ['Zona de juegos'] },
  ],
  ar: [
    { id: 'trees', label: lit('أشجار أكثر'), match: ['أشجار أكثر'] },
    { id: 'benches', label: lit('مقاعد'), match: ['مقاعد'] },
    { id: 'play', label: lit('ملعب أطفال'), match: ['ملعب أطفال'] },
  ],
  fr: [
    { id: 'trees', label: lit("Plus d'arbres"), match: ["Plus d'arbres"] },
    { id: 'benches', label: lit('Des bancs'), match: ['Des bancs'] },
    { id: 'play', label: lit('Une aire de jeux'), match: ['Une aire de jeux'] },
  ],
};
const LOCALES = ['en', 'es', 'ar', 'fr'] as const;

async function setup() {
  const { env, i18n } = await testEnv();
  const run = (prompt: Prompt, input: Input, locale: string, picks: string[] = [], other?: OtherState) =>
    recognize(prompt, input, { env, locale, picks, ...(other !== undefined ? { other } : {}) });
  const shown = (prompt: Prompt, locale: string, state: AskState = { picks: [] }) => i18n.renderMessage(askMessage(prompt, state), locale);
  const reads = (prompt: Prompt, value: Parameters<typeof describeAnswer>[1], locale: string) =>
    i18n.renderText([describeAnswer({ id: 'q', prompt } as StepDef, value, locale)], locale);
  return { env, i18n, run, shown, reads };
}

describe('scale', () => {
  const scale = (locale: string): Prompt => ({
    kind: 'scale',
    ask: [lit('How often do you visit the park?')],
    min: 1,
    max: 5,
    minLabel: lit(locale === 'es' ? 'nunca' : locale === 'ar' ? 'أبدًا' : locale === 'fr' ? 'jamais' : 'never'),
    maxLabel: lit(locale === 'es' ? 'cada día' : locale === 'ar' ? 'كل يوم' : locale === 'fr' ? 'tous les jours' : 'every day'),
  });

  it('offers the points as buttons labelled with their numbers, the end labels in the question', async () => {
    const { shown } = await setup();
    const en = shown(scale('en'), 'en');
    expect(en.choices).toEqual(['1', '2', '3', '4', '5'].map((n) => ({ id: n, label: n })));
    expect(en.text).toBe('How often do you visit the park?\n1 = never, 5 = every day');
    expect(shown(scale('ar'), 'ar').text).toContain('1 = أبدًا، 5 = كل يوم');
    const ten = shown({ kind: 'scale', ask: [lit('Rate it')], min: 0, max: 10, optional: true }, 'es');
    expect(ten.choices?.map((c) => c.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'Omitir']);
  });

  it.each(LOCALES)('accepts a point by id, typed, in Arabic-Indic digits, or an end label (%s)', async (locale) => {
    const { run } = await setup();
    const p = scale(locale);
    expect(run(p, choice('4'), locale)).toEqual({ kind: 'answer', value: 4 });
    expect(run(p, text(' 2 '), locale)).toEqual({ kind: 'answer', value: 2 });
    expect(run(p, text('٣'), locale)).toEqual({ kind: 'answer', value: 3 });
    expect(run(p, text('4/5'), locale)).toEqual({ kind: 'answer', value: 4 });
    const top = locale === 'es' ? 'Cada día' : locale === 'ar' ? 'كل يوم' : locale === 'fr' ? 'Tous les jours' : 'Every day';
    expect(run(p, text(top), locale)).toEqual({ kind: 'answer', value: 5 });
  });

  it('reads a typed number as that number, not as the nth button, on a 0-10 scale', async () => {
    const { run } = await setup();
    const p: Prompt = { kind: 'scale', ask: [], min: 0, max: 10 };
    expect(run(p, text('3'), 'en')).toEqual({ kind: 'answer', value: 3 });
    expect(run(p, text('0'), 'en')).toEqual({ kind: 'answer', value: 0 });
    expect(run(p, text('١٠'), 'ar')).toEqual({ kind: 'answer', value: 10 });
  });

  it.each(LOCALES)('refuses numbers off the scale and words with the range, politely (%s)', async (locale) => {
    const { run, i18n } = await setup();
    const p = scale(locale);
    const off = run(p, text('7'), locale);
    expect(off).toMatchObject({ kind: 'invalid', code: 'scale_out_of_range' });
    expect(run(p, text('0'), locale)).toMatchObject({ kind: 'invalid', code: 'scale_out_of_range' });
    expect(run(p, text('often'), locale)).toMatchObject({ kind: 'invalid', code: 'scale_expected' });
    expect(run(p, text('3'.repeat(20_000)), locale)).toMatchObject({ kind: 'invalid', code: 'scale_expected' });
    // A button of another question (0 is not on a 1-5 scale) is refused as an earlier button.
    expect(run(p, choice('0'), locale)).toMatchObject({ kind: 'invalid', code: 'choice_unknown' });
    if (off.kind !== 'invalid') throw new Error('expected a refusal');
    const reason = i18n.renderText(off.reason, locale);
    expect(reason).toBe({ en: 'Please pick a number from 1 to 5.', es: 'Elige un número del 1 al 5.', ar: 'يُرجى اختيار رقم من 1 إلى 5.', fr: 'Choisissez un nombre de 1 à 5.' }[locale]);
  });

  it('reads back as "4 out of 5"', async () => {
    const { reads } = await setup();
    expect(reads(scale('en'), 4, 'en')).toBe('4 out of 5');
    expect(reads(scale('es'), 4, 'es')).toBe('4 de 5');
    expect(reads(scale('en'), null, 'en')).toBe('(skipped)');
  });
});

describe('ranking', () => {
  const ranking = (locale: string, pick?: number): Prompt => ({
    kind: 'ranking',
    ask: [lit('What matters most in the new park?')],
    options: OPTIONS[locale] ?? [],
    ...(pick !== undefined ? { pick } : {}),
  });

  it('asks for the first choice, then the next with the options left and an undo', async () => {
    const { shown } = await setup();
    const first = shown(ranking('en'), 'en');
    expect(first.text).toBe('What matters most in the new park?\nPick your first choice, or type them all in order (for example 3, 1, 2).');
    expect(first.choices?.map((c) => c.id)).toEqual(['trees', 'benches', 'play']);
    const second = shown(ranking('en'), 'en', { picks: ['benches'] });
    expect(second.text).toBe('What matters most in the new park?\nYour order so far:\n1. Benches\nNow pick number 2 of 3.');
    expect(second.choices).toEqual([
      { id: 'trees', label: 'More trees' },
      { id: 'play', label: 'Playground' },
      { id: '_undo', label: 'Undo last pick' },
    ]);
    expect(shown(ranking('es'), 'es', { picks: ['benches'] }).text).toContain('Ahora elige la opción número 2 de 3.');
    expect(shown(ranking('ar'), 'ar', { picks: ['benches'] }).choices?.at(-1)?.label).toBe('التراجع عن آخر اختيار');
  });

  it.each(LOCALES)('builds the order pick by pick, by id or typed, and places the last one itself (%s)', async (locale) => {
    const { run } = await setup();
    const p = ranking(locale);
    expect(run(p, choice('benches'), locale)).toEqual({ kind: 'partial', picks: ['benches'] });
    // Numbers are the positions shown now: after Benches, "2" is the Playground.
    expect(run(p, text(locale === 'ar' ? '٢' : '2'), locale, ['benches'])).toEqual({ kind: 'answer', value: ['benches', 'play', 'trees'] });
    const label = OPTIONS[locale]?.[0]?.match?.[0] ?? '';
    expect(run(p, text(label), locale, ['benches'])).toEqual({ kind: 'answer', value: ['benches', 'trees', 'play'] });
    expect(run(p, choice('_undo'), locale, ['benches'])).toEqual({ kind: 'partial', picks: [] });
  });

  it.each(LOCALES)('takes the whole order typed as a list of numbers or labels (%s)', async (locale) => {
    const { run } = await setup();
    const p = ranking(locale);
    const comma = locale === 'ar' ? '، ' : ', ';
    expect(run(p, text(['3', '1', '2'].join(comma)), locale)).toEqual({ kind: 'answer', value: ['play', 'trees', 'benches'] });
    const labels = (OPTIONS[locale] ?? []).map((o) => o.match?.[0] ?? '');
    expect(run(p, text([labels[1], labels[2], labels[0]].join(comma)), locale)).toEqual({ kind: 'answer', value: ['benches', 'play', 'trees'] });
    // Two of three typed: the third is the one left.
    expect(run(p, text('3 1'), locale)).toEqual({ kind: 'answer', value: ['play', 'trees', 'benches'] });
  });

  it('asks only for the top `pick` places', async () => {
    const { run, i18n } = await setup();
    const p = ranking('en', 2);
    expect(run(p, choice('play'), 'en')).toEqual({ kind: 'partial', picks: ['play'] });
    expect(run(p, choice('trees'), 'en', ['play'])).toEqual({ kind: 'answer', value: ['play', 'trees'] });
    expect(run(p, text('1, 2'), 'en')).toEqual({ kind: 'answer', value: ['trees', 'benches'] });
    const tooMany = run(p, text('1, 2, 3'), 'en');
    expect(tooMany).toMatchObject({ kind: 'invalid', code: 'ranking_too_many' });
    if (tooMany.kind === 'invalid') expect(i18n.renderText(tooMany.reason, 'es')).toBe('Ordena solo 2 opciones.');
  });

  it('refuses a repeated option, an unknown one and an earlier button, saying why', async () => {
    const { run, i18n } = await setup();
    const p = ranking('en');
    const again = run(p, choice('benches'), 'en', ['benches']);
    expect(again).toMatchObject({ kind: 'invalid', code: 'ranking_already_picked' });
    expect(run(p, text('Benches'), 'en', ['benches'])).toMatchObject({ kind: 'invalid', code: 'ranking_already_picked' });
    expect(run(p, text('1, 1'), 'en')).toMatchObject({ kind: 'invalid', code: 'ranking_already_picked' });
    expect(run(p, text('a fountain'), 'en')).toMatchObject({ kind: 'invalid', code: 'ranking_not_understood' });
    expect(run(p, text('1, '.repeat(5_000)), 'en')).toMatchObject({ kind: 'invalid', code: 'ranking_not_understood' });
    expect(run(p, choice('pothole'), 'en')).toMatchObject({ kind: 'invalid', code: 'choice_unknown' });
    if (again.kind === 'invalid') expect(i18n.renderText(again.reason, 'ar')).toBe('لقد رتّبت هذا الخيار من قبل. اختر أحد الخيارات المتبقية.');
  });

  it('reads back as a numbered order in the person\'s language', async () => {
    const { reads } = await setup();
    expect(reads(ranking('en'), ['play', 'trees', 'benches'], 'en')).toBe('1. Playground, 2. More trees, 3. Benches');
    expect(reads(ranking('es'), ['play', 'trees', 'benches'], 'es')).toBe('1. Zona de juegos, 2. Más árboles, 3. Bancos');
    expect(reads(ranking('ar'), ['benches', 'play'], 'ar')).toMatch(/مقاعد.*ملعب أطفال/);
  });
});

describe('choice with "Other"', () => {
  const single = (locale: string): Prompt => ({ kind: 'choice', ask: [lit('What should the park have?')], choices: OPTIONS[locale] ?? [], other: true });
  const multiple = (locale: string, limits: { min?: number; max?: number } = {}): Prompt => ({ ...single(locale), multiple: true, ...limits }) as Prompt;

  it('offers "Other…" after the options, then asks for the text', async () => {
    const { shown } = await setup();
    expect(shown(single('en'), 'en').choices?.map((c) => c.label)).toEqual(['More trees', 'Benches', 'Playground', 'Other…']);
    expect(shown(single('es'), 'es').choices?.at(-1)?.label).toBe('Otro…');
    expect(shown(single('ar'), 'ar').choices?.at(-1)?.label).toBe('غير ذلك…');
    const asked = shown(single('en'), 'en', { picks: [], other: true });
    expect(asked).toEqual({ text: 'What should the park have?\nPlease type your answer.', expects: 'text' });
    const ticked = shown(multiple('en'), 'en', { picks: ['trees'], other: 'a fountain' });
    expect(ticked.choices?.map((c) => c.label)).toEqual(['✓ More trees', 'Benches', 'Playground', '✓ Other: a fountain', 'Done']);
    expect(ticked.text).toContain('2 picked so far.');
  });

  it.each(LOCALES)('single: "Other…" then the text answers { other } (%s)', async (locale) => {
    const { run } = await setup();
    const p = single(locale);
    expect(run(p, choice('_other'), locale)).toEqual({ kind: 'partial', picks: [], other: true });
    const own = { en: 'A dog area', es: 'Una zona para perros', ar: 'منطقة للكلاب', fr: 'Un espace pour les chiens' }[locale];
    expect(run(p, text(` ${own} `), locale, [], true)).toEqual({ kind: 'answer', value: { other: own } });
    // Changing one's mind: an option's button still answers.
    expect(run(p, choice('benches'), locale, [], true)).toEqual({ kind: 'answer', value: 'benches' });
    // Typed text that matches no option is taken as the "Other" text straight away.
    expect(run(p, text(own), locale)).toEqual({ kind: 'answer', value: { other: own } });
    // An option typed is still that option.
    expect(run(p, text('2'), locale)).toEqual({ kind: 'answer', value: 'benches' });
  });

  it('refuses an "Other" text longer than a label could be, and "Other" where it is not offered', async () => {
    const { run } = await setup();
    expect(run(single('en'), text('x'.repeat(201)), 'en', [], true)).toMatchObject({ kind: 'invalid', code: 'other_too_long' });
    expect(run(single('en'), text('x'.repeat(20_000)), 'en')).toMatchObject({ kind: 'invalid', code: 'other_too_long' });
    const plain: Prompt = { kind: 'choice', ask: [], choices: OPTIONS.en ?? [] };
    expect(run(plain, choice('_other'), 'en')).toMatchObject({ kind: 'invalid', code: 'choice_unknown' });
    expect(run(plain, text('a dog area'), 'en')).toMatchObject({ kind: 'invalid', code: 'choice_not_understood' });
  });

  it.each(LOCALES)('multiple: "Other" text joins the picks and counts as one (%s)', async (locale) => {
    const { run } = await setup();
    const p = multiple(locale);
    expect(run(p, choice('trees'), locale)).toEqual({ kind: 'partial', picks: ['trees'] });
    expect(run(p, choice('_other'), locale, ['trees'])).toEqual({ kind: 'partial', picks: ['trees'], other: true });
    expect(run(p, text('wifi'), locale, ['trees'], true)).toEqual({ kind: 'partial', picks: ['trees'], other: 'wifi' });
    expect(run(p, choice('play'), locale, ['trees'], 'wifi')).toEqual({ kind: 'partial', picks: ['trees', 'play'], other: 'wifi' });
    expect(run(p, choice('_other'), locale, ['trees'], 'wifi')).toEqual({ kind: 'partial', picks: ['trees'] });
    expect(run(p, choice('_done'), locale, ['trees'], 'wifi')).toEqual({ kind: 'answer', value: ['trees', { other: 'wifi' }] });
    const comma = locale === 'ar' ? '، ' : ', ';
    expect(run(p, text(['1', 'wifi'].join(comma)), locale)).toEqual({ kind: 'answer', value: ['trees', { other: 'wifi' }] });
  });

  it('reads back "Other: <text>", alone or after the picks', async () => {
    const { reads } = await setup();
    expect(reads(single('en'), { other: 'A dog area' }, 'en')).toBe('Other: A dog area');
    expect(reads(multiple('es'), ['trees', 'play', { other: 'wifi' }], 'es')).toBe('Más árboles y Zona de juegos; otro: wifi');
    expect(reads(multiple('ar'), ['benches', { other: 'واي فاي' }], 'ar')).toBe('مقاعد؛ غير ذلك: واي فاي');
  });
});

describe('multiple choice min and max', () => {
  const p = (locale: string, min?: number, max?: number): Prompt =>
    ({ kind: 'choice', ask: [lit('Pick')], choices: OPTIONS[locale] ?? [], multiple: true, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }) as Prompt;

  it('says the limits in the question', async () => {
    const { shown } = await setup();
    expect(shown(p('en', 2, 3), 'en').text).toBe('Pick\nPick between 2 and 3, then choose Done.');
    expect(shown(p('en', 2), 'en').text).toBe('Pick\nPick at least 2, then choose Done.');
    expect(shown(p('es', undefined, 2), 'es').text).toBe('Pick\nPuedes elegir hasta 2, y después pulsar Listo.');
    expect(shown(p('ar', undefined, 2), 'ar').text).toBe('Pick\nيمكنك اختيار خيارين كحد أقصى، ثم الضغط على «تم».');
    // Without limits the question reads as before.
    expect(shown(p('en'), 'en').text).toBe('Pick\nYou can pick several, then choose Done.');
  });

  it.each(LOCALES)('refuses too few on Done and one too many when picked, keeping the picks (%s)', async (locale) => {
    const { run, i18n } = await setup();
    const few = run(p(locale, 2), choice('_done'), locale, ['trees']);
    expect(few).toMatchObject({ kind: 'invalid', code: 'choice_too_few' });
    expect(run(p(locale, 2), choice('_done'), locale, ['trees', 'play'])).toEqual({ kind: 'answer', value: ['trees', 'play'] });
    const many = run(p(locale, undefined, 2), choice('benches'), locale, ['trees', 'play']);
    expect(many).toMatchObject({ kind: 'invalid', code: 'choice_too_many' });
    // Unticking is always allowed.
    expect(run(p(locale, undefined, 2), choice('play'), locale, ['trees', 'play'])).toEqual({ kind: 'partial', picks: ['trees'] });
    expect(run(p(locale, undefined, 2), text('1, 2, 3'), locale)).toMatchObject({ kind: 'invalid', code: 'choice_too_many' });
    expect(run(p(locale, 2), text('3'), locale)).toMatchObject({ kind: 'invalid', code: 'choice_too_few' });
    if (few.kind !== 'invalid' || many.kind !== 'invalid') throw new Error('expected refusals');
    const expected = {
      en: ['Please pick at least 2 options.', 'You can pick at most 2 options. Untick one first.'],
      es: ['Elige al menos 2 opciones.', 'Puedes elegir como máximo 2 opciones. Quita una primero.'],
      ar: ['يُرجى اختيار خيارين على الأقل.', 'يمكنك اختيار خيارين كحد أقصى. ألغِ اختيار أحدها أولًا.'],
      fr: ['Choisissez au moins 2 options.', "Vous pouvez choisir 2 options au maximum. Décochez-en une d'abord."],
    }[locale];
    expect([i18n.renderText(few.reason, locale), i18n.renderText(many.reason, locale)]).toEqual(expected);
  });
});

describe('number with a unit', () => {
  it('says the unit with the question and reads back "12 km"', async () => {
    const { shown, reads } = await setup();
    const p: Prompt = { kind: 'number', ask: [lit('How far do you cycle to work?')], min: 0, unit: lit('km') };
    expect(shown(p, 'en').text).toBe('How far do you cycle to work?\nAnswer in km.');
    expect(shown(p, 'es').text).toBe('How far do you cycle to work?\nResponde en km.');
    expect(reads(p, 12, 'en')).toBe('12 km');
    expect(reads(p, 2.5, 'es')).toBe('2,5 km');
    expect(shown(p, 'fr').text).toBe('How far do you cycle to work?\nRépondez en km.');
    expect(reads(p, 2.5, 'fr')).toBe('2,5 km');
    // Without a unit the number reads as before.
    expect(reads({ kind: 'number', ask: [] }, 1234, 'en')).toBe('1,234');
  });
});

describe('statement', () => {
  it('is text only, with nothing to answer', async () => {
    const { shown, reads } = await setup();
    const p: Prompt = { kind: 'statement', ask: [lit('The park closes for works in May.')] };
    expect(shown(p, 'en')).toEqual({ text: 'The park closes for works in May.', expects: 'none' });
    expect(reads(p, null, 'es')).toBe('(solo información)');
  });
});
