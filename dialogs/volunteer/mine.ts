/**
 * "My sign-ups" (issue 13): the person's upcoming sign-ups, read from the sign-up store through
 * the effect `volunteer.list` (so sign-ups from their other conversations show too), and
 * cancelling one through `volunteer.cancel`: the place is freed at once and the first person
 * waiting is promoted and told in their own conversation (services.ts). The agency gets a
 * `volunteer_cancellation`. A shift the agency cancelled shows as cancelled, with nothing to do.
 */
import type { ChoiceDef, FlowCtx, FlowDef, Outcome } from '../../src/engine/flow';
import { newSubmissionId } from '../../src/engine/ids';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import { lit, t, type Text } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { findShift } from './listing';
import { VOLUNTEER_CANCELLATION, type VolunteerCancellation } from './result';
import { shiftTime } from './time';

export const MINE_FLOW = 'volunteer_mine';
export const LIST_EFFECT = 'volunteer.list';
export const CANCEL_EFFECT = 'volunteer.cancel';
const LIST = 'list';
const PICK = 'pick';
const SURE = 'sure';
const KEEP = '_keep';

/** One sign-up as the list effect returns it. */
export interface ListedSignUp {
  signUpId: string;
  shiftId: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled_by_agency';
  position?: number;
}

function listOf(v: Json | undefined): ListedSignUp[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return [];
    const { signUpId, shiftId, status, position } = x;
    if (typeof signUpId !== 'string' || typeof shiftId !== 'string' || (status !== 'confirmed' && status !== 'waitlisted' && status !== 'cancelled_by_agency')) return [];
    return [{ signUpId, shiftId, status, ...(typeof position === 'number' ? { position } : {}) }];
  });
}

/** "Riverbank clean-up, Sat, Dec 12, 9:00 AM – 12:00 PM" */
function describe(ctx: FlowCtx, s: ListedSignUp): string | undefined {
  const found = findShift(ctx.env.catalog, s.shiftId);
  if (!found) return undefined;
  return `${localized(found.opportunity.title, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale)}, ${shiftTime(ctx, found.shift)}`;
}

const say = (text: Text[]): Outcome => ({ messages: [{ text, expects: 'none' }], events: [] });

export const mineFlow: FlowDef = {
  id: MINE_FLOW,
  version: 1,
  check(ctx): Outcome | null {
    if (ctx.frame.answers[PICK] === KEEP || ctx.frame.answers[SURE] === false) return say([t('volunteer.mine_kept')]);
    return null;
  },
  steps(ctx) {
    if (ctx.frame.answers[LIST] === undefined) return [];
    const all = listOf(ctx.frame.answers[LIST]);
    const lines: Text[] = all.map((s, i) => {
      const what = lit(describe(ctx, s) ?? s.shiftId);
      if (s.status === 'cancelled_by_agency') return t('volunteer.mine_line_cancelled', { n: i + 1, what });
      return s.status === 'confirmed' ? t('volunteer.mine_line', { n: i + 1, what }) : t('volunteer.mine_line_waiting', { n: i + 1, what, position: s.position ?? 1 });
    });
    // Only what is still held can be cancelled.
    const list = all.filter((s) => s.status !== 'cancelled_by_agency');
    if (list.length === 0) return [];
    const choices: ChoiceDef[] = [
      ...list.map((s) => {
        const label = describe(ctx, s) ?? s.shiftId;
        return { id: s.signUpId, label: t('volunteer.cancel_item', { what: lit(label) }), match: [label] };
      }),
      { id: KEEP, label: t('volunteer.keep_all'), match: vocabulary(ctx.env, 'no') },
    ];
    const picked = list.find((s) => s.signUpId === ctx.frame.answers[PICK]);
    const sure = picked ? [{ id: SURE, prompt: { kind: 'yesno' as const, ask: [t('volunteer.cancel_sure', { what: lit(describe(ctx, picked) ?? picked.shiftId) })] } }] : [];
    return [{ id: PICK, prompt: { kind: 'choice', ask: [t('volunteer.mine_intro'), ...lines, t('volunteer.mine_ask')], choices } }, ...sure];
  },
  complete(ctx): Outcome {
    const id = newSubmissionId(ctx.env);
    if (ctx.frame.answers[LIST] === undefined) return { messages: [], events: [{ type: 'effect_requested', effect: LIST_EFFECT, id, args: {} }], wait: { effect: LIST_EFFECT, id } };
    const listed = listOf(ctx.frame.answers[LIST]);
    // Everything listed was cancelled by the agency: the list is all there is to say.
    if (ctx.frame.answers[PICK] === undefined && listed.every((s) => s.status === 'cancelled_by_agency')) {
      return say([t('volunteer.mine_intro'), ...listed.map((s, i) => t('volunteer.mine_line_cancelled', { n: i + 1, what: lit(describe(ctx, s) ?? s.shiftId) }))]);
    }
    const picked = listed.find((s) => s.signUpId === ctx.frame.answers[PICK] && s.status !== 'cancelled_by_agency');
    if (!picked) return say([t('volunteer.mine_kept')]);
    return { messages: [], events: [{ type: 'effect_requested', effect: CANCEL_EFFECT, id, args: { shiftId: picked.shiftId } }], wait: { effect: CANCEL_EFFECT, id } };
  },
  onEffect(ctx, { id, effect, result }): Outcome {
    const r = (typeof result === 'object' && result !== null && !Array.isArray(result) ? result : {}) as { outcome?: string; signUps?: Json; signUpId?: string; volunteer?: string };
    if (effect === LIST_EFFECT) {
      const list = listOf(r.signUps);
      if (r.outcome !== 'listed') return say([t('volunteer.unavailable')]);
      if (list.length === 0) return say([t('volunteer.mine_none')]);
      return { messages: [], events: [], next: { flow: MINE_FLOW, answers: { [LIST]: list as unknown as Json } } };
    }
    const picked = listOf(ctx.frame.answers[LIST]).find((s) => s.signUpId === ctx.frame.answers[PICK]);
    const found = picked ? findShift(ctx.env.catalog, picked.shiftId) : undefined;
    if (r.outcome === 'none') return say([t('volunteer.cancel_none')]);
    if (r.outcome !== 'cancelled' || !picked || !found) return say([t('volunteer.unavailable')]);
    const cancelledAt = ctx.env.now().toISOString();
    const payload: VolunteerCancellation = {
      id,
      signUpId: r.signUpId ?? picked.signUpId,
      opportunityId: found.opportunity.id,
      shiftId: found.shift.id,
      agencyId: found.opportunity.agency,
      cancelledAt,
      volunteer: r.volunteer ?? '',
    };
    return {
      messages: [{ text: [t('volunteer.cancelled', { what: lit(describe(ctx, picked) ?? picked.shiftId) })], expects: 'none' }],
      events: [{ type: 'result_submitted', kind: VOLUNTEER_CANCELLATION, id, agencyId: found.opportunity.agency, payload: payload as unknown as Json }],
    };
  },
};
