/**
 * A rating scale (issue 11): 1-5 or 0-10, offered as one choice per point whose label is the
 * number itself; the meaning of the ends ("1 = never, 5 = every day") goes in the question, so
 * every channel can lay the points out on one row. The answer is the number.
 *
 * A typed "4" means four, never "the 4th button" (on a 0-10 scale those differ), and "4/5" or
 * "٤" (Arabic-Indic digits, folded by `normalize`) read the same. Typing an end label
 * ("every day") picks that end. The text is bounded before any work (answer-length.ts).
 */
import { normalize } from '../../nlu/normalize';
import type { Prompt } from '../flow';
import type { Input } from '../input';
import type { OutChoice } from '../message';
import { lit, t, type Text } from '../text';
import { NUMBER_MAX } from './answer-length';
import { westernDigits } from './number';
import { answer, invalid, type Recognition } from './recognition';

export type ScalePrompt = Extract<Prompt, { kind: 'scale' }>;
type ScaleRules = Omit<ScalePrompt, 'kind' | 'ask' | 'optional'>;

/** The scale's points in order, as choices whose id and label are the number. */
export function scaleChoices(rules: ScaleRules): OutChoice[] {
  const points: OutChoice[] = [];
  for (let n = rules.min; n <= rules.max; n++) points.push({ id: String(n), label: lit(String(n)) });
  return points;
}

/** The line that says what the ends mean, when the scale has end labels. */
export function scaleEnds(rules: ScaleRules): Text | undefined {
  const { min, max, minLabel, maxLabel } = rules;
  if (minLabel && maxLabel) return t('prompt.scale_ends', { min, minLabel, max, maxLabel });
  if (minLabel) return t('prompt.scale_end', { value: min, label: minLabel });
  if (maxLabel) return t('prompt.scale_end', { value: max, label: maxLabel });
  return undefined;
}

/** True when `id` is one of the scale's points. */
export function isScalePoint(rules: ScaleRules, id: string): boolean {
  return /^\d{1,2}$/.test(id) && Number(id) >= rules.min && Number(id) <= rules.max;
}

const TYPED = /^(\d{1,2})(?: ?\/ ?(?:5|10))?$/;

/** A point of the scale: its button, the number typed, or an end label typed. */
export function recognizeScale(input: Input, rules: ScaleRules): Recognition {
  const outOfRange = (code: string) => invalid(code, [t('errors.scale_out_of_range', { min: rules.min, max: rules.max })]);
  if (input.kind === 'choice') return isScalePoint(rules, input.choiceId) ? answer(Number(input.choiceId)) : invalid('choice_unknown', [t('errors.choice_unknown')]);
  if (input.kind !== 'text' || input.text.length > NUMBER_MAX * 2) return outOfRange('scale_expected');
  const said = normalize(westernDigits(input.text));
  const typed = TYPED.exec(said);
  if (typed) return isScalePoint(rules, typed[1] ?? '') ? answer(Number(typed[1])) : outOfRange('scale_out_of_range');
  for (const [label, value] of [[rules.minLabel, rules.min], [rules.maxLabel, rules.max]] as const) {
    if (label && 'literal' in label && normalize(label.literal) === said && said.length > 0) return answer(value);
  }
  return outOfRange('scale_expected');
}
