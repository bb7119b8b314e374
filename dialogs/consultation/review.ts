import { describeAnswer } from '../../src/engine/describe';
import type { EditDef, FlowCtx, StepDef } from '../../src/engine/flow';
import { t, type Text } from '../../src/engine/text';

export const REVIEW_STEP = 'review';

/** Every answer given (a question's own text as its label), each with a way to change it. */
export function reviewStep(questions: StepDef[], ctx: FlowCtx): StepDef {
  const summary: Text[] = [];
  const edits: EditDef[] = [];
  for (const step of questions) {
    const value = ctx.frame.answers[step.id];
    if (value === undefined || step.prompt.kind === 'statement') continue;
    // The question without its "Question n of N" line.
    const label = step.prompt.ask[1] ?? t('review.label.answer');
    summary.push(t('review.line', { label, value: describeAnswer(step, value, ctx.locale) }));
    // The question's own text is a name a person may type to change it (numbers work too).
    const match = 'literal' in label ? [label.literal] : [];
    edits.push({ id: `edit:${step.id}`, label: t('review.change', { what: label }), match, clears: [step.id] });
  }
  return { id: REVIEW_STEP, prompt: { kind: 'review', ask: [t('consultation.review')], summary, edits, submit: t('consultation.submit') } };
}
