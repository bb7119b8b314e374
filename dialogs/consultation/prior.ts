/**
 * "You answered on 3 May; change it?" (issue 11). One response per person counts; while a
 * consultation is open the person may change theirs. Whether they answered before is known
 * across conversations only to the runtime's claims store, so the module names the scopes a turn
 * may start answering (`startingScopes`, asked before each step) and the flow reads the answer
 * from Env.onceAnswered on the turn the consultation starts, keeping it in the frame (`PRIOR`)
 * so later turns need no lookup.
 */
import type { Consultation } from '../../src/catalog/types';
import type { Env } from '../../src/engine/env';
import type { FlowCtx, StepDef } from '../../src/engine/flow';
import type { Input } from '../../src/engine/input';
import type { Json } from '../../src/engine/json';
import type { Session } from '../../src/engine/session';
import { MENU_FLOW } from '../../src/engine/frame-runner';
import { t, type Text } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { CONSULTATION_FLOW, CONSULTATION_MENU_ENTRY, CONSULTATION_STEP } from './ids';
import { openFor } from './open';

/** The frame answer that keeps what the person answered before: `{ consultation, at }`. */
export const PRIOR = 'prior';
/** The "change it?" step: `change` or `keep`. */
export const CHANGE_STEP = 'change';
export const CHANGE = 'change';
export const KEEP = 'keep';

/** The `once` scope of a consultation's responses. */
export const scopeOf = (c: Pick<Consultation, 'id'>): string => `consultation:${c.id}`;

/**
 * Scopes this turn may start answering: a deep link's consultation; asking which consultation,
 * every consultation open to the person's channel; at the menu, the same, but only for what can
 * start one there (its menu entry, or words: a title, an intent). Choosing something else on the
 * menu (a report), a location, a photo or a command needs no lookup, nor does mid-question.
 */
export function startingScopes(session: Session, input: Input, env: Env, linked: (payload: string, env: Env) => Consultation | undefined): string[] {
  if (input.kind === 'start') {
    const c = input.payload ? linked(input.payload, env) : undefined;
    return c ? [scopeOf(c)] : [];
  }
  const top = session.stack[session.stack.length - 1];
  const picking = top?.flow === CONSULTATION_FLOW && top.answers[CONSULTATION_STEP] === undefined;
  const atMenu = (!top || top.flow === MENU_FLOW) && (input.kind === 'text' || (input.kind === 'choice' && input.choiceId === CONSULTATION_MENU_ENTRY));
  return picking || atMenu ? openFor(env, session).map(scopeOf) : [];
}

/**
 * When the person's current response to `c` was submitted ('' when the date is unknown), or
 * null when they have none: the runtime's lookup for this turn, else this conversation's results.
 */
function answeredAt(c: Consultation, ctx: FlowCtx): string | null {
  const scope = scopeOf(c);
  const looked = ctx.env.onceAnswered?.[scope];
  if (looked !== undefined) return looked;
  const mine = [...ctx.session.results].reverse().find((r) => r.once === scope);
  return mine ? mine.submittedAt : null;
}

/** Records, once per consultation started, whether the person answered it before. */
export function notePrior(c: Consultation, ctx: FlowCtx): void {
  const kept = ctx.frame.answers[PRIOR];
  if (isPrior(kept) && kept.consultation === c.id) return;
  ctx.frame.answers[PRIOR] = { consultation: c.id, at: answeredAt(c, ctx) };
}

/** What the person answered before, as kept in the frame (null: this is their first response). */
export function priorOf(ctx: FlowCtx): { at: string } | null {
  const kept = ctx.frame.answers[PRIOR];
  return isPrior(kept) && typeof kept.at === 'string' ? { at: kept.at } : null;
}

function isPrior(v: Json | undefined): v is { consultation: string; at: string | null } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.consultation === 'string';
}

/** "You answered ... on 3 May. Change your response?" */
export function changeStep(ctx: FlowCtx, title: Text, at: string): StepDef {
  const date = at ? new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeZone: ctx.env.catalog.jurisdiction.timezone }).format(new Date(at)) : '';
  const ask = date ? t('consultation.answered_before', { title, date }) : t('consultation.answered_before_undated', { title });
  return {
    id: CHANGE_STEP,
    prompt: {
      kind: 'choice',
      ask: [ask],
      choices: [
        // Typed: the entry's words, or yes / no to "would you like to change it?".
        { id: CHANGE, label: t('consultation.change_response'), match: [...vocabulary(ctx.env, 'change_response'), ...vocabulary(ctx.env, 'yes')] },
        { id: KEEP, label: t('consultation.keep_response'), match: [...vocabulary(ctx.env, 'keep_response'), ...vocabulary(ctx.env, 'no')] },
      ],
    },
  };
}
