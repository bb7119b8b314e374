import type { ResultRef } from '../engine/result-ref';
import { sessionSchema } from '../engine/session-schema';
import type { RuntimeDeps } from './deps';

/**
 * A report as its conversation knows it (category, submitted, last status), by reference; null
 * when the reference is unknown or its conversation has expired. For staff queries such as
 * Slack's `/wegov status`: adapters ask here instead of reading session JSON themselves.
 */
export async function findReport(deps: Pick<RuntimeDeps, 'store'>, reference: string): Promise<ResultRef | null> {
  const conversationId = await deps.store.lookupReference(reference);
  if (conversationId === null) return null;
  const loaded = await deps.store.load(conversationId);
  const session = sessionSchema.safeParse(loaded.conversation?.session);
  if (!session.success) return null;
  return session.data.results.find((r) => r.reference === reference) ?? null;
}
