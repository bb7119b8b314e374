import type { ResultRef } from '../engine/result-ref';
import { sessionSchema } from '../engine/session-schema';
import type { RuntimeDeps } from './deps';

/** A report found by reference; from its record, also what staff merged (issue 16). */
export type FoundReport = ResultRef & {
  /** The report this duplicate was merged into. */
  mergedInto?: string;
  /** How many duplicates were merged into this one. */
  duplicates?: number;
  /** How many residents said "me too" (each once). */
  meToo?: number;
};

/**
 * A report by reference (category, submitted, last status), or null when the reference is
 * unknown. Read from its record (src/cases/report-record.ts), which outlives the conversation;
 * reports from before records were kept are still found in their conversation while it lasts.
 * For staff queries such as Slack's `/wegov status`: adapters ask here instead of reading
 * session JSON themselves.
 */
export async function findReport(deps: Pick<RuntimeDeps, 'store' | 'reports'>, reference: string): Promise<FoundReport | null> {
  const record = await deps.reports?.get(reference);
  if (record) {
    return {
      kind: 'report',
      reference,
      agencyId: record.agencyId,
      categoryId: record.categoryId,
      submittedAt: record.submittedAt,
      status: record.status,
      ...(record.mergedInto !== undefined ? { mergedInto: record.mergedInto } : {}),
      ...(record.duplicates?.length ? { duplicates: record.duplicates.length } : {}),
      ...(record.meToo ? { meToo: record.meToo } : {}),
    };
  }
  const conversationId = await deps.store.lookupReference(reference);
  if (conversationId === null) return null;
  const loaded = await deps.store.load(conversationId);
  const session = sessionSchema.safeParse(loaded.conversation?.session);
  if (!session.success) return null;
  return session.data.results.find((r) => r.reference === reference) ?? null;
}
