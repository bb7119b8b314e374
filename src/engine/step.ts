import { boundSession } from './session-bounds';
import { commandOf } from './commands';
import type { Env } from './env';
import { answerCurrent, currentStep, effectResult, goBack, helpFor, MENU_FLOW, reask, startFlow } from './frame-runner';
import type { CommandName, Input } from './input';
import { localized } from './locale';
import { plainCopy } from './plain-copy';
import { head } from './prompts/answer-length';
import type { ParticipationModule } from './module';
import type { Session } from './session';
import type { StepResult } from './step-result';
import { t } from './text';
import { Turn, type Escape, type Flows } from './turn';

/** Flow ids the engine itself relies on; `dialogs/` provides them. */
export const LANGUAGE_FLOW = 'language';
export const FORGET_FLOW = 'forget';
export const MY_DATA_FLOW = 'my_data';
const INTERRUPTIONS = [LANGUAGE_FLOW, FORGET_FLOW, MY_DATA_FLOW];

/** Start payloads: `report`, `report:<categoryId>`, or any flow id. Resolved by the dialogs. */
export type PayloadResolver = (payload: string, env: Env) => { flow: string; answers?: Record<string, string> } | null;

/**
 * One turn of the conversation: the session and an input in, the new session and the events
 * out. Pure: no I/O, no clock or randomness except through `env`; the caller's session is
 * not modified.
 */
/** Notice handlers by `<module id>.<notice>` (ParticipationModule.notices). */
export type NoticeHandlers = Readonly<Record<string, NonNullable<ParticipationModule['notices']>[string]>>;

export function runStep(session: Session, input: Input, env: Env, flows: Flows, resolvePayload: PayloadResolver, notices: NoticeHandlers = {}, escapes: readonly Escape[] = []): StepResult {
  const copy = plainCopy(session);
  copy.updatedAt = env.now().toISOString();
  const turn = new Turn(copy, env, flows, escapes);
  dispatch(turn, input, resolvePayload, notices);
  boundSession(turn.session);
  return { session: turn.session, events: turn.events, ...(turn.echo ? { echo: turn.echo } : {}) };
}

function dispatch(turn: Turn, input: Input, resolvePayload: PayloadResolver, notices: NoticeHandlers): void {
  if (input.kind === 'status_update') return statusUpdate(turn, input);
  if (input.kind === 'notice') return notice(turn, input, notices);
  if (input.kind === 'agency_question') return agencyQuestion(turn, input);
  if (input.kind === 'effect_result') return effectResult(turn, input);
  if (input.kind === 'start') return start(turn, input.payload, resolvePayload);
  const command = commandOf(input, turn.env);
  if (command) {
    turn.echo = input.kind === 'text' ? [{ literal: input.text }] : [t(`commands.label.${command}`)];
    return runCommand(turn, command);
  }
  if (input.kind === 'text' && turn.session.pendingQuestion) return reporterAnswer(turn, input.text);
  const frame = turn.top();
  if (!frame) return startFlow(turn, MENU_FLOW);
  const flow = turn.flows[frame.flow];
  if (!flow || frame.version !== flow.version) {
    const migrated = flow?.migrate?.(frame, turn.env);
    if (flow && migrated && migrated.version === flow.version) {
      turn.session.stack[turn.session.stack.length - 1] = migrated;
    } else {
      turn.emit({ type: 'dialog_restarted', flow: frame.flow, reason: 'dialog_updated' });
      turn.say({ text: [t('errors.dialog_updated')], expects: 'none' });
      return startFlow(turn, flow ? frame.flow : MENU_FLOW);
    }
  }
  const active = turn.top();
  if (active) answerCurrent(turn, active, input);
}

function start(turn: Turn, payload: string | undefined, resolvePayload: PayloadResolver): void {
  for (const frame of turn.session.stack) turn.emit({ type: 'dialog_cancelled', flow: frame.flow });
  turn.session.stack = [];
  const area = localized(turn.env.catalog.jurisdiction.name, turn.locale, turn.env.catalog.jurisdiction.defaultLocale);
  turn.say({ text: [t('greeting.welcome', { area }), t('greeting.privacy')], expects: 'none' });
  const target = payload ? resolvePayload(payload, turn.env) : null;
  if (payload && !target) turn.say({ text: [t('errors.unknown_start')], expects: 'none' });
  startFlow(turn, target?.flow ?? MENU_FLOW, target?.answers ?? {});
}

function runCommand(turn: Turn, command: CommandName): void {
  const frame = turn.top();
  switch (command) {
    case 'menu':
      if (frame && frame.flow !== MENU_FLOW) turn.emit({ type: 'dialog_cancelled', flow: frame.flow });
      return startFlow(turn, MENU_FLOW);
    case 'cancel': {
      const cancellable = frame && frame.flow !== MENU_FLOW;
      if (cancellable) turn.emit({ type: 'dialog_cancelled', flow: frame.flow });
      turn.say({ text: [t(cancellable ? 'cancel.done' : 'cancel.nothing')], expects: 'none' });
      return startFlow(turn, MENU_FLOW);
    }
    case 'back':
      return frame ? goBack(turn, frame) : startFlow(turn, MENU_FLOW);
    case 'help': {
      const step = frame ? currentStep(turn, frame) : undefined;
      if (frame?.stuck) frame.attempts = 0;
      return reask(turn, helpFor(step));
    }
    case 'language':
    case 'forget':
    case 'my_data': {
      const flow = command === 'language' ? LANGUAGE_FLOW : command === 'forget' ? FORGET_FLOW : MY_DATA_FLOW;
      // "My data" always answers with a fresh link (the flow's first message carries it).
      if (command === 'my_data') turn.emit({ type: 'data_export_requested' });
      if (frame?.flow === flow && command !== 'my_data') return reask(turn);
      // An interruption replaces another interruption, or a question a module asked on top of the
      // dialog (the mid-flow escape's "Leave ... ?"): the stack stays [dialog, interruption].
      for (let top = turn.session.stack.at(-1); top && (INTERRUPTIONS.includes(top.flow) || turn.session.stack.length > 1); top = turn.session.stack.at(-1)) {
        turn.session.stack.pop();
        turn.emit({ type: 'dialog_cancelled', flow: top.flow });
      }
      return startFlow(turn, flow, {}, false);
    }
  }
}

function statusUpdate(turn: Turn, input: Extract<Input, { kind: 'status_update' }>): void {
  const result = turn.session.results.find((r) => r.reference === input.reference);
  if (!result) return turn.emit({ type: 'status_update_unmatched', reference: input.reference });
  result.status = input.status;
  const name = categoryName(turn, result.categoryId);
  turn.say({
    text: [
      t('status.update', { reference: input.reference, category: name, status: t(`status.${input.status}`) }),
      ...(input.notes ? [t('status.notes', { notes: input.notes })] : []),
    ],
    expects: 'none',
  });
  turn.emit({ type: 'status_update_delivered', reference: input.reference, status: input.status });
}

/** The name of a result's category in the person's language (its kind when it has none). */
function categoryName(turn: Turn, categoryId: string | undefined): string {
  const { catalog } = turn.env;
  if (categoryId === undefined) return '';
  const category = catalog.categories.find((c) => c.id === categoryId);
  return category ? localized(category.name, turn.locale, catalog.jurisdiction.defaultLocale) : categoryId;
}

/**
 * A module's notice (a waitlist place freed up, a reminder): its messages; then the flow it
 * starts, if any (replacing what the person was doing), else the dialog under way is left as it
 * was. An unknown notice is dropped.
 */
function notice(turn: Turn, input: Extract<Input, { kind: 'notice' }>, notices: NoticeHandlers): void {
  const handler = notices[`${input.module}.${input.notice}`];
  if (!handler) return;
  const outcome = handler({ env: turn.env, session: turn.session, locale: turn.locale }, input.data);
  for (const e of outcome.events) turn.emit(e);
  for (const m of outcome.messages) turn.say(m);
  if (outcome.next) startFlow(turn, outcome.next.flow, outcome.next.answers ?? {});
}

/**
 * A public servant asks the reporter something ("Ask the reporter" in Slack). The question is
 * shown with the report it is about; the person's next typed message is the answer (a button
 * or a command still works as usual, and the dialog under way is left as it was).
 */
function agencyQuestion(turn: Turn, input: Extract<Input, { kind: 'agency_question' }>): void {
  const result = turn.session.results.find((r) => r.reference === input.reference);
  if (!result) return turn.emit({ type: 'status_update_unmatched', reference: input.reference });
  turn.session.pendingQuestion = { reference: input.reference, questionId: input.questionId, replyTo: input.replyTo, askedAt: turn.env.now().toISOString() };
  turn.say({
    text: [t('agency_question.asked', { reference: input.reference, category: categoryName(turn, result.categoryId) }), { literal: input.question }, t('agency_question.how_to_answer')],
    expects: 'text',
  });
  turn.emit({ type: 'agency_question_asked', reference: input.reference, questionId: input.questionId });
}

/** The reporter's typed answer to a pending agency question: passed on, then back to where they were. */
function reporterAnswer(turn: Turn, text: string): void {
  const pending = turn.session.pendingQuestion!;
  delete turn.session.pendingQuestion;
  const answer = head(text.trim(), turn.env.limits.descriptionMaxChars); // never half an emoji
  turn.emit({ type: 'reporter_answered', reference: pending.reference, questionId: pending.questionId, replyTo: pending.replyTo, text: answer });
  const thanks = [t('agency_question.thanks', { reference: pending.reference })];
  if (turn.top()) return reask(turn, thanks);
  turn.say({ text: thanks, expects: 'none' });
  startFlow(turn, MENU_FLOW);
}
