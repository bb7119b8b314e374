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
});

/** The stored session's shape; anything else is restarted politely, never crashes a turn. */
export const sessionSchema: z.ZodType<Session> = z.object({
  schema: z.literal(SESSION_SCHEMA),
  id: z.string(),
  channel: z.string(),
  locale: z.string(),
  localeChosen: z.boolean(),
  stack: z.array(frame),
  reports: z.array(
    z.object({
      reference: z.string(),
      categoryId: z.string(),
      submittedAt: z.string(),
      status: z.enum(['open', 'acknowledged', 'in_progress', 'closed', 'rejected']),
      submissionId: z.string().optional(),
      mediaIds: z.array(z.string()).optional(),
    }),
  ),
  channelData: z.record(z.string(), z.string()),
  consents: z.array(consentRecordSchema).optional(),
  pendingQuestion: z.object({ reference: z.string(), questionId: z.string(), replyTo: z.string(), askedAt: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
