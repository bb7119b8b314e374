/**
 * One consultation as written in the catalogue (a `consultations:` entry, or one file of
 * `consultations_dir`), in the file's snake_case. Times are read in the jurisdiction's time
 * zone and come out as ISO instants (local-time.ts); texts must be in every offered language
 * (fullyLocalizedText). Question shapes are in schema-question.ts, checks across questions in
 * schema-consultation-checks.ts; `normalizeConsultation` gives the `Consultation` type.
 *
 * audience: `public` (every channel, the default), `staff` (Slack only, any member of the
 * workspace), or `{ staff: { slack_channels: [C…], slack_users: [U…] } }` (Slack only, members
 * of those channels or those people). Slack ids, not names: names change, ids do not.
 *
 * area: a district of the jurisdiction or a shape of its own (schema-consultation-area.ts).
 */
import { z } from 'zod';
import { toInstant } from './local-time';
import { reportDuplicates } from './schema-checks';
import { consultationAreaSchema } from './schema-consultation-area';
import { reportConditionProblems } from './schema-consultation-checks';
import { always, asRecord, slug } from './schema-primitives';
import { questionSchema } from './schema-question';
import { fullyLocalizedText, listOrNone, type SchemaContext } from './schema-text';

/** Most consultations have 5-15 questions; far more is a mistake (or a survey tool's job). */
export const MAX_QUESTIONS = 50;

const slackChannelId = z.string().regex(/^[CG][A-Z0-9]{6,20}$/, 'must be a Slack channel id like C0123ABCD (open the channel details to copy it)');
const slackUserId = z.string().regex(/^[UW][A-Z0-9]{6,20}$/, 'must be a Slack member id like U0123ABCD (profile, ⋮, Copy member ID)');

const audienceSchema = z.union(
  [
    // A string that is not public/staff fails here; a mapping fails here as a shape and is read below.
    z.string().pipe(z.enum(['public', 'staff'])),
    z.strictObject({
      staff: z.strictObject({
        slack_channels: z.array(slackChannelId).min(1).optional(),
        slack_users: z.array(slackUserId).min(1).optional(),
      }),
    }),
  ],
  { error: 'expected public, staff, or { staff: { slack_channels: [...], slack_users: [...] } }' },
);

/** A wall-clock time in the jurisdiction's zone (or an ISO instant), as an ISO instant in UTC. */
export function localTime(ctx: SchemaContext) {
  return z.string().transform((text, refine) => {
    const result = toInstant(text, ctx.timeZone ?? 'UTC');
    if (result.ok) return result.iso;
    refine.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  });
}

/** One consultation. */
export function consultationSchema(ctx: SchemaContext) {
  return z
    .strictObject({
      id: slug,
      title: fullyLocalizedText(ctx),
      intro: fullyLocalizedText(ctx),
      agency: slug,
      opens_at: localTime(ctx),
      closes_at: localTime(ctx),
      audience: audienceSchema.default('public'),
      area: consultationAreaSchema(ctx).optional(),
      results: z.enum(['public_live', 'public_after_close', 'staff_only']),
      /** Free-text answers may be quoted (masked) as theme examples in public results. */
      public_examples: z.boolean().default(false),
      questions: z
        .array(questionSchema(ctx))
        .min(1, 'needs at least one question')
        .max(MAX_QUESTIONS, `has more than ${String(MAX_QUESTIONS)} questions`)
        .superRefine((questions: unknown, refine) => reportDuplicates(refine, [], questions, 'id', 'question id'), always),
    })
    .superRefine((value: unknown, refine) => {
      const c = asRecord(value);
      if (c === undefined) return;
      reportConditionProblems(refine, c.questions);
      if (Array.isArray(c.questions) && c.questions.length > 0 && c.questions.every((q: unknown) => asRecord(q)?.type === 'statement')) {
        refine.addIssue({ code: 'custom', path: ['questions'], message: 'needs at least one question that takes an answer (not only statements)' });
      }
      if (typeof c.agency === 'string' && ctx.agencyIds !== undefined && !ctx.agencyIds.includes(c.agency)) {
        refine.addIssue({ code: 'custom', path: ['agency'], message: `unknown agency '${c.agency}' (agencies defined: ${listOrNone(ctx.agencyIds)})` });
      }
      reportClosesBeforeOpens(refine, c, ctx.timeZone ?? 'UTC');
    }, always);
}

/** The consultation as written, after validation. */
export type ConsultationFile = z.output<ReturnType<typeof consultationSchema>>;

function reportClosesBeforeOpens(refine: Pick<z.core.$RefinementCtx, 'addIssue'>, c: Record<string, unknown>, timeZone: string): void {
  if (typeof c.opens_at !== 'string' || typeof c.closes_at !== 'string') return;
  // Converting an already converted instant gives it back, so this reads raw and parsed values alike.
  const opens = toInstant(c.opens_at, timeZone);
  const closes = toInstant(c.closes_at, timeZone);
  if (!opens.ok || !closes.ok || closes.iso > opens.iso) return;
  refine.addIssue({ code: 'custom', path: ['closes_at'], message: 'must be after opens_at' });
}
