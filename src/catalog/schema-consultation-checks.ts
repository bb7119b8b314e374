/**
 * Checks of a consultation that need more than one question: display conditions name an
 * earlier question that takes an answer, compare with a value that question can have, and
 * match text with a pattern that is valid and linear-time. They read the value defensively
 * (it runs even when other parts failed), so every problem is reported in one go.
 */
import type { z } from 'zod';
import { conditionPatternProblem } from './condition-pattern';
import { asRecord } from './schema-primitives';
import { listOrNone } from './schema-text';

type IssueSink = Pick<z.core.$RefinementCtx, 'addIssue'>;

/** What a condition needs to know about a question it names. */
interface Target {
  index: number;
  type: string;
  /** The values `equals` may compare with, when they form a closed list. */
  values?: string[];
  /** For number and scale questions: `equals` compares with a number. */
  numeric?: boolean;
}

/** Question types whose answer is text, which `matches` tests. */
const TEXT_TYPES = ['short_text', 'long_text'];

/** Reports every problem of every question's `condition`, at `questions[i].condition...`. */
export function reportConditionProblems(refine: IssueSink, questions: unknown): void {
  if (!Array.isArray(questions)) return;
  const targets = new Map<string, Target>();
  questions.forEach((raw: unknown, index) => {
    const q = asRecord(raw);
    if (q === undefined) return;
    if (q.condition !== undefined) walk(refine, q.condition, ['questions', index, 'condition'], targets);
    if (typeof q.id === 'string' && !targets.has(q.id)) targets.set(q.id, targetOf(q, index));
  });
  // A condition on a question that comes later (or on itself) is told apart from a typo.
  questions.forEach((raw: unknown, index) => {
    const q = asRecord(raw);
    if (q?.condition !== undefined) laterReferences(refine, q.condition, ['questions', index, 'condition'], index, targets);
  });
}

function walk(refine: IssueSink, condition: unknown, path: PropertyKey[], earlier: Map<string, Target>): void {
  const c = asRecord(condition);
  if (c === undefined) return;
  for (const combinator of ['all', 'any'] as const) {
    const list = c[combinator];
    if (Array.isArray(list)) list.forEach((inner: unknown, i) => walk(refine, inner, [...path, combinator, i], earlier));
  }
  if (typeof c.question !== 'string') return;
  const target = earlier.get(c.question);
  if (target === undefined) return; // reported by laterReferences once every id is known
  const issue = (key: string, message: string): void => refine.addIssue({ code: 'custom', path: [...path, key], message });
  if (target.type === 'statement') {
    issue('question', `question '${c.question}' is a statement: it has no answer to test`);
    return;
  }
  if ((c.op === 'equals' || c.op === 'not_equals') && (typeof c.value === 'string' || typeof c.value === 'number')) {
    const problem = valueProblem(String(c.value), c.question, target);
    if (problem !== undefined) issue('value', problem);
  }
  if (c.op === 'matches') {
    if (!TEXT_TYPES.includes(target.type)) issue('op', `matches tests text answers; question '${c.question}' is ${target.type}`);
    if (typeof c.pattern === 'string') {
      const problem = conditionPatternProblem(c.pattern);
      if (problem !== undefined) issue('pattern', problem);
    }
  }
}

function laterReferences(refine: IssueSink, condition: unknown, path: PropertyKey[], at: number, targets: Map<string, Target>): void {
  const c = asRecord(condition);
  if (c === undefined) return;
  for (const combinator of ['all', 'any'] as const) {
    const list = c[combinator];
    if (Array.isArray(list)) list.forEach((inner: unknown, i) => laterReferences(refine, inner, [...path, combinator, i], at, targets));
  }
  if (typeof c.question !== 'string') return;
  const target = targets.get(c.question);
  let message: string | undefined;
  if (target === undefined) message = `unknown question '${c.question}' (questions defined: ${listOrNone([...targets.keys()])})`;
  else if (target.index === at) message = `a question cannot depend on itself; name an earlier question`;
  else if (target.index > at) message = `question '${c.question}' comes later (questions[${String(target.index)}]); a condition can only name an earlier question`;
  if (message !== undefined) refine.addIssue({ code: 'custom', path: [...path, 'question'], message });
}

function targetOf(q: Record<string, unknown>, index: number): Target {
  const type = typeof q.type === 'string' ? q.type : '';
  if (type === 'yes_no') return { index, type, values: ['yes', 'no'] };
  if (type === 'single_choice' || type === 'multiple_choice') {
    const ids = Array.isArray(q.options) ? q.options.map((o: unknown) => asRecord(o)?.id).filter((id): id is string => typeof id === 'string') : [];
    // The dialog records "Other" (with its text) as the choice `_other`.
    return { index, type, values: q.other === true ? [...ids, '_other'] : ids };
  }
  if (type === 'scale' || type === 'number') return { index, type, numeric: true };
  return { index, type };
}

function valueProblem(value: string, question: string, target: Target): string | undefined {
  if (target.values !== undefined) {
    if (target.values.includes(value)) return undefined;
    return `'${value}' is not a choice of question '${question}' (choices: ${listOrNone(target.values)})`;
  }
  if (target.numeric === true) return Number.isFinite(Number(value)) && value.trim() !== '' ? undefined : `question '${question}' has a number answer: compare with a number`;
  return `equals compares with a choice, yes/no or a number; question '${question}' is ${target.type} (use answered, or matches for text)`;
}
