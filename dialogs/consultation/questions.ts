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
function promptOf(q: Question, ctx: FlowCtx, c: Consultation, ask: Text[]): Prompt | null {
  const optional = !q.required ? { optional: true } : {};
  switch (q.type) {
    case 'single_choice':
      return { kind: 'choice', ask, choices: options(ctx, q), ...optional };
    case 'multiple_choice':
      return { kind: 'choice', ask, choices: options(ctx, q), multiple: true, ...optional };
    case 'scale': {
      const ends = [q.minLabel ? t('consultation.scale_end', { n: q.min, label: text(ctx, q.minLabel) }) : null, q.maxLabel ? t('consultation.scale_end', { n: q.max, label: text(ctx, q.maxLabel) }) : null];
      const choices: ChoiceDef[] = [];
      for (let n = q.min; n <= q.max; n++) choices.push({ id: String(n), label: lit(String(n)), match: [String(n)] });
      return { kind: 'choice', ask: [...ask, ...ends.filter((e): e is Text => e !== null)], choices, ...optional };
    }
    case 'yes_no':
      return { kind: 'yesno', ask, ...optional };
    case 'number':
      return {
        kind: 'number',
        ask: q.unit ? [...ask, t('consultation.unit', { unit: text(ctx, q.unit) })] : ask,
        ...(q.min !== undefined ? { min: q.min } : {}),
        ...(q.max !== undefined ? { max: q.max } : {}),
        integer: q.integer,
        ...optional,
      };
    case 'short_text':
    case 'long_text':
      return { kind: 'text', ask, min: 1, max: q.maxChars, ...optional };
    case 'location': {
      const area = c.area;
      const j = ctx.env.catalog.jurisdiction;
      return {
        kind: 'location',
        ask,
        boundary: area?.boundary ?? j.boundary,
        areaName: localized(area?.name ?? j.name, ctx.locale, j.defaultLocale),
        ...optional,
      };
    }
    case 'ranking':
    case 'statement':
      // Asked once the engine has these prompt kinds (issue 11, in progress): skipped until then.
      return null;
  }
}

/**
 * The consultation's questions still to show, as steps: each question whose display condition
 * holds on the answers so far, asked as "Question n of N" (N counts the questions shown with
 * the current answers, so it can change as conditions open or close).
 */
export function questionSteps(c: Consultation, ctx: FlowCtx): StepDef[] {
  const shown = c.questions.filter((q) => holds(q.condition, ctx.frame.answers));
  const steps: StepDef[] = [];
  shown.forEach((q, index) => {
    const help = q.help ? [text(ctx, q.help)] : [];
    const ask = [t('consultation.progress', { n: index + 1, total: shown.length }), text(ctx, q.text), ...help];
    const prompt = promptOf(q, ctx, c, ask);
    if (prompt) steps.push({ id: answerKey(q.id), prompt });
  });
  return steps;
}
