import type { EditDef, FlowCtx, StepDef } from '../../src/engine/flow';
import { describeAnswer } from '../../src/engine/describe';
import { t, type Text } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { CATEGORY_STEP, GROUP_STEP, SUGGEST_STEP } from './category-steps';
import {
  CONTACT_CONSENT,
  CONTACT_EMAIL,
  CONTACT_METHOD,
  CONTACT_MODE,
  CONTACT_NAME,
  CONTACT_PHONE,
  CONTACT_STEPS,
} from './contact-steps';
import { DESCRIPTION_STEP, LOCATION_STEP, PHOTO_STEP } from './detail-steps';

export const REVIEW_STEP = 'review';

const LABELS: Record<string, string> = {
  [CATEGORY_STEP]: 'review.label.category',
  [LOCATION_STEP]: 'review.label.location',
  [PHOTO_STEP]: 'review.label.photo',
  [DESCRIPTION_STEP]: 'review.label.description',
};

/**
 * The names a person may type to change a step ("description", "descripción"): a fixed label's
 * `review_<label>` vocabulary (every language), or the attribute's question itself.
 */
function namesOf(step: StepDef, label: Text, ctx: ReviewCtx): string[] {
  const key = LABELS[step.id];
  if (key) return vocabulary(ctx.env, key.replace('review.label.', 'review_'));
  return 'literal' in label ? [label.literal] : [];
}

/** The label of a step in the summary: a fixed one, or the attribute's own question. */
function labelOf(step: StepDef): Text {
  const key = LABELS[step.id];
  if (key) return t(key);
  const question = step.prompt.ask[0];
  if (!question) return t('review.label.answer');
  // An attribute's question reads as a label without its question marks ("How big is it").
  return 'literal' in question ? { literal: question.literal.replace(/^[¿\s]+|(?<![?？؟\s])[?？؟\s]+$/gu, '') } : question;
}

function contactSummary(ctx: ReviewCtx): Text[] {
  const a = ctx.answers;
  if (a[CONTACT_MODE] === 'anonymous') return [t('review.contact_anonymous')];
  if (a[CONTACT_CONSENT] === false) return [t('review.contact_withheld')];
  const how = a[CONTACT_METHOD] === 'phone' ? a[CONTACT_PHONE] : a[CONTACT_EMAIL];
  return [t('review.contact_given', { name: String(a[CONTACT_NAME] ?? ''), how: String(how ?? '') })];
}

/** What the review's prompt is built from: plain values only (see reviewStep). */
interface ReviewCtx {
  env: FlowCtx['env'];
  locale: string;
  answers: FlowCtx['frame']['answers'];
}

/**
 * A summary of every answer, with a way to change any one of them before sending. The flow's
 * steps are computed on every turn, and the review is asked on one turn of a report's ten: its
 * prompt (a line and an edit per answer, localized names) is built when the engine first reads
 * it, from the answers as they were when the steps were computed (a turn adds answers to the
 * same frame afterwards: hence a copy of them, beside the env and the locale).
 */
export function reviewStep(previous: StepDef[], ctx: FlowCtx): StepDef {
  return new ReviewStep(previous, { env: ctx.env, locale: ctx.locale, answers: { ...ctx.frame.answers } });
}

/**
 * The review as a step whose prompt is built on first read. A class, so the getter lives on its
 * prototype: an object literal with a getter of its own gets a hidden class of its own in V8,
 * and one per turn made the engine three times slower.
 */
class ReviewStep implements StepDef {
  readonly id = REVIEW_STEP;
  #prompt: StepDef['prompt'] | undefined;

  constructor(
    private readonly previous: StepDef[],
    private readonly at: ReviewCtx,
  ) {}

  get prompt(): StepDef['prompt'] {
    return (this.#prompt ??= reviewPrompt(this.previous, this.at));
  }
}

function reviewPrompt(previous: StepDef[], ctx: ReviewCtx): StepDef['prompt'] {
  const summary: Text[] = [];
  const edits: EditDef[] = [];
  for (const step of previous) {
    if (step.prompt.kind === 'statement' || step.id === GROUP_STEP || step.id === SUGGEST_STEP || CONTACT_STEPS.includes(step.id)) continue;
    const value = ctx.answers[step.id];
    if (value === undefined) continue;
    const label = labelOf(step);
    summary.push(t('review.line', { label, value: describeAnswer(step, value, ctx.locale) }));
    const clears = step.id === CATEGORY_STEP && previous.some((s) => s.id === GROUP_STEP) ? [GROUP_STEP, CATEGORY_STEP] : [step.id];
    edits.push({ id: `edit:${step.id}`, label: t('review.change', { what: label }), match: namesOf(step, label, ctx), clears });
  }
  summary.push(t('review.line', { label: t('review.label.contact'), value: contactSummary(ctx)[0] ?? t('summary.skipped') }));
  const contactIds = previous.filter((s) => CONTACT_STEPS.includes(s.id)).map((s) => s.id);
  // Changing contact details starts the contact questions over (name, method, consent).
  const clears = contactIds.includes(CONTACT_MODE) ? [CONTACT_MODE, CONTACT_NAME, CONTACT_METHOD, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_CONSENT] : contactIds;
  edits.push({ id: 'edit:contact', label: t('review.change', { what: t('review.label.contact') }), match: vocabulary(ctx.env, 'review_contact'), clears });
  return { kind: 'review', ask: [t('review.ask')], summary, edits };
}
