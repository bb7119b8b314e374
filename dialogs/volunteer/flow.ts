/**
 * Volunteering (issue 13; allReady, Decidim meetings): find a shift (when, what), read its
 * details, acknowledge its requirements (and a minimum age, self-declared), answer its sign-up
 * questions (the consultation question types), confirm, and a place is taken at once: the flow
 * asks the runtime for the effect `volunteer.sign_up` (exact capacity is decided atomically in
 * the store) and tells the person whether they are confirmed, on the waitlist (their position),
 * or that it just filled up. Shifts are listed five at a time with "More shifts".
 */
import type { Opportunity, Shift } from '../../src/catalog/types';
import type { ChoiceDef, FlowCtx, FlowDef, Outcome, StepDef } from '../../src/engine/flow';
import { newSubmissionId } from '../../src/engine/ids';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import { lit, t, type Text } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { questionSteps } from '../consultation/questions';
import { answerKey } from '../consultation/conditions';
import { findShift, PAGE, tagsOf, upcoming, WHENS, type Listed, type When } from './listing';
import { VOLUNTEER_SIGNUP, type VolunteerSignUp } from './result';
import { shiftTime } from './time';
import { MINE_FLOW } from './mine';
import { CALENDAR_FILENAME, CALENDAR_MIME } from './calendar/file';

export const VOLUNTEER_FLOW = 'volunteer';
export const SIGN_UP_EFFECT = 'volunteer.sign_up';
const WHEN = 'when';
/** "My sign-ups" on the first question. */
const MINE = 'mine';
const TAG = 'tag';
const ANY = 'any';
const MORE = '_more';
const DETAILS = 'details';
const CONFIRM = 'confirm';
const AGE = 'age';
/** The step listing page `n` of the shifts (1-based): `shift:1`, `shift:2`, ... */
const pageStep = (n: number): string => `shift:${String(n)}`;
const requirementStep = (i: number): string => `requirement:${String(i)}`;

/** Catalogue text in the person's language. */
function text(ctx: FlowCtx, value: Record<string, string>): Text {
  return lit(localized(value, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale));
}


function selected(ctx: FlowCtx): Listed | undefined {
  for (let n = 1; ; n++) {
    const v = ctx.frame.answers[pageStep(n)];
    if (typeof v !== 'string') return undefined;
    if (v !== MORE) return findShift(ctx.env.catalog, v);
  }
}

function filtered(ctx: FlowCtx): Listed[] {
  const when = (ctx.frame.answers[WHEN] ?? 'any') as When;
  const tag = ctx.frame.answers[TAG];
  return upcoming(ctx.env.catalog, ctx.env.now(), when, typeof tag === 'string' && tag !== ANY ? tag : null);
}

function whenStep(ctx: FlowCtx): StepDef {
  const choices: ChoiceDef[] = [...WHENS.map((w) => ({ id: w, label: t(`volunteer.when.${w}`) })), { id: MINE, label: t('volunteer.mine'), match: vocabulary(ctx.env, 'my_signups') }];
  return { id: WHEN, prompt: { kind: 'choice', ask: [t('volunteer.when_ask')], choices } };
}

function tagStep(ctx: FlowCtx, tags: string[]): StepDef {
  const choices: ChoiceDef[] = [
    ...tags.map((tag) => {
      const named = ctx.env.catalog.volunteerTags?.[tag];
      const label = named ? localized(named, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale) : tag;
      return { id: tag, label: lit(label), match: [label, tag] };
    }),
    { id: ANY, label: t('volunteer.tag_any') },
  ];
  return { id: TAG, prompt: { kind: 'choice', ask: [t('volunteer.tag_ask')], choices } };
}

/** The list pages answered so far plus the one to answer: five shifts each, "More shifts" when there are more. */
function pageSteps(ctx: FlowCtx, listed: Listed[]): StepDef[] {
  const steps: StepDef[] = [];
  for (let n = 1; (n - 1) * PAGE < listed.length; n++) {
    const page = listed.slice((n - 1) * PAGE, n * PAGE);
    const more = listed.length > n * PAGE;
    const choices: ChoiceDef[] = page.map(({ opportunity, shift }) => {
      const label = `${localized(opportunity.title, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale)} · ${shiftTime(ctx, shift)}`;
      return { id: shift.id, label: lit(label), match: [label] };
    });
    if (more) choices.push({ id: MORE, label: t('volunteer.more') });
    const ask = n === 1 ? [t('volunteer.pick_ask', { count: listed.length })] : [t('volunteer.pick_more')];
    steps.push({ id: pageStep(n), prompt: { kind: 'choice', ask, choices } });
    if (ctx.frame.answers[pageStep(n)] !== MORE) break;
  }
  return steps;
}

function detailsStep(ctx: FlowCtx, { opportunity: o, shift }: Listed): StepDef {
  const ask: Text[] = [
    text(ctx, o.title),
    text(ctx, o.description),
    t('volunteer.details_when', { time: shiftTime(ctx, shift) }),
    t('volunteer.details_where', { address: text(ctx, o.place.address) }),
    t('volunteer.details_places', { count: shift.capacity }),
  ];
  return { id: DETAILS, prompt: { kind: 'choice', ask, choices: [{ id: 'sign_up', label: t('volunteer.sign_up'), match: [...vocabulary(ctx.env, 'sign_up'), ...vocabulary(ctx.env, 'yes')] }] } };
}

function eligibilitySteps(ctx: FlowCtx, o: Opportunity): StepDef[] {
  const steps: StepDef[] = o.requirements.map((r, i) => ({ id: requirementStep(i), prompt: { kind: 'yesno', ask: [t('volunteer.requirement_ask', { requirement: text(ctx, r) })] } }));
  if (o.minAge !== undefined) steps.push({ id: AGE, prompt: { kind: 'yesno', ask: [t('volunteer.age_ask', { age: o.minAge })] } });
  return steps;
}

function confirmStep(ctx: FlowCtx, { opportunity: o, shift }: Listed): StepDef {
  return {
    id: CONFIRM,
    prompt: {
      kind: 'choice',
      ask: [t('volunteer.confirm_ask', { title: text(ctx, o.title), time: shiftTime(ctx, shift) })],
      choices: [
        // Typed: "sign me up", or yes / no.
        { id: 'yes', label: t('volunteer.confirm_yes'), match: [...vocabulary(ctx.env, 'sign_up'), ...vocabulary(ctx.env, 'yes')] },
        { id: 'no', label: t('volunteer.confirm_no'), match: vocabulary(ctx.env, 'no') },
      ],
    },
  };
}

const say = (key: string, args?: Record<string, Text | string | number>): Outcome => ({ messages: [{ text: [args ? t(key, args) : t(key)], expects: 'none' }], events: [] });

export const volunteerFlow: FlowDef = {
  id: VOLUNTEER_FLOW,
  version: 1,
  check(ctx): Outcome | null {
    const a = ctx.frame.answers;
    if (a[WHEN] === MINE) return { messages: [], events: [], next: { flow: MINE_FLOW } };
    if (Object.entries(a).some(([k, v]) => k.startsWith('requirement:') && v === false)) return say('volunteer.requirement_not_met');
    if (a[AGE] === false) return say('volunteer.age_not_met');
    if (a[CONFIRM] === 'no') return say('volunteer.not_signed_up');
    const chosen = selected(ctx);
    // An old button of a shift the agency has since cancelled.
    if (chosen?.shift.cancelled) return say('volunteer.shift_cancelled_reply', { title: text(ctx, chosen.opportunity.title), time: shiftTime(ctx, chosen.shift) });
    if (chosen && Date.parse(chosen.shift.startsAt) <= ctx.env.now().getTime()) return say('volunteer.started');
    return null;
  },
  steps(ctx) {
    const whenPicked = ctx.frame.answers[WHEN] !== undefined;
    if (!whenPicked) return [whenStep(ctx)];
    const all = upcoming(ctx.env.catalog, ctx.env.now(), ctx.frame.answers[WHEN] as When, null);
    const tags = tagsOf(all);
    const tag = tags.length > 1 ? [tagStep(ctx, tags)] : [];
    if (tag.length > 0 && ctx.frame.answers[TAG] === undefined) return [whenStep(ctx), ...tag];
    const listed = filtered(ctx);
    if (listed.length === 0) return [whenStep(ctx), ...tag];
    const pages = pageSteps(ctx, listed);
    const chosen = selected(ctx);
    if (!chosen) return [whenStep(ctx), ...tag, ...pages];
    const questions = questionSteps({ questions: chosen.opportunity.questions }, ctx);
    return [whenStep(ctx), ...tag, ...pages, detailsStep(ctx, chosen), ...eligibilitySteps(ctx, chosen.opportunity), ...questions, confirmStep(ctx, chosen)];
  },
  complete(ctx): Outcome {
    const chosen = selected(ctx);
    if (!chosen) return say(`volunteer.none.${String(ctx.frame.answers[WHEN] ?? 'any')}`);
    const id = newSubmissionId(ctx.env);
    const { opportunity: o, shift } = chosen;
    return {
      messages: [],
      events: [{ type: 'effect_requested', effect: SIGN_UP_EFFECT, id, args: { shiftId: shift.id, capacity: shift.capacity, waitlist: o.waitlist } }],
      wait: { effect: SIGN_UP_EFFECT, id },
    };
  },
  onEffect(ctx, { id, result }): Outcome {
    const chosen = selected(ctx);
    // The handler's answer (services.ts): the outcome, the waitlist position, the person's volunteer pseudonym.
    const r = (typeof result === 'object' && result !== null && !Array.isArray(result) ? result : {}) as { outcome?: string; position?: number; volunteer?: string; calendarUrl?: string; overlaps?: Json };
    if (!chosen) return say('volunteer.unavailable');
    const { opportunity: o, shift } = chosen;
    const args = { title: text(ctx, o.title), time: shiftTime(ctx, shift), address: text(ctx, o.place.address) };
    switch (r.outcome) {
      case 'confirmed':
      case 'waitlisted':
        break;
      case 'already':
        return say('volunteer.already', args);
      case 'full':
        return say('volunteer.full', args);
      case 'shift_cancelled':
        return say('volunteer.shift_cancelled_reply', { title: args.title, time: args.time });
      default:
        return say('volunteer.unavailable');
    }
    const submittedAt = ctx.env.now().toISOString();
    const answers: Record<string, Json> = {};
    for (const q of o.questions) {
      const v = ctx.frame.answers[answerKey(q.id)];
      if (v !== undefined && q.type !== 'statement') answers[q.id] = v;
    }
    const status = r.outcome;
    const payload: VolunteerSignUp = {
      id,
      opportunityId: o.id,
      shiftId: shift.id,
      agencyId: o.agency,
      status,
      ...(status === 'waitlisted' && typeof r.position === 'number' ? { position: r.position } : {}),
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      answers: answers as VolunteerSignUp['answers'],
      locale: ctx.locale,
      channel: ctx.session.channel,
      submittedAt,
      volunteer: r.volunteer ?? '',
    };
    ctx.session.results.push({ kind: VOLUNTEER_SIGNUP, id, agencyId: o.agency, submittedAt });
    const message = status === 'confirmed' ? t('volunteer.confirmed', args) : t('volunteer.waitlisted', { ...args, position: r.position ?? 1 });
    // A confirmed place comes with its calendar file's signed link (calendar/services.ts), in the
    // text for every channel and as the message's document for channels that attach files.
    const calendar =
      status === 'confirmed' && typeof r.calendarUrl === 'string'
        ? [{ text: [t('volunteer.calendar', { url: r.calendarUrl })], expects: 'none' as const, document: { url: r.calendarUrl, filename: CALENDAR_FILENAME, mime: CALENDAR_MIME } }]
        : [];
    // Places the person also holds at the same time (services.ts): pointed out, not refused.
    const clashes = (Array.isArray(r.overlaps) ? r.overlaps : []).flatMap((shiftId) => {
      const other = typeof shiftId === 'string' ? findShift(ctx.env.catalog, shiftId) : undefined;
      return other ? [t('volunteer.overlap', { what: lit(`${localized(other.opportunity.title, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale)}, ${shiftTime(ctx, other.shift)}`) })] : [];
    });
    return {
      messages: [{ text: [message, ...clashes], expects: 'none' }, ...calendar],
      events: [{ type: 'result_submitted', kind: VOLUNTEER_SIGNUP, id, agencyId: o.agency, payload: payload as unknown as Json }],
    };
  },
};
