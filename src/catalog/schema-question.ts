/**
 * One consultation question as written in the catalogue (snake_case), and its display
 * condition. Shapes only: checks that need the other questions (ids, earlier questions,
 * option ids in conditions) are in schema-consultation-checks.ts. Question types after
 * Decidim's surveys; see consultation-types.ts for what each becomes.
 */
import { z } from 'zod';
import type { Condition } from './consultation-types';
import { reportDuplicates } from './schema-checks';
import { always, asRecord, slug } from './schema-primitives';
import { fullyLocalizedText, type SchemaContext } from './schema-text';

export const QUESTION_TYPES = [
  'single_choice',
  'multiple_choice',
  'scale',
  'yes_no',
  'number',
  'short_text',
  'long_text',
  'ranking',
  'location',
  'statement',
] as const;

/** Keys that belong to some question types only: a clearer message than "unknown key". */
const KEYS_FOR: Record<string, readonly string[]> = {
  options: ['single_choice', 'multiple_choice', 'ranking'],
  other: ['single_choice', 'multiple_choice'],
  min: ['multiple_choice', 'scale', 'number'],
  max: ['multiple_choice', 'scale', 'number'],
  min_label: ['scale'],
  max_label: ['scale'],
  integer: ['number'],
  unit: ['number'],
  max_chars: ['short_text', 'long_text'],
  pick: ['ranking'],
};

/** Ranking is ordering on a phone screen: six options at most. */
export const MAX_RANKING_OPTIONS = 6;
/** A Telegram message holds 4,096 characters; a long answer must fit in one. */
export const MAX_LONG_TEXT_CHARS = 4000;
export const MAX_SHORT_TEXT_CHARS = 500;

const CONDITION_OPS = ['answered', 'not_answered', 'equals', 'not_equals', 'matches'] as const;

/**
 * A display condition: `{ all: [...] }`, `{ any: [...] }`, `{ question, op: answered | not_answered }`,
 * `{ question, op: equals | not_equals, value }` or `{ question, op: matches, pattern }`. One
 * strict mapping with every key optional, so a mixed-up condition gets one precise message
 * instead of three failed alternatives. The file shape is the `Condition` type's.
 */
export const conditionSchema: z.ZodType<Condition, unknown> = z.lazy(() =>
  z
    .strictObject({
      all: z.array(conditionSchema).min(1).optional(),
      any: z.array(conditionSchema).min(1).optional(),
      question: slug.optional(),
      op: z.enum(CONDITION_OPS).optional(),
      // A YAML number (`value: 3` for a scale) is compared as its text.
      value: z.union([z.string().min(1), z.number()], { error: 'expected text (an option id, yes or no) or a number' }).transform(String).optional(),
      pattern: z.string().min(1).optional(),
    })
    .superRefine((c, refine) => {
      const issue = (path: string, message: string): void => refine.addIssue({ code: 'custom', path: [path], message });
      const keys = Object.keys(c).filter((k) => c[k as keyof typeof c] !== undefined);
      const combinator = keys.find((k) => k === 'all' || k === 'any');
      if (combinator !== undefined) {
        for (const k of keys) if (k !== combinator) issue(k, `a condition with '${combinator}' has no other key`);
        return;
      }
      if (c.question === undefined) issue('question', 'required (or use all: [...] / any: [...])');
      if (c.op === undefined) {
        issue('op', `required: one of ${CONDITION_OPS.join(', ')}`);
        return;
      }
      const needs = c.op === 'equals' || c.op === 'not_equals' ? 'value' : c.op === 'matches' ? 'pattern' : undefined;
      if (needs !== undefined && c[needs] === undefined) issue(needs, `required for op ${c.op}`);
      for (const k of ['value', 'pattern'] as const) {
        if (k !== needs && c[k] !== undefined) issue(k, `not used by op ${c.op}`);
      }
    })
    .transform((c): Condition => {
      if (c.all !== undefined) return { all: c.all };
      if (c.any !== undefined) return { any: c.any };
      const question = c.question ?? '';
      if (c.op === 'equals' || c.op === 'not_equals') return { question, op: c.op, value: c.value ?? '' };
      if (c.op === 'matches') return { question, op: 'matches', pattern: c.pattern ?? '' };
      return { question, op: c.op ?? 'answered' };
    }),
);

function optionsSchema(ctx: SchemaContext, max?: number) {
  const option = z.strictObject({ id: slug, label: fullyLocalizedText(ctx) });
  const list = z.array(option).min(2, 'needs at least 2 options');
  return (max === undefined ? list : list.max(max, `a ranking has at most ${String(max)} options`)).superRefine(
    (options: unknown, refine) => reportDuplicates(refine, [], options, 'id', 'option id'),
    always,
  );
}

/** One question: `type` decides which other keys it takes. */
export function questionSchema(ctx: SchemaContext) {
  const text = fullyLocalizedText(ctx);
  const base = {
    id: slug,
    text,
    help: text.optional(),
    /** Default true; statements are never required. */
    required: z.boolean().optional(),
    condition: conditionSchema.optional(),
  };
  const count = z.number().int().min(0);
  const union = z.discriminatedUnion(
    'type',
    [
      z.strictObject({ ...base, type: z.literal('single_choice'), options: optionsSchema(ctx), other: z.boolean().default(false) }),
      z.strictObject({
        ...base,
        type: z.literal('multiple_choice'),
        options: optionsSchema(ctx),
        /** Default 1. */
        min: count.optional(),
        /** Default: every option. */
        max: count.optional(),
        other: z.boolean().default(false),
      }),
      z.strictObject({
        ...base,
        type: z.literal('scale'),
        min: z.union([z.literal(0), z.literal(1)], { error: 'a scale starts at 0 or 1' }).default(1),
        max: z.union([z.literal(5), z.literal(10)], { error: 'a scale ends at 5 or 10' }).default(5),
        min_label: text.optional(),
        max_label: text.optional(),
      }),
      z.strictObject({ ...base, type: z.literal('yes_no') }),
      z.strictObject({
        ...base,
        type: z.literal('number'),
        min: z.number().optional(),
        max: z.number().optional(),
        integer: z.boolean().default(false),
        unit: text.optional(),
      }),
      z.strictObject({ ...base, type: z.literal('short_text'), max_chars: z.number().int().min(1).max(MAX_SHORT_TEXT_CHARS).default(200) }),
      z.strictObject({ ...base, type: z.literal('long_text'), max_chars: z.number().int().min(1).max(MAX_LONG_TEXT_CHARS).default(2000) }),
      z.strictObject({ ...base, type: z.literal('ranking'), options: optionsSchema(ctx, MAX_RANKING_OPTIONS), pick: z.number().int().min(1).optional() }),
      z.strictObject({ ...base, type: z.literal('location') }),
      z.strictObject({ ...base, type: z.literal('statement') }),
    ],
    { error: `expected a question with type ${QUESTION_TYPES.join(', ')}` },
  );
  return z.preprocess(withoutForeignKeys, union).superRefine((q, refine) => {
    const issue = (path: string, message: string): void => refine.addIssue({ code: 'custom', path: [path], message });
    if (q.type === 'statement' && q.required === true) issue('required', 'a statement takes no answer, so it cannot be required');
    if (q.type === 'multiple_choice') {
      const min = q.min ?? 1;
      const max = q.max ?? q.options.length;
      if (min < 1) issue('min', 'must be at least 1 (make the question optional with required: false instead)');
      if (max < min) issue('max', `must be at least min (${String(min)})`);
      else if (max > q.options.length) issue('max', `must be at most the number of options (${String(q.options.length)})`);
    }
    if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.max < q.min) issue('max', `must be at least min (${String(q.min)})`);
    if (q.type === 'ranking' && q.pick !== undefined && q.pick > q.options.length) {
      issue('pick', `must be at most the number of options (${String(q.options.length)})`);
    }
  });
}

/** The question as written, after validation. */
export type QuestionFile = z.output<ReturnType<typeof questionSchema>>;

/**
 * Reports keys that belong to other question types (`min_label` on a yes_no question) and drops
 * them, so the strict shape does not report them again as unknown.
 */
function withoutForeignKeys(input: unknown, refine: z.core.$RefinementCtx): unknown {
  const question = asRecord(input);
  const type = question?.type;
  if (question === undefined || typeof type !== 'string' || !(QUESTION_TYPES as readonly string[]).includes(type)) return input;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(question)) {
    const types = KEYS_FOR[key];
    if (types === undefined || types.includes(type)) {
      kept[key] = value;
      continue;
    }
    refine.addIssue({ code: 'custom', path: [key], message: `only for type ${types.join(' or ')}, not ${type}`, input: value });
  }
  return kept;
}
