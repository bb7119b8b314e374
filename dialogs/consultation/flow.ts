import { pointInBoundary } from '../../src/catalog/geo';
import type { Consultation } from '../../src/catalog/types';
import type { FlowCtx, FlowDef, Outcome, StepDef } from '../../src/engine/flow';
import { localized } from '../../src/engine/locale';
import { newSubmissionId } from '../../src/engine/ids';
import type { Json } from '../../src/engine/json';
import { lit, t } from '../../src/engine/text';
import { answerKey } from './conditions';
import { openFor, openness, reachable } from './open';
import { questionSteps, text } from './questions';
import { CONSULTATION_RESPONSE, type ConsultationResponse } from './result';
import { resultsLinkMessages } from './results-link';
import { reviewStep } from './review';
import { CONSULTATION_FLOW, CONSULTATION_STEP, PICK_HERE } from './ids';
import { CHANGE_STEP, changeStep, KEEP, notePrior, priorOf, scopeOf } from './prior';

export { CONSULTATION_STEP, PICK_HERE } from './ids';

export function consultationOf(ctx: FlowCtx): Consultation | undefined {
  const id = ctx.frame.answers[CONSULTATION_STEP];
  return ctx.env.catalog.consultations.find((c) => c.id === id);
}

/**
 * Whether the person's answers put them in the consultation's area: a pin given to any of its
 * location questions must be inside it (a typed address cannot be placed without a geocoder:
 * it counts as inside, and the agency sees it).
 */
function inArea(c: Consultation, ctx: FlowCtx): boolean {
  if (!c.area) return true;
  for (const q of c.questions) {
    if (q.type !== 'location') continue;
    const value = ctx.frame.answers[answerKey(q.id)];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    if (typeof value.lat === 'number' && typeof value.lon === 'number' && !pointInBoundary(c.area.boundary, value.lat, value.lon)) return false;
  }
  return true;
}

/** Which consultation, when several are open (the menu's "Have your say" then asks first). */
function pickStep(ctx: FlowCtx): StepDef {
  const choices = openFor(ctx.env, ctx.session).map((c) => {
    const title = localized(c.title, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale);
    return { id: c.id, label: lit(title), match: [title] };
  });
  return { id: CONSULTATION_STEP, prompt: { kind: 'choice', ask: [t('consultation.pick')], choices } };
}

/** "It opens on ..." / "it closed on ...", in the person's language and the jurisdiction's zone. */
function when(ctx: FlowCtx, iso: string): string {
  return new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: ctx.env.catalog.jurisdiction.timezone }).format(new Date(iso));
}

/**
 * Answering a consultation: its introduction, its questions (display conditions applied, "Question
 * n of N"), a review where any answer can be changed, then the response goes to the agency
 * (`consultation_response`). Before it opens the person hears when it opens; after it closes,
 * that it is closed; staff consultations are answered in Slack only.
 */
export const consultationFlow: FlowDef = {
  id: CONSULTATION_FLOW,
  version: 1,
  check(ctx): Outcome | null {
    // Not chosen yet: the first step asks which one (several are open).
    if (ctx.frame.answers[CONSULTATION_STEP] === undefined) return null;
    const c = consultationOf(ctx);
    if (!c) return { messages: [{ text: [t('consultation.unknown')], expects: 'none' }], events: [] };
    if (!reachable(c, ctx.session)) return { messages: [{ text: [t('consultation.staff_only')], expects: 'none' }], events: [] };
    const state = openness(c, ctx.env.now());
    if (state === 'not_yet_open') return { messages: [{ text: [t('consultation.not_yet_open', { title: text(ctx, c.title), date: when(ctx, c.opensAt) })], expects: 'none' }], events: [] };
    if (state === 'closed') return { messages: [{ text: [t('consultation.closed', { title: text(ctx, c.title), date: when(ctx, c.closesAt) })], expects: 'none' }], events: [] };
    if (c.area && !inArea(c, ctx)) return { messages: [{ text: [t('consultation.ineligible', { area: text(ctx, c.area.name), title: text(ctx, c.title) })], expects: 'none' }], events: [] };
    // Answered before (another conversation, another day): noted once, on the turn it starts.
    notePrior(c, ctx);
    if (ctx.frame.answers[CHANGE_STEP] === KEEP) return { messages: [{ text: [t('consultation.kept', { title: text(ctx, c.title) })], expects: 'none' }], events: [] };
    return null;
  },
  steps(ctx) {
    const c = consultationOf(ctx);
    if (!c) return [pickStep(ctx)];
    const questions = questionSteps(c, ctx);
    const [first, ...rest] = questions;
    // The introduction goes with the first question.
    const intro = first ? [{ ...first, prompt: { ...first.prompt, ask: [text(ctx, c.title), text(ctx, c.intro), ...first.prompt.ask] } }] : [];
    // Picked here (not by a link or the menu): "back" from the first question picks again.
    const picked = ctx.frame.answers[PICK_HERE] === true ? [pickStep(ctx)] : [];
    const prior = priorOf(ctx);
    const change = prior ? [changeStep(ctx, text(ctx, c.title), prior.at)] : [];
    return [...picked, ...change, ...intro, ...rest, reviewStep(questions, ctx)];
  },
  complete(ctx): Outcome {
    const c = consultationOf(ctx);
    if (!c) return { messages: [], events: [] };
    const answers: Record<string, Json> = {};
    for (const step of questionSteps(c, ctx)) {
      const value = ctx.frame.answers[step.id];
      if (value === undefined) continue;
      const question = c.questions.find((q) => answerKey(q.id) === step.id);
      if (!question || question.type === 'statement') continue;
      answers[question.id] = value;
    }
    const id = newSubmissionId(ctx.env);
    const submittedAt = ctx.env.now().toISOString();
    const response: ConsultationResponse = { id, consultationId: c.id, agencyId: c.agency, answers: answers as ConsultationResponse['answers'], locale: ctx.locale, channel: ctx.session.channel, submittedAt };
    const once = scopeOf(c);
    ctx.session.results.push({ kind: CONSULTATION_RESPONSE, id, agencyId: c.agency, submittedAt, once });
    // A changed response replaces the earlier one (the runtime names it in `replaces`).
    const said = priorOf(ctx) ? 'consultation.updated' : 'consultation.recorded';
    return {
      // Then where the results are (live, or after closing), when the public may see them.
      messages: [{ text: [t(said, { title: text(ctx, c.title) })], expects: 'none' }, ...resultsLinkMessages(ctx, c)],
      events: [{ type: 'result_submitted', kind: CONSULTATION_RESPONSE, id, agencyId: c.agency, once, payload: response as unknown as Json }],
    };
  },
};
