/**
 * The consultation prompt types inside a running flow (issue 11): a statement is said once and
 * the next question follows in the same turn; "back" never lands on a statement; a ranking and
 * an "Other…" text are built over several inputs, and "back" takes back the last of them; the
 * echo shows what a button meant ("4", "Other…", "12 km"); the answers read well at the end.
 */
import { describeAnswer } from '../../src/engine/describe';
import { expectedPromptKind } from '../../src/engine/expected-prompt';
import type { FlowDef, StepDef } from '../../src/engine/flow';
import type { Input } from '../../src/engine/input';
import { newSession } from '../../src/engine/new-session';
import type { Session } from '../../src/engine/session';
import { runStep } from '../../src/engine/step';
import { lit, t } from '../../src/engine/text';
import type { Flows } from '../../src/engine/turn';
import { testEnv } from '../support/engine-env';

const INTRO = 'The park on Elm Street will be redesigned.';
const NOTE = 'Next: what should the new park have?';

function surveySteps(): StepDef[] {
  return [
    { id: 'intro', prompt: { kind: 'statement', ask: [lit(INTRO)] } },
    { id: 'visits', prompt: { kind: 'scale', ask: [lit('How often do you visit?')], min: 1, max: 5, minLabel: lit('never'), maxLabel: lit('every day') } },
    { id: 'note', prompt: { kind: 'statement', ask: [lit(NOTE)] } },
    {
      id: 'wants',
      prompt: {
        kind: 'choice',
        ask: [lit('Pick up to two.')],
        multiple: true,
        max: 2,
        other: true,
        choices: [
          { id: 'trees', label: lit('More trees'), match: ['More trees'] },
          { id: 'benches', label: lit('Benches'), match: ['Benches'] },
          { id: 'play', label: lit('Playground'), match: ['Playground'] },
        ],
      },
    },
    { id: 'distance', prompt: { kind: 'number', ask: [lit('How far do you live from it?')], min: 0, unit: lit('km') } },
    {
      id: 'order',
      prompt: {
        kind: 'ranking',
        ask: [lit('Order these.')],
        options: [
          { id: 'shade', label: lit('Shade'), match: ['Shade'] },
          { id: 'lights', label: lit('Lighting'), match: ['Lighting'] },
          { id: 'paths', label: lit('Paths'), match: ['Paths'] },
        ],
      },
    },
    { id: 'bye', prompt: { kind: 'statement', ask: [lit('That was the last question.')] } },
  ];
}

const survey: FlowDef = {
  id: 'survey',
  version: 1,
  steps: () => surveySteps(),
  complete: (ctx) => ({
    messages: [
      {
        text: surveySteps()
          .filter((s) => s.prompt.kind !== 'statement')
          .map((s) => t('review.line', { label: lit(s.id), value: describeAnswer(s, ctx.frame.answers[s.id] ?? null, ctx.locale) })),
        expects: 'none',
      },
    ],
    events: [],
  }),
};

const menu: FlowDef = {
  id: 'menu',
  version: 1,
  steps: () => [{ id: 'pick', prompt: { kind: 'choice', ask: [lit('Menu')], choices: [{ id: 'survey', label: lit('Survey') }] } }],
  complete: () => ({ messages: [], events: [], next: { flow: 'survey' } }),
};

const flows: Flows = { menu, survey };

async function conversation(locale = 'en') {
  const { env, i18n } = await testEnv();
  let session: Session = newSession({ id: 'c', channel: 'webchat', locale, now: env.now() });
  const said: string[] = [];
  const send = (input: Input) => {
    const result = runStep(session, input, env, flows, (payload) => (payload === 'survey' ? { flow: 'survey' } : null));
    session = result.session;
    const messages = result.events.flatMap((e) => (e.type === 'message_sent' ? [i18n.renderMessage(e.message, locale)] : []));
    said.push(...messages.map((m) => m.text));
    return { messages, echo: result.echo ? i18n.renderText(result.echo, locale) : undefined, events: result.events };
  };
  const text = (s: string) => send({ kind: 'text', text: s });
  const choice = (id: string) => send({ kind: 'choice', choiceId: id });
  return { send, text, choice, said, session: () => session, expected: () => expectedPromptKind(session, env, flows) };
}

describe('statement', () => {
  it('is said when reached and the next question follows in the same turn, once', async () => {
    const c = await conversation();
    const start = c.send({ kind: 'start', payload: 'survey' });
    const texts = start.messages.map((m) => m.text);
    expect(texts.slice(-2)).toEqual([INTRO, 'How often do you visit?\n1 = never, 5 = every day']);
    expect(start.messages.at(-2)?.expects).toBe('none');
    expect(c.expected()).toBe('scale');
    const next = c.choice('4');
    expect(next.echo).toBe('4');
    expect(next.messages.map((m) => m.text)).toEqual([NOTE, 'Pick up to two.\nYou can pick up to 2, then choose Done.']);
    expect(c.said.filter((s) => s === INTRO)).toHaveLength(1);
  });

  it('never traps "back": it goes to the question before the statement, which is not said again', async () => {
    const c = await conversation();
    c.send({ kind: 'start', payload: 'survey' });
    c.text('4');
    const back = c.send({ kind: 'command', command: 'back' });
    expect(back.messages.map((m) => m.text)).toEqual(['How often do you visit?\n1 = never, 5 = every day\nYour current answer:\n4 out of 5']);
    const again = c.choice('5');
    expect(again.messages.map((m) => m.text)).toEqual(['Pick up to two.\nYou can pick up to 2, then choose Done.']);
    expect(c.said.filter((s) => s === NOTE)).toHaveLength(1);
    // Back twice from the first question: nothing before it, the person stays where they are.
    c.send({ kind: 'command', command: 'back' });
    const first = c.send({ kind: 'command', command: 'back' });
    expect(first.messages.at(-1)?.text).toMatch(/How often do you visit\?/);
    expect(c.said.filter((s) => s === INTRO)).toHaveLength(1);
  });
});

describe('a consultation answered over several inputs', () => {
  it('runs Other…, a unit and a ranking with undo to the end, and reads the answers back', async () => {
    const c = await conversation();
    c.send({ kind: 'start', payload: 'survey' });
    c.choice('3');
    c.choice('trees');
    const other = c.choice('_other');
    expect(other.echo).toBe('Other…');
    expect(other.messages.map((m) => m.text)).toEqual(['Pick up to two.\nPlease type your answer.']);
    expect(other.messages[0]?.expects).toBe('text');
    // "back" while the text is asked returns to the options, picks kept.
    const back = c.send({ kind: 'command', command: 'back' });
    expect(back.messages[0]?.choices?.map((ch) => ch.label)).toEqual(['✓ More trees', 'Benches', 'Playground', 'Other…', 'Done']);
    c.choice('_other');
    const typed = c.text('A drinking fountain');
    expect(typed.messages[0]?.choices?.map((ch) => ch.label)).toEqual(['✓ More trees', 'Benches', 'Playground', '✓ Other: A drinking fountain', 'Done']);
    const third = c.choice('play');
    expect(third.messages[0]?.text).toBe('You can pick at most 2 options. Untick one first.\nPick up to two.\n2 picked so far. Pick more, or choose Done.');
    c.choice('_done');
    // Back into the question: the picks and the "Other" text are ticked as they were.
    const again = c.send({ kind: 'command', command: 'back' });
    expect(again.messages[0]?.choices?.map((ch) => ch.label)).toEqual(['✓ More trees', 'Benches', 'Playground', '✓ Other: A drinking fountain', 'Done']);
    expect(again.messages[0]?.text).toMatch(/Your current answer:\nMore trees; other: A drinking fountain\n2 picked so far/);
    const distance = c.choice('_done');
    expect(distance.messages.map((m) => m.text)).toEqual(['How far do you live from it?\nAnswer in km.']);
    const ranking = c.text('12');
    expect(ranking.echo).toBe('12 km');
    expect(ranking.messages[0]?.text).toBe('Order these.\nPick your first choice, or type them all in order (for example 3, 1, 2).');
    const picked = c.choice('lights');
    expect(picked.echo).toBe('Lighting');
    expect(picked.messages[0]?.choices?.map((ch) => ch.id)).toEqual(['shade', 'paths', '_undo']);
    // "back" takes back the last pick rather than leaving the question.
    const undone = c.send({ kind: 'command', command: 'back' });
    expect(undone.messages[0]?.choices?.map((ch) => ch.id)).toEqual(['shade', 'lights', 'paths']);
    c.choice('paths');
    const undo = c.choice('_undo');
    expect(undo.echo).toBe('Undo last pick');
    expect(undo.messages[0]?.text).toMatch(/Pick your first choice/);
    const done = c.text('3, 1');
    expect(done.messages.map((m) => m.text)).toEqual([
      'That was the last question.',
      'visits: 3 out of 5\nwants: More trees; other: A drinking fountain\ndistance: 12 km\norder: 1. Paths, 2. Shade, 3. Lighting',
      'Menu',
    ]);
    expect(c.session().stack.map((f) => f.flow)).toEqual(['menu']);
  });

  it('asks and echoes in Spanish and Arabic', async () => {
    for (const [locale, ends, echo] of [
      ['es', 'Responde en km.', '7 km'],
      ['ar', 'يُرجى الإجابة بوحدة km.', '7 km'],
    ] as const) {
      const c = await conversation(locale);
      c.send({ kind: 'start', payload: 'survey' });
      const scale = c.text(locale === 'ar' ? '٥' : '5');
      expect(scale.messages[0]?.text).toBe(NOTE);
      // Typed text that matches no option is the "Other" text, and a typed answer is complete.
      const unit = c.text(locale === 'ar' ? 'منطقة للكلاب' : 'Una zona para perros');
      expect(unit.messages[0]?.text).toBe(`How far do you live from it?\n${ends}`);
      expect(c.text(locale === 'ar' ? '٧' : '7').echo).toBe(echo);
    }
  });
});

describe('under arbitrary inputs', () => {
  it('never throws, always answers, and keeps the in-progress state of one question only', async () => {
    const fc = (await import('fast-check')).default;
    const ids = ['1', '3', '5', '0', '11', 'trees', 'benches', 'play', '_other', '_done', '_undo', '_skip', 'shade', 'lights', 'paths', 'survey'];
    const input = fc.oneof(
      fc.record({ kind: fc.constant('choice' as const), choiceId: fc.constantFrom(...ids) }),
      fc.record({ kind: fc.constant('text' as const), text: fc.oneof(fc.constantFrom('3', '٤', '3, 1', '1 2 3', 'wifi', 'done', 'back', 'Shade', '12', '-1', ''), fc.string({ maxLength: 30 })) }),
      fc.record({ kind: fc.constant('command' as const), command: fc.constantFrom('back' as const, 'help' as const, 'menu' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 40 }), async (inputs) => {
        const c = await conversation();
        c.send({ kind: 'start', payload: 'survey' });
        for (const i of inputs) {
          const result = c.send(i as Input);
          expect(result.messages.length).toBeGreaterThan(0);
          // The last message always asks something: a statement never ends a turn.
          expect(result.messages.at(-1)?.expects).not.toBe('none');
          const frame = c.session().stack.at(-1);
          if (frame?.scratch) expect(['wants', 'order']).toContain(frame.current);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
