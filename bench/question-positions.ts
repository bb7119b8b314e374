/**
 * One session parked at every question the deployment can ask, found by walking the engine
 * itself (no hand-written list to go stale): from the menu, from a deep link into each
 * category, and through the language and "delete my data" interruptions, every offered
 * button is followed and typed questions get a plausible answer, until a report is sent.
 * Used by the hostile-input benchmark (bench/hostile-input.ts) and the fuzz test
 * (test/engine/hostile-input.test.ts), which throw hostile text at each position.
 */
import { newSession, type Env, type Input, type Session, type StepResult } from '../src/engine';
import { step, engine } from '../dialogs';
import type { PromptKind } from '../src/engine/flow';

/** A session waiting for an answer to one question. */
export interface QuestionPosition {
  /** `<flow>/<step id>`, or `agency_question` for a staff question awaiting the reporter's answer. */
  name: string;
  kind: PromptKind;
  session: Session;
}

/** Typed answers tried, in order, at a question that takes text. */
const TYPED = ['3', 'yesterday 9pm', 'ana@example.org', '+1 512 555 0100', 'Ana Smith', 'A deep hole near the school gate', '1 Main Street'];
const PHOTO: Input = { kind: 'photo', mediaId: 'bench-photo', contentType: 'image/jpeg', bytes: 20_000 };
const MAX_POSITIONS = 200;

const where = (s: Session): string => {
  const top = s.stack[s.stack.length - 1];
  return top ? `${top.flow}/${top.current ?? ''}#${s.stack.length}` : '';
};

/** The question the step just asked, with its buttons. */
function asked(result: StepResult): Input[] {
  for (const e of [...result.events].reverse()) {
    if (e.type === 'message_sent' && e.message.expects !== 'none') {
      return (e.message.choices ?? []).map((c): Input => ({ kind: 'choice', choiceId: c.id }));
    }
  }
  return [];
}

/**
 * Every question position reachable in `env`'s catalogue, in a stable order, for a person
 * speaking `locale` (names are prefixed with it when it is not English).
 */
export function questionPositions(env: Env, locale = 'en'): QuestionPosition[] {
  const found = new Map<string, QuestionPosition>();
  const fresh = (): Session => newSession({ id: 'positions', channel: 'bench', locale, now: env.now() });
  const prefix = locale === 'en' ? '' : `${locale}:`;
  const starts: Input[][] = [
    [{ kind: 'start' }],
    ...env.catalog.categories.map((c): Input[] => [{ kind: 'start', payload: `report:${c.id}` }]),
    [{ kind: 'start' }, { kind: 'command', command: 'language' }],
    [{ kind: 'start' }, { kind: 'command', command: 'forget' }],
    [{ kind: 'start' }, { kind: 'command', command: 'my_data' }],
  ];
  let reportSent: Session | undefined;
  const explore = (result: StepResult, depth: number): void => {
    const session = result.session;
    const kind = engine.expectedPrompt(session, env);
    const key = where(session);
    if (!kind || found.has(key) || found.size >= MAX_POSITIONS || depth > 40) return;
    found.set(key, { name: prefix + key.replace(/#1$/, '').replace(/#\d+$/, ' (interrupting)'), kind, session: structuredClone(session) });
    const tries: Input[] = [...asked(result), PHOTO, ...TYPED.map((text): Input => ({ kind: 'text', text }))];
    let typedAccepted = false;
    for (const input of tries) {
      if (input.kind !== 'choice' && typedAccepted) break;
      const next = step(session, input, env);
      if (next.events.some((e) => e.type === 'result_submitted')) reportSent ??= next.session;
      if (where(next.session) === key) continue; // not accepted (or a multi-select pick in progress)
      if (input.kind !== 'choice') typedAccepted = true;
      explore(next, depth + 1);
    }
  };
  for (const inputs of starts) {
    let result: StepResult = { session: fresh(), events: [] };
    for (const input of inputs) result = step(result.session, input, env);
    explore(result, 0);
  }
  if (reportSent) {
    const reference = reportSent.results[0]?.reference ?? '';
    const question: Input = { kind: 'agency_question', reference, question: 'Which side of the street?', questionId: 'q1', replyTo: 'r1' };
    found.set('agency_question', { name: `${prefix}agency_question`, kind: 'text', session: step(reportSent, question, env).session });
  }
  return [...found.values()];
}
