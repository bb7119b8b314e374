/**
 * An entry of the nearby index as read back from Redis by a process's copy of it
 * (report-nearby-mirror.ts): from a published change, or from the index itself when the copy
 * loads. Redis is outside the process, and its changes channel takes whatever anyone who can
 * reach Redis publishes: an entry that is not one (malformed, or no point to place it) is
 * refused here, never placed in the copy or thrown from a connection's message handler.
 */
import { z } from 'zod';
import type { NearbyEntry } from './report-nearby';

const entrySchema = z.object({
  reference: z.string().min(1).max(64),
  agencyId: z.string().max(200),
  categoryId: z.string().max(200),
  status: z.enum(['open', 'acknowledged', 'in_progress', 'closed', 'rejected']),
  submittedAt: z.string().max(64),
  districtId: z.string().max(200).optional(),
  point: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
  at: z.number(),
});

/** The entry in `json`, or null when it is not one. Unknown fields are dropped. */
export function parseNearbyEntry(json: string): NearbyEntry | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = entrySchema.safeParse(raw);
  if (!parsed.success) return null;
  const { districtId, ...rest } = parsed.data;
  return districtId === undefined ? rest : { ...rest, districtId };
}
