import { z } from 'zod';
import type { CommandName } from '../../src/engine/input';

/** Longest `text` accepted; longer is 413 payload_too_large (the engine caps answers far lower). */
export const MAX_TEXT_CHARS = 20_000;

const COMMANDS = ['menu', 'back', 'cancel', 'help', 'language', 'forget', 'my_data'] as const satisfies readonly CommandName[];

/** `POST /webchat/sessions` body. */
export const createSessionBody = z.strictObject({
  locale: z
    .string()
    .max(35)
    .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as "es" or "en-US"')
    .optional(),
  start: z.string().min(1).max(200).optional(),
  /** The widget's participant id (kept in localStorage): the person, across sessions. */
  participant: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16-64 base64url characters')
    .optional(),
});

/** `POST /webchat/sessions/:id/messages` body: exactly one input field plus an optional clientMessageId. */
export const postMessageBody = z.strictObject({
  text: z.string().optional(),
  choice: z.string().min(1).max(200).optional(),
  location: z
    .strictObject({
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
    })
    .optional(),
  photo: z
    .strictObject({
      contentType: z.string().min(1).max(100),
      data: z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
    })
    .optional(),
  command: z.enum(COMMANDS).optional(),
  clientMessageId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -')
    .optional(),
});

export type PostMessageBody = z.infer<typeof postMessageBody>;

/** The input fields of a message body; exactly one must be present. */
export const INPUT_FIELDS = ['text', 'choice', 'location', 'photo', 'command'] as const;

/** "field: reason" for the first few problems, so a client knows what to fix. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const where = i.path.length > 0 ? i.path.join('.') : 'body';
      return `${where}: ${i.message}`;
    })
    .join('; ');
}
