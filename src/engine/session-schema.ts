import { z } from 'zod';
import type { Json } from './json';
import { SESSION_SCHEMA, type Session } from './session';

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

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
    }),
  ),
  channelData: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
