import type { Json } from './json';
import type { Outcome, StepDef } from './flow';
import type { Input } from './input';
import { describeAnswer } from './describe';
import { askMessage } from './prompts/ask';
import { recognize, STALE_CHOICE } from './prompts/recognize';
import type { Catalog } from '../catalog/types';
import type { EngineEvent } from './events';
import type { Frame, Session } from './session';
import { isOtherAnswer, OTHER } from './prompts/other';
import { UNDO } from './prompts/ranking';
import type { OtherState } from './prompts/recognition';
import { isScalePoint } from './prompts/scale';
import { placeEcho, placesOf, type PlacesState } from './prompts/places';
import { lit, t, type Text } from './text';
import type { Turn } from './turn';

/** Choice ids offered once the retry cap is reached. */
export const RETRY = '_retry';
export const HELP = '_help';
export const MENU = '_menu';

export const MENU_FLOW = 'menu';

/** Starts a flow on top of the stack (or replacing it) and asks its first question. */
export function startFlow(turn: Turn, flowId: string, answers: { [stepId: string]: Json } = {}, replace = true): void {
  const flow = turn.flows[flowId];
  if (!flow) throw new Error(`unknown flow ${flowId}`);
  if (replace) turn.session.stack = [];
  turn.session.stack.push({ flow: flowId, version: flow.version, answers: { ...answers }, history: [], current: null, attempts: 0 });
  turn.emit({ type: 'dialog_started', flow: flowId });
  advance(turn);
}

function stepsOf(turn: Turn, frame: Frame): StepDef[] {
  return turn.steps(frame);
}

/** Asks the current (or first unanswered) question of the top frame, or completes it. */
export function advance(turn: Turn, prefix: Text[] = []): void {
  const frame = turn.top();
  if (!frame) return startFlow(turn, MENU_FLOW);
  const early = turn.flows[frame.flow]?.check?.(turn.ctx(frame));
  if (early) return applyOutcome(turn, early, prefix);
  const steps = stepsOf(turn, frame);
  const next =
    (frame.current !== null ? steps.find((s) => s.id === frame.current) : undefined) ??
    steps.find((s) => !(s.id in frame.answers));
  if (!next) {
    const flow = turn.flows[frame.flow];
    if (!flow) return startFlow(turn, MENU_FLOW);
    return applyOutcome(turn, flow.complete(turn.ctx(frame)), prefix);
  }
  if (next.prompt.kind === 'statement') return sayStatement(turn, frame, next, prefix);
  const given = frame.answers[next.id];
  if (next.prompt.kind === 'choice' && next.prompt.multiple && Array.isArray(given) && frame.scratch?.picks === undefined) {
    // Asked again (back, change): start from the picks already given, "Other" text included.
    const other = given.find(isOtherAnswer);
    frame.scratch = { ...frame.scratch, picks: given.filter((v) => typeof v === 'string'), ...(other ? { other: other.other } : {}) };
  }
  frame.current = next.id;
  ask(turn, frame, next, prefix);
}

/**
 * A statement (text only) is said once when reached and answered `null` at once, then the next
 * question follows in the same turn. It is not put in the history, so "back" from the question
 * after it goes to the question before it instead of landing on the statement again.
 */
function sayStatement(turn: Turn, frame: Frame, step: StepDef, prefix: Text[]): void {
  turn.say({ text: [...prefix, ...step.prompt.ask], expects: 'none' });
  frame.answers[step.id] = null;
  frame.current = null;
  advance(turn);
}

/** The in-progress scratch of a step that the recogniser reads (picks, "Other", places to pick from). */
function scratchOf(frame: Frame): { picks: string[]; other?: OtherState; places?: PlacesState } {
  const picks = (frame.scratch?.picks as string[] | undefined) ?? [];
  const other = frame.scratch?.other;
  const places = placesOf(frame.scratch?.places);
  return { picks, ...(other === true || typeof other === 'string' ? { other } : {}), ...(places ? { places } : {}) };
}

/** Asks one step, showing the answer already given when it is asked again. */
function ask(turn: Turn, frame: Frame, step: StepDef, prefix: Text[] = []): void {
  const given = step.id in frame.answers ? frame.answers[step.id] : undefined;
  const current = given === undefined ? undefined : describeAnswer(step, given, turn.locale);
  const message = askMessage(step.prompt, { ...scratchOf(frame), ...(current ? { current } : {}) });
  turn.say({ ...message, text: [...prefix, ...message.text] });
}

/** Re-asks the top frame's current question (after help, language change, ...). */
export function reask(turn: Turn, prefix: Text[] = []): void {
  advance(turn, prefix);
}

/** Ends the top frame with an outcome: its messages, events, and what comes next. */
export function applyOutcome(turn: Turn, outcome: Outcome, prefix: Text[] = []): void {
  if (outcome.wait) return waitFor(turn, outcome, outcome.wait, prefix);
  if (outcome.proceed) return proceed(turn, outcome, prefix);
  const frame = turn.session.stack.pop();
  if (frame) turn.emit({ type: 'dialog_completed', flow: frame.flow });
  if (outcome.locale && outcome.locale !== turn.session.locale) {
    turn.session.locale = outcome.locale;
    turn.session.localeChosen = true;
    turn.emit({ type: 'locale_changed', locale: outcome.locale });
  }
  if (outcome.erase) {
    turn.emit(erasureOf(turn.session, turn.env.catalog));
    turn.session.stack = [];
    turn.session.results = [];
    delete turn.session.pendingQuestion;
    delete turn.session.consents;
    delete turn.session.person;
  }
  for (const event of outcome.events) turn.emit(event);
  const [first, ...rest] = outcome.messages;
  if (first) turn.say({ ...first, text: [...prefix, ...first.text] });
  for (const m of rest) turn.say(m);
  const lead = first ? [] : prefix;
  if (outcome.next) return startFlow(turn, outcome.next.flow, outcome.next.answers ?? {});
  if (outcome.resume && turn.top()) return reask(turn, lead);
  startFlow(turn, MENU_FLOW);
}

/** The top frame stays, waiting for an effect's result (answered in this turn by the runtime). */
function waitFor(turn: Turn, outcome: Outcome, wait: { effect: string; id: string }, prefix: Text[]): void {
  const frame = turn.top();
  if (frame) {
    frame.waiting = wait;
    frame.current = null;
    // Nothing said now: what was to lead the next message ("Found: 100 Main St.") waits with the frame.
    if (outcome.messages.length === 0 && prefix.length > 0) frame.scratch = { ...frame.scratch, [LEAD]: prefix as unknown as Json };
  }
  for (const event of outcome.events) turn.emit(event);
  const [first, ...rest] = outcome.messages;
  if (first) turn.say({ ...first, text: [...prefix, ...first.text] });
  for (const m of rest) turn.say(m);
}

/** Scratch key of the lead text a frame keeps while it waits for an effect. */
const LEAD = 'lead';

/** The top frame goes on with its next question after the outcome's events and messages. */
function proceed(turn: Turn, outcome: Outcome, prefix: Text[]): void {
  for (const event of outcome.events) turn.emit(event);
  const [first, ...rest] = outcome.messages;
  if (first) turn.say({ ...first, text: [...prefix, ...first.text] });
  for (const m of rest) turn.say(m);
  advance(turn, first ? [] : prefix);
}

/** An effect's result for the frame waiting on it: the flow decides what follows. A stale one is ignored. */
export function effectResult(turn: Turn, input: { id: string; effect: string; result: Json }): void {
  const frame = turn.top();
  const flow = frame ? turn.flows[frame.flow] : undefined;
  if (!frame || !flow?.onEffect || frame.waiting?.id !== input.id) return;
  delete frame.waiting;
  const lead = Array.isArray(frame.scratch?.[LEAD]) ? (frame.scratch[LEAD] as unknown as Text[]) : [];
  if (frame.scratch && LEAD in frame.scratch) {
    const { [LEAD]: _said, ...scratch } = frame.scratch;
    if (Object.keys(scratch).length > 0) frame.scratch = scratch;
    else delete frame.scratch;
  }
  applyOutcome(turn, flow.onEffect(turn.ctx(frame), input), lead);
}

/** Handles an input as the answer to the top frame's current question. */
export function answerCurrent(turn: Turn, frame: Frame, input: Input): void {
  const steps = stepsOf(turn, frame);
  const step = steps.find((s) => s.id === frame.current);
  if (!step) {
    frame.current = null;
    return advance(turn);
  }
  if (frame.stuck && input.kind === 'choice' && [RETRY, HELP, MENU].includes(input.choiceId)) {
    return unstick(turn, frame, step, input.choiceId);
  }
  const interpreted = step.interpret?.(input, turn.ctx(frame));
  if (interpreted) {
    turn.echo = echoOf(input, step, turn);
    Object.assign(frame.answers, interpreted.answers);
    for (const id of Object.keys(interpreted.answers)) pushHistory(frame, id);
    resetAttempts(frame);
    frame.current = null;
    return advance(turn);
  }
  const result = recognize(step.prompt, input, { env: turn.env, locale: turn.locale, ...scratchOf(frame) });
  turn.echo = echoOf(input, step, turn);
  switch (result.kind) {
    case 'answer': {
      const problem = step.validate?.(result.value, turn.ctx(frame));
      if (problem) return rejected(turn, frame, step, problem.code, problem.reason);
      frame.answers[step.id] = result.value;
      // "12" typed for a distance reads back as "12 km".
      if (step.prompt.kind === 'number' && step.prompt.unit && input.kind === 'text') turn.echo = [describeAnswer(step, result.value, turn.locale)];
      pushHistory(frame, step.id);
      resetAttempts(frame);
      frame.current = null;
      return advance(turn, result.note ?? []);
    }
    case 'places':
      frame.scratch = { ...frame.scratch, places: result.places as unknown as Json };
      return ask(turn, frame, step, result.reason ?? []);
    case 'partial': {
      const scratch: { [key: string]: Json } = { ...frame.scratch, picks: result.picks };
      if (result.other !== undefined) scratch.other = result.other;
      else delete scratch.other;
      frame.scratch = scratch;
      return ask(turn, frame, step);
    }
    case 'edit': {
      const edit = step.prompt.kind === 'review' ? step.prompt.edits.find((e) => e.id === result.editId) : undefined;
      if (!edit) return ask(turn, frame, step);
      const target = steps.find((s) => s.id === edit.clears[0]);
      for (const id of edit.clears.slice(1)) delete frame.answers[id];
      frame.current = target ? target.id : null;
      resetAttempts(frame);
      return advance(turn);
    }
    case 'invalid':
      if (input.kind === 'text' && !result.attempted && escaped(turn, frame, input.text)) return;
      return rejected(turn, frame, step, result.code, result.reason);
  }
}

/**
 * A message that is no answer here may be another intent ("actually I want to volunteer"): the
 * first module escape that reads one starts its confirmation on top of this dialog (issue 14).
 */
function escaped(turn: Turn, frame: Frame, text: string): boolean {
  for (const escape of turn.escapes) {
    const offer = escape(text, turn.ctx(frame));
    if (offer) {
      startFlow(turn, offer.flow, offer.answers, false);
      return true;
    }
  }
  return false;
}

function rejected(turn: Turn, frame: Frame, step: StepDef, code: string, reason: Text[]): void {
  // An old button pressed late is not the person failing this question: no attempt counted.
  if (code === STALE_CHOICE) {
    turn.emit({ type: 'input_rejected', step: step.id, code, attempts: frame.attempts });
    return ask(turn, frame, step, reason);
  }
  frame.attempts += 1;
  turn.emit({ type: 'input_rejected', step: step.id, code, attempts: frame.attempts });
  if (frame.attempts < turn.env.limits.maxAttempts) return ask(turn, frame, step, reason);
  if (!frame.stuck) turn.emit({ type: 'retry_cap_reached', step: step.id });
  frame.stuck = true;
  turn.say({
    text: [...reason, t('errors.retry_cap')],
    choices: [
      { id: RETRY, label: t('choices.retry') },
      { id: HELP, label: t('choices.help') },
      { id: MENU, label: t('choices.menu') },
    ],
    expects: 'choice',
  });
}

function unstick(turn: Turn, frame: Frame, step: StepDef, choice: string): void {
  turn.echo = [t(choice === RETRY ? 'choices.retry' : choice === HELP ? 'choices.help' : 'choices.menu')];
  if (choice === MENU) {
    turn.emit({ type: 'dialog_cancelled', flow: frame.flow });
    return startFlow(turn, MENU_FLOW);
  }
  resetAttempts(frame);
  ask(turn, frame, step, choice === HELP ? helpFor(step) : []);
}

/** The help text for a question: what kinds of answer it takes, and the way out. */
export function helpFor(step: StepDef | undefined): Text[] {
  const kind = step?.prompt.kind;
  return [t('help.intro'), ...(kind ? [t(`help.${kind}`)] : []), t('help.commands')];
}

function resetAttempts(frame: Frame): void {
  frame.attempts = 0;
  delete frame.stuck;
  delete frame.scratch;
}

function pushHistory(frame: Frame, stepId: string): void {
  frame.history = [...frame.history.filter((id) => id !== stepId), stepId];
}

/** "Back": the previous answered question is asked again, its answer kept until replaced. */
export function goBack(turn: Turn, frame: Frame): void {
  const steps = stepsOf(turn, frame);
  // Within a question answered in several inputs, "back" first undoes the last of them.
  const step = steps.find((s) => s.id === frame.current);
  if (step && undoScratch(step, frame)) return ask(turn, frame, step);
  while (frame.history.length > 0) {
    const previous = frame.history.pop();
    if (previous !== undefined && previous !== frame.current && steps.some((s) => s.id === previous)) {
      frame.current = previous;
      resetAttempts(frame);
      return advance(turn);
    }
  }
  reask(turn, [t('back.nothing')]);
}

/**
 * Takes back the last input of a question in progress: the "Other" text being asked (back to
 * the options) or the last pick of a ranking. False when there is nothing to take back.
 */
function undoScratch(step: StepDef, frame: Frame): boolean {
  const { picks, other } = scratchOf(frame);
  if (step.prompt.kind === 'choice' && other === true) {
    frame.scratch = { ...frame.scratch };
    delete frame.scratch.other;
    return true;
  }
  if (step.prompt.kind === 'ranking' && picks.length > 0) {
    frame.scratch = { ...frame.scratch, picks: picks.slice(0, -1) };
    return true;
  }
  return false;
}

/** The current step of a frame, if it still exists. */
export function currentStep(turn: Turn, frame: Frame): StepDef | undefined {
  return stepsOf(turn, frame).find((s) => s.id === frame.current);
}

/** The label of a choice that a scale, a ranking or "Other" offers (their own reserved ids too). */
function offeredLabel(step: StepDef, id: string): Text | undefined {
  const prompt = step.prompt;
  if (prompt.kind === 'choice' && prompt.other && id === OTHER) return t('choices.other');
  if (prompt.kind === 'scale' && isScalePoint(prompt, id)) return lit(id);
  if (prompt.kind === 'ranking') return id === UNDO ? t('choices.undo') : prompt.options.find((o) => o.id === id)?.label;
  return undefined;
}

function echoOf(input: Input, step: StepDef, turn: Turn): Text[] | undefined {
  switch (input.kind) {
    case 'text':
      return [{ literal: input.text }];
    case 'choice': {
      const choice = step.prompt.kind === 'choice' ? step.prompt.choices.find((c) => c.id === input.choiceId) : undefined;
      if (choice) return [choice.label];
      const place = step.prompt.kind === 'location' ? placeEcho(input.choiceId, placesOf(turn.top()?.scratch?.places) ?? step.prompt.offer) : undefined;
      if (place) return [place];
      const offered = offeredLabel(step, input.choiceId);
      if (offered) return [offered];
      if (step.prompt.kind === 'review' && input.choiceId !== '_submit') {
        const edit = step.prompt.edits.find((e) => e.id === input.choiceId);
        if (edit) return [edit.label];
      }
      const reserved = ['_skip', '_done', '_submit', '_retry', '_help', '_menu', 'yes', 'no'];
      return [reserved.includes(input.choiceId) ? t(`choices.${input.choiceId.replace(/^_/, '')}`) : t('summary.unavailable_choice')];
    }
    case 'location':
      return [describeAnswer({ id: '', prompt: { kind: 'location', ask: [], boundary: [], areaName: '' } }, { lat: input.lat, lon: input.lon }, turn.locale)];
    case 'photo':
      return [t('summary.photo_sent')];
    default:
      return undefined;
  }
}

/** What an erasure must reach beyond the session: the submitted reports and every photo id. */
function erasureOf(session: Session, catalog: Catalog): Extract<EngineEvent, { type: 'data_erased' }> {
  const mediaIds = new Set<string>();
  for (const r of session.results) for (const id of r.mediaIds ?? []) mediaIds.add(id);
  const scopes = [...new Set(session.results.flatMap((r) => (r.once !== undefined ? [r.once] : [])))];
  // Photos of a report in progress (answers hold `{ mediaId, ... }`).
  for (const frame of session.stack) {
    for (const value of Object.values(frame.answers)) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.mediaId === 'string') mediaIds.add(value.mediaId);
    }
  }
  return {
    type: 'data_erased',
    // Results with a reference (reports): the agencies, case records and file lines know them by it.
    reports: session.results.flatMap((r) => {
      if (r.reference === undefined) return [];
      const agencyId = r.agencyId ?? catalog.categories.find((c) => c.id === r.categoryId)?.agency;
      return [{ reference: r.reference, categoryId: r.categoryId ?? '', ...(agencyId ? { agencyId } : {}), ...(r.id ? { submissionId: r.id } : {}) }];
    }),
    mediaIds: [...mediaIds],
    ...(scopes.length > 0 ? { onceScopes: scopes } : {}),
  };
}
