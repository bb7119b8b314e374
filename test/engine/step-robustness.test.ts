import fc from 'fast-check';
import { newSession, restoreSession, type Input, type Session } from '../../src/engine';
import { step } from '../../dialogs';
import { sessionSchema } from '../../src/engine/session-schema';
import { MAX_WORDS, stems } from '../../src/nlu/stem';
import { testEnv } from '../support/engine-env';
import { stepAnswered } from '../support/step-answered';

const choiceIds = ['report', 'streets', 'pothole', 'medium', 'yes', 'no', '_skip', '_done', '_submit', '_retry', '_help', '_menu', 'anonymous', 'contact', 'email', 'es', 'en', 'edit:location', 'edit:contact', 'wall', 'trash'];

const input: fc.Arbitrary<Input> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('back', 'menu', 'help', 'yes', 'no', 'skip', 'send', 'ayuda', 'atrás', 'pothole', '30.27, -97.74', 'done', '3')) }),
  fc.record({ kind: fc.constant('choice' as const), choiceId: fc.oneof(fc.constantFrom(...choiceIds), fc.string({ maxLength: 20 })) }),
  fc.record({ kind: fc.constant('location' as const), lat: fc.double({ min: -100, max: 100, noNaN: false }), lon: fc.double({ min: -200, max: 200 }) }),
  fc.record({ kind: fc.constant('photo' as const), mediaId: fc.constant('m'), contentType: fc.constantFrom('image/jpeg', 'image/gif', 'application/octet-stream'), bytes: fc.nat(10_000_000) }),
  fc.record({ kind: fc.constant('command' as const), command: fc.constantFrom('menu', 'back', 'cancel', 'help', 'language', 'forget', 'my_data') }),
  fc.record({ kind: fc.constant('start' as const), payload: fc.option(fc.constantFrom('report', 'report:graffiti', 'gas-leak', 'nonsense'), { nil: undefined }) }),
  fc.record({ kind: fc.constant('status_update' as const), reference: fc.constantFrom('WG-WF9WQA', 'WG-222222'), status: fc.constantFrom('closed', 'in_progress') }),
) as fc.Arbitrary<Input>;

describe('step under arbitrary input sequences', () => {
  it('never throws, keeps a valid session, answers every person input, and never mutates its argument', async () => {
    const { env } = await testEnv();
    await fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 40 }), (inputs) => {
        let session: Session = newSession({ id: 'c', channel: 't', locale: 'en', now: env.now() });
        for (const i of [{ kind: 'start' } as Input, ...inputs]) {
          const before = JSON.stringify(session);
          const result = stepAnswered(session, i, env);
          expect(JSON.stringify(session)).toBe(before);
          expect(sessionSchema.safeParse(result.session).success).toBe(true);
          if (i.kind !== 'status_update') {
            expect(result.events.some((e) => e.type === 'message_sent')).toBe(true);
          }
          // The stack is at most a dialog and one interruption (language, delete my data).
          expect(result.session.stack.length).toBeLessThanOrEqual(2);
          session = JSON.parse(JSON.stringify(result.session)) as Session;
        }
      }),
      // A fixed seed: the same 500 sequences on every run, so CI cannot fail on a draw nobody can
      // reproduce. Counterexamples a random run found are kept as tests below.
      { numRuns: 500, seed: 20261201 },
    );
  });

  it('"delete my data" asked while the mid-flow escape question is open replaces that question (stack stays [dialog, interruption])', async () => {
    const { env } = await testEnv();
    // Found by a random run (volunteering, then a message read as another intent): "delete my
    // data" at the "Leave ...?" question stacked a third frame. The same inside a report:
    let session: Session = newSession({ id: 'c', channel: 't', locale: 'en', now: env.now() });
    for (const input of [{ kind: 'start' }, { kind: 'text', text: 'there is a pothole on my street' }, { kind: 'choice', choiceId: 'pothole' }, { kind: 'choice', choiceId: 'large' }] as Input[]) {
      session = step(session, input, env).session;
    }
    expect(session.stack.map((f) => f.flow)).toEqual(['report']);
    session = step(session, { kind: 'text', text: 'actually i want to volunteer' }, env).session;
    expect(session.stack.map((f) => f.flow)).toEqual(['report', 'intent_escape']);
    const result = step(session, { kind: 'command', command: 'forget' }, env);
    expect(result.session.stack.map((f) => f.flow)).toEqual(['report', 'forget']);
    expect(result.events).toContainEqual({ type: 'dialog_cancelled', flow: 'intent_escape' });
    // Saying no to deleting goes back to the report's question, not to the abandoned "Leave ...?".
    const kept = step(result.session, { kind: 'choice', choiceId: 'no' }, env);
    expect(kept.session.stack.map((f) => f.flow)).toEqual(['report']);
  });
});

describe('stored sessions from older versions', () => {
  it('restarts an unreadable session with an apology in its language instead of failing', async () => {
    const { env, i18n } = await testEnv();
    const init = { id: 'c', channel: 'webchat', locale: 'en', now: env.now() };
    const result = restoreSession({ schema: 0, locale: 'es', wizardStep: 3 }, init, env);
    expect(result.session.locale).toBe('es');
    expect(result.session.stack).toEqual([]);
    expect(result.events[0]).toEqual({ type: 'dialog_restarted', flow: null, reason: 'session_invalid' });
    const message = result.events[1];
    expect(message?.type).toBe('message_sent');
    if (message?.type === 'message_sent') expect(i18n.renderMessage(message.message, 'es').text).toMatch(/^Perdona/);
  });

  it('restarts a dialog written by an older flow version with an apology, then carries on', async () => {
    const { env, i18n } = await testEnv();
    let session = newSession({ id: 'c', channel: 't', locale: 'en', now: env.now() });
    session = step(session, { kind: 'start', payload: 'report:pothole' }, env).session;
    const old = structuredClone(session);
    const frame = old.stack[0];
    if (!frame) throw new Error('no frame');
    frame.version = 0;
    const result = step(old, { kind: 'text', text: 'large' }, env);
    const types = result.events.map((e) => e.type);
    expect(types).toContain('dialog_restarted');
    const texts = result.events.flatMap((e) => (e.type === 'message_sent' ? [i18n.renderMessage(e.message, 'en').text] : []));
    expect(texts[0]).toMatch(/updated while we were talking/);
    expect(result.session.stack[0]?.version).toBe(1);
    expect(result.session.stack[0]?.flow).toBe('report');
  });

  it('restarts a session whose flow no longer exists at the menu', async () => {
    const { env } = await testEnv();
    const session = newSession({ id: 'c', channel: 't', locale: 'en', now: env.now() });
    session.stack = [{ flow: 'survey-2019', version: 3, answers: { q1: 'x' }, history: ['q1'], current: 'q2', attempts: 0 }];
    const result = step(session, { kind: 'text', text: 'hello' }, env);
    expect(result.session.stack.map((f) => f.flow)).toEqual(['menu']);
    expect(result.events).toContainEqual({ type: 'dialog_restarted', flow: 'survey-2019', reason: 'dialog_updated' });
  });
});

describe('interruptions', () => {
  it('does not stack "delete my data" and "language" on each other (found by the property above)', async () => {
    const { env } = await testEnv();
    let session = newSession({ id: 'c', channel: 't', locale: 'en', now: env.now() });
    session = step(session, { kind: 'start' }, env).session;
    for (const command of ['forget', 'language', 'forget', 'language'] as const) {
      session = step(session, { kind: 'command', command }, env).session;
    }
    expect(session.stack.map((f) => f.flow)).toEqual(['menu', 'language']);
    session = step(session, { kind: 'choice', choiceId: 'es' }, env).session;
    expect(session.stack.map((f) => f.flow)).toEqual(['menu']);
    expect(session.locale).toBe('es');
  });
});

describe('hostile input sizes', () => {
  it('bounds the work free-text matching does on a 20,000-character message (a 2 s CPU stall before)', async () => {
    // Porter stemming is quadratic in a word's length: over-long words are never stemmed
    // and only the first MAX_WORDS words are. (Speed itself is measured by `npm run bench`.)
    expect(stems('x'.repeat(20_000), 'en')).toEqual([]);
    expect(stems('pothole '.repeat(2_500), 'en')).toHaveLength(MAX_WORDS);
    const { env } = await testEnv();
    let session = newSession({ id: 'c', channel: 't', locale: 'en', now: env.now() });
    session = step(session, { kind: 'start', payload: 'report' }, env).session;
    for (const text of ['x'.repeat(20_000), 'pothole '.repeat(2_500)]) {
      const result = step(session, { kind: 'text', text }, env);
      expect(result.events.some((e) => e.type === 'message_sent')).toBe(true);
    }
  });
});
