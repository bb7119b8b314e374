import { z } from 'zod';
import { consentRecordSchema } from './consent';
import type { Json } from './json';
import { SESSION_SCHEMA, type Session } from './session';

/**
 * Answer values. The stored session came from JSON.parse, so every value is already JSON;
 * checking the recursive shape again costs more than the rest of the session (measured).
 */
const json = z.custom<Json>((value) => value !== undefined);

const frame = z.object({
  flow: z.string(),
  version: z.number().int(),
  answers: z.record(z.string(), json),
  history: z.array(z.string()),
  current: z.string().nullable(),
  attempts: z.number().int().min(0),
  stuck: z.boolean().optional(),
  scratch: z.record(z.string(), json).optional(),
  waiting: z.object({ effect: z.string(), id: z.string() }).optional(),
});

const STATUS = z.enum(['open', 'acknowledged', 'in_progress', 'closed', 'rejected']);

/** The stored session's shape; anything else is restarted politely, never crashes a turn. */
export const sessionSchema: z.ZodType<Session> = z.object({
  schema: z.literal(SESSION_SCHEMA),
  id: z.string(),
  channel: z.string(),
  locale: z.string(),
  localeChosen: z.boolean(),
  stack: z.array(frame),
  results: z.array(
    z.object({
      kind: z.string(),
      id: z.string().optional(),
      reference: z.string().optional(),
      agencyId: z.string().optional(),
      categoryId: z.string().optional(),
      submittedAt: z.string(),
      status: STATUS.optional(),
      mediaIds: z.array(z.string()).optional(),
      once: z.string().optional(),
    }),
  ),
  channelData: z.record(z.string(), z.string()),
  person: z.string().max(300).optional(),
  consents: z.array(consentRecordSchema).optional(),
  pendingQuestion: z.object({ reference: z.string(), questionId: z.string(), replyTo: z.string(), askedAt: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Schema 1 kept `reports` (a report's reference, category, status, submission and photo ids). */
const schema1Reports = z.array(
  z.object({
    reference: z.string(),
    categoryId: z.string(),
    submittedAt: z.string(),
    status: STATUS,
    submissionId: z.string().optional(),
    mediaIds: z.array(z.string()).optional(),
  }),
);

/**
 * Lifts a schema 1 session to schema 2 (`reports` become `results` of kind `report`, with their
 * agency from the catalogue); anything else is returned as it is (and validated by the caller).
 */
export function migrateSession(raw: unknown, agencyOfCategory: (categoryId: string) => string | undefined): unknown {
  if (typeof raw !== 'object' || raw === null || (raw as { schema?: unknown }).schema !== 1) return raw;
  const { reports, ...rest } = raw as { reports?: unknown };
  const parsed = schema1Reports.safeParse(reports);
  if (!parsed.success) return raw;
  const results = parsed.data.map((r) => {
    const agencyId = agencyOfCategory(r.categoryId);
    return {
      kind: 'report',
      ...(r.submissionId !== undefined ? { id: r.submissionId } : {}),
      reference: r.reference,
      ...(agencyId !== undefined ? { agencyId } : {}),
      categoryId: r.categoryId,
      submittedAt: r.submittedAt,
      status: r.status,
      ...(r.mediaIds !== undefined ? { mediaIds: r.mediaIds } : {}),
    };
  });
  return { ...rest, schema: 2, results };
}
