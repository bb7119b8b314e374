import type { Condition } from '../../src/catalog/types';
import type { Json } from '../../src/engine/json';

/** The answer to a question as conditions read it (`q:<id>` in the frame). */
export const answerKey = (questionId: string): string => `q:${questionId}`;

/** A single value as a condition compares it: option id, yes/no, number or text. */
function asStrings(value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => asStrings(v));
  if (typeof value === 'object') return typeof value.other === 'string' ? ['_other', value.other] : [];
  if (typeof value === 'boolean') return [value ? 'yes' : 'no'];
  return [String(value)];
}

/**
 * Decidim-style display conditions, on the answers given so far: answered / not answered (a
 * skipped or never-asked question is not answered), equal / not equal (to an option id, `yes`,
 * `no`, or a number; for multiple choice: among the picks), matching a pattern (text answers;
 * the catalogue checked the pattern is linear-time), combined with all / any.
 */
export function holds(condition: Condition | undefined, answers: { [key: string]: Json }): boolean {
  if (condition === undefined) return true;
  if ('all' in condition) return condition.all.every((c) => holds(c, answers));
  if ('any' in condition) return condition.any.some((c) => holds(c, answers));
  const value = answers[answerKey(condition.question)];
  const values = asStrings(value);
  switch (condition.op) {
    case 'answered':
      return values.length > 0;
    case 'not_answered':
      return values.length === 0;
    case 'equals':
      return values.includes(condition.value);
    case 'not_equals':
      return values.length > 0 && !values.includes(condition.value);
    case 'matches': {
      // Text answers are capped by their question (at most a few thousand characters).
      const pattern = new RegExp(condition.pattern, 'iu');
      return typeof value === 'string' && pattern.test(value);
    }
  }
}
