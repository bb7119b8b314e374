/**
 * A stored block entry is read back through this schema (the store is outside the process: a
 * hand-edited or older key must not crash a turn). Unknown fields are dropped.
 */
import { z } from 'zod';
import type { BlockEntry } from './types';

const entrySchema = z.object({
  identity: z.string(),
  reference: z.string(),
  agencyId: z.string().optional(),
  channel: z.string().optional(),
  caseKey: z.string().optional(),
  blockedBy: z.string(),
  blockedAt: z.string(),
  reason: z.string(),
  expiresAt: z.string(),
});

/**
 * The entry in `json`; when it cannot be read, a bare entry for `identity` expiring at
 * `expiresAtMs` (the block itself still holds: it is the expiry field that decides).
 */
export function parseEntry(json: string | null | undefined, identity: string, expiresAtMs: number): BlockEntry {
  let raw: unknown = null;
  try {
    raw = json ? JSON.parse(json) : null;
  } catch {
    raw = null; // unreadable JSON: the bare entry below
  }
  const parsed = entrySchema.safeParse(raw);
  if (parsed.success) return stripUndefined(parsed.data);
  return { identity, reference: '', blockedBy: '', blockedAt: '', reason: '', expiresAt: new Date(expiresAtMs).toISOString() };
}

function stripUndefined(e: z.infer<typeof entrySchema>): BlockEntry {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as BlockEntry;
}
