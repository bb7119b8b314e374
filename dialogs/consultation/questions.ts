import type { Consultation, Question } from '../../src/catalog/types';
import type { ChoiceDef, FlowCtx, Prompt, StepDef } from '../../src/engine/flow';
import { localized } from '../../src/engine/locale';
import { lit, t, type Text } from '../../src/engine/text';
import { answerKey, holds } from './conditions';

/** A catalogue text in the person's language. */
export function text(ctx: FlowCtx, value: Record<string, string>): Text {
  return lit(localized(value, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale));
}

function options(ctx: FlowCtx, q: { options: { id: string; label: Record<string, string> }[] }): ChoiceDef[] {
  return q.options.map((o) => {
    const label = localized(o.label, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale);
    return { id: o.id, label: lit(label), match: [label] };
  });
}

/** The prompt a question is asked with (the engine's own prompt kinds). */
function promptOf(q: Question, ctx: FlowCtx, ask: Text[]): Prompt {
  // `form`: the channels offer their radio and checkbox controls for the options.
  const optional = !q.required ? { optional: true, form: true } : { form: true };
  switch (q.type) {
    case 'single_choice':
      return { kind: 'choice', ask, choices: options(ctx, q), ...(q.other ? { other: true } : {}), ...optional };
    case 'multiple_choice':
      return { kind: 'choice', ask, choices: options(ctx, q), multiple: true, min: q.min, max: q.max, ...(q.other ? { other: true } : {}), ...optional };
    case 'scale':
      return {
        kind: 'scale',
        ask,
        min: q.min,
        max: q.max,
        ...(q.minLabel ? { minLabel: text(ctx, q.minLabel) } : {}),
        ...(q.maxLabel ? { maxLabel: text(ctx, q.maxLabel) } : {}),
        ...optional,
      };
    case 'yes_no':
      return { kind: 'yesno', ask, ...optional };
    case 'number':
      return {
        kind: 'number',
        ask,
        ...(q.unit ? { unit: text(ctx, q.unit) } : {}),
        ...(q.min !== undefined ? { min: q.min } : {}),
        ...(q.max !== undefined ? { max: q.max } : {}),
        integer: q.integer,
        ...optional,
      };
    case 'short_text':
    case 'long_text':
      return { kind: 'text', ask, min: 1, max: q.maxChars, ...optional };
    case 'location': {
      // Any place in the city is a valid answer; whether it is in the consultation's area
      // decides eligibility (flow.ts), with its own answer rather than a retry.
      const j = ctx.env.catalog.jurisdiction;
      return { kind: 'location', ask, boundary: j.boundary, areaName: localized(j.name, ctx.locale, j.defaultLocale), ...optional };
    }
    case 'ranking':
      return { kind: 'ranking', ask, options: options(ctx, q), ...(q.pick !== undefined ? { pick: q.pick } : {}), ...optional };
    case 'statement':
      return { kind: 'statement', ask: [text(ctx, q.text), ...ask.slice(2)] };
  }
}

/**
 * The consultation's questions still to show, as steps: each question whose display condition
 * holds on the answers so far, asked as "Question n of N" (N counts the questions shown with
 * the current answers, so it can change as conditions open or close).
 */
export function questionSteps(c: Pick<Consultation, 'questions'>, ctx: FlowCtx): StepDef[] {
  const shown = c.questions.filter((q) => holds(q.condition, ctx.frame.answers));
  // Statements are said, not counted: "Question n of N" counts what asks for an answer.
  const total = shown.filter((q) => q.type !== 'statement').length;
  const steps: StepDef[] = [];
  let n = 0;
  shown.forEach((q) => {
    if (q.type !== 'statement') n += 1;
    const help = q.help ? [text(ctx, q.help)] : [];
    const ask = [t('consultation.progress', { n, total }), text(ctx, q.text), ...help];
    steps.push({ id: answerKey(q.id), prompt: promptOf(q, ctx, ask) });
  });
  return steps;
}
