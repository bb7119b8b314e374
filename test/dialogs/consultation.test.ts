/**
 * Answering a consultation in the engine (the demo city plus one consultation built here):
 * "Question n of N", a display condition that opens a question, skip, the review with a change,
 * the response as a `consultation_response` result; before it opens and after it closes the
 * person hears when; deep links reach it.
 */
import type { Catalog, Consultation } from '../../src/catalog/types';
import { newSession, type Env, type Input, type Session } from '../../src/engine';
import type { EngineEvent } from '../../src/engine/events';
import { step } from '../../dialogs';
import type { I18n } from '../../src/i18n';
import { demo, testEnv } from '../support/engine-env';

const BIKE: Consultation = {
  id: 'bike-lane',
  title: { en: 'Riverside Avenue bike lane', es: 'Carril bici de Riverside Avenue', ar: 'مسار الدراجات في جادة ريفرسايد' },
  intro: { en: 'Tell us what you think of the route.', es: 'Dinos qué opinas del trazado.', ar: 'أخبرنا برأيك في المسار.' },
  agency: 'public-works',
  opensAt: '2026-11-15T15:00:00.000Z',
  closesAt: '2027-01-31T23:59:00.000Z',
  audience: { kind: 'public' },
  results: 'public_after_close',
  questions: [
    {
      id: 'route',
      type: 'single_choice',
      required: true,
      text: { en: 'Which route do you prefer?', es: '¿Qué trazado prefieres?', ar: 'أي مسار تفضّل؟' },
      options: [
        { id: 'north', label: { en: 'North side', es: 'Lado norte', ar: 'الجانب الشمالي' } },
        { id: 'south', label: { en: 'South side', es: 'Lado sur', ar: 'الجانب الجنوبي' } },
      ],
    },
    { id: 'often', type: 'scale', required: true, min: 1, max: 5, text: { en: 'How often would you cycle it?', es: '¿Con qué frecuencia lo usarías?', ar: 'كم مرة ستستخدمه؟' }, minLabel: { en: 'never', es: 'nunca', ar: 'أبدًا' }, maxLabel: { en: 'every day', es: 'a diario', ar: 'يوميًا' } },
    { id: 'why_south', type: 'long_text', required: false, maxChars: 500, text: { en: 'Why the south side?', es: '¿Por qué el lado sur?', ar: 'لماذا الجانب الجنوبي؟' }, condition: { question: 'route', op: 'equals', value: 'south' } },
    { id: 'trips', type: 'number', required: false, integer: true, min: 0, max: 100, text: { en: 'Trips a week?', es: '¿Viajes por semana?', ar: 'عدد الرحلات أسبوعيًا؟' } },
  ],
};

const PARK: Consultation = {
  ...BIKE,
  id: 'park',
  title: { en: 'Elm Park redesign', es: 'Rediseño del parque Elm', ar: 'إعادة تصميم حديقة إلم' },
  questions: [
    { id: 'about', type: 'statement', required: false, text: { en: 'The park reopens in spring.', es: 'El parque reabre en primavera.', ar: 'تُعاد الحديقة للعمل في الربيع.' } },
    {
      id: 'priorities',
      type: 'ranking',
      required: true,
      text: { en: 'Order these by priority.', es: 'Ordénalos por prioridad.', ar: 'رتّبها حسب الأولوية.' },
      options: [
        { id: 'shade', label: { en: 'Shade', es: 'Sombra', ar: 'ظل' } },
        { id: 'paths', label: { en: 'Paths', es: 'Caminos', ar: 'ممرات' } },
        { id: 'lights', label: { en: 'Lighting', es: 'Iluminación', ar: 'إضاءة' } },
      ],
    },
    {
      id: 'uses',
      type: 'multiple_choice',
      required: true,
      min: 1,
      max: 2,
      other: true,
      text: { en: 'What do you use it for?', es: '¿Para qué lo usas?', ar: 'فيمَ تستخدمها؟' },
      options: [
        { id: 'walk', label: { en: 'Walking', es: 'Pasear', ar: 'المشي' } },
        { id: 'play', label: { en: 'Play', es: 'Jugar', ar: 'اللعب' } },
      ],
    },
  ],
};

describe('consultation dialog', () => {
  let env: Env;
  let i18n: I18n;
  beforeAll(async () => {
    const base = await testEnv();
    const { catalog } = await demo();
    env = { ...base.env, catalog: { ...catalog, consultations: [BIKE, PARK] } as Catalog };
    i18n = base.i18n;
  });

  function run(inputs: Input[], locale = 'en'): { session: Session; events: EngineEvent[]; said: string[] } {
    let session = newSession({ id: 'c1', channel: 'webchat', locale, now: env.now() });
    const events: EngineEvent[] = [];
    for (const input of inputs) {
      const r = step(session, input, env);
      session = r.session;
      events.push(...r.events);
    }
    const said = events.flatMap((e) => (e.type === 'message_sent' ? [i18n.renderMessage(e.message, session.locale).text] : []));
    return { session, events, said };
  }

  it('is offered on the menu while open, in the person\'s language', () => {
    const { events } = run([{ kind: 'start' }], 'es');
    const menu = [...events].reverse().find((e) => e.type === 'message_sent');
    const choices = menu?.type === 'message_sent' ? i18n.renderMessage(menu.message, 'es').choices?.map((c) => c.label) : [];
    // Both consultations here are open: one entry, and the dialog asks which.
    expect(choices).toContain('Da tu opinión (2 abiertas)');
  });

  it('asks "Question n of N", opens a question by condition, takes a skip, reviews with a change, and submits once', () => {
    const { events, said, session } = run([
      { kind: 'start', payload: 'consultation:bike-lane' },
      { kind: 'choice', choiceId: 'north' },
      { kind: 'text', text: '4' },
      { kind: 'choice', choiceId: '_skip' },
      { kind: 'choice', choiceId: 'edit:q:route' },
      { kind: 'choice', choiceId: 'south' },
      { kind: 'text', text: 'Fewer parked cars there.' },
      { kind: 'choice', choiceId: '_submit' },
    ]);
    expect(said.some((s) => s.includes('Riverside Avenue bike lane') && s.includes('Tell us what you think of the route.') && s.includes('Question 1 of 3'))).toBe(true);
    // The south side opens the "why" question: 4 questions now.
    expect(said.some((s) => s.includes('Question 3 of 4') && s.includes('Why the south side?'))).toBe(true);
    const results = events.filter((e): e is Extract<EngineEvent, { type: 'result_submitted' }> => e.type === 'result_submitted');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      kind: 'consultation_response',
      agencyId: 'public-works',
      payload: { consultationId: 'bike-lane', answers: { route: 'south', often: 4, why_south: 'Fewer parked cars there.', trips: null }, locale: 'en', channel: 'webchat' },
    });
    expect(said.some((s) => s.includes('Your response to "Riverside Avenue bike lane" was recorded'))).toBe(true);
    expect(session.results).toEqual([expect.objectContaining({ kind: 'consultation_response', agencyId: 'public-works' })]);
  });

  it('before it opens and after it closes the person hears when, and nothing is submitted', () => {
    const early = { ...env, now: () => new Date('2026-11-01T10:00:00.000Z') };
    const late = { ...env, now: () => new Date('2027-03-01T10:00:00.000Z') };
    for (const [e, expected] of [
      [early, 'opens on'],
      [late, 'closed on'],
    ] as const) {
      const session = newSession({ id: 'c2', channel: 'webchat', locale: 'en', now: e.now() });
      const r = step(session, { kind: 'start', payload: 'consultation_bike-lane' }, e);
      const text = r.events.flatMap((ev) => (ev.type === 'message_sent' ? [i18n.renderMessage(ev.message, 'en').text] : [])).join('\n');
      expect(text).toContain(expected);
      expect(r.events.some((ev) => ev.type === 'result_submitted')).toBe(false);
    }
  });

  it('says a statement once without counting it, takes a ranking and a multiple choice with "Other", and leaves the statement out of the response', () => {
    const { events, said } = run([
      { kind: 'start', payload: 'consultation:park' },
      { kind: 'text', text: '2, 3, 1' },
      { kind: 'choice', choiceId: 'walk' },
      { kind: 'choice', choiceId: '_other' },
      { kind: 'text', text: 'Yoga with friends' },
      { kind: 'choice', choiceId: '_done' },
      { kind: 'choice', choiceId: '_submit' },
    ]);
    expect(said.filter((s) => s.includes('The park reopens in spring.'))).toHaveLength(1);
    expect(said.some((s) => s.includes('Question 1 of 2') && s.includes('Order these by priority.'))).toBe(true);
    const result = events.find((e): e is Extract<EngineEvent, { type: 'result_submitted' }> => e.type === 'result_submitted');
    expect(result?.payload).toMatchObject({ consultationId: 'park', answers: { priorities: ['paths', 'lights', 'shade'], uses: ['walk', { other: 'Yoga with friends' }] } });
    expect(Object.keys((result?.payload as { answers: object }).answers)).not.toContain('about');
  });
});
