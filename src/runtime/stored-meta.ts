import { z } from 'zod';
import type { StoredMessage } from '../state/types';

const meta = z.object({
  channel: z.string().optional(),
  channelData: z.record(z.string(), z.string()).optional(),
});

/**
 * The adapter-owned parts of a stored session (channel, channelData), read without trusting
 * the rest: a session the engine cannot resume must still keep its owner's credentials.
 */
export function storedMeta(raw: unknown): { channel?: string; channelData?: Record<string, string> } {
  const parsed = meta.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

const storedMessage = z.object({
  id: z.string(),
  from: z.enum(['bot', 'user']),
  text: z.string(),
  choices: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
  expects: z.enum(['text', 'choice', 'location', 'photo', 'none']),
  multiple: z.boolean().optional(),
  document: z.object({ url: z.string(), filename: z.string(), mime: z.string() }).optional(),
  lang: z.string(),
  createdAt: z.string(),
});

const dedupeReply = z.object({ messages: z.array(storedMessage) });

/** The reply remembered for a processed input id, or null when it is not one we wrote. */
export function parseDedupeReply(raw: unknown): StoredMessage[] | null {
  const parsed = dedupeReply.safeParse(raw);
  return parsed.success ? parsed.data.messages : null;
}
