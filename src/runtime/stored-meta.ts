import { z } from 'zod';

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
