/**
 * The webhook event for a result of a participation module other than a report (a report keeps
 * its frozen `report.submitted` payloads, payload.ts): the module names the event type and its
 * payload version; the body is `{ type, version, id, createdAt, agencyId, reference?, result }`,
 * signed like every delivery, with the submission id as Idempotency-Key. The payload is checked
 * against the module's schema first: what is sent is what the module documents.
 */
import type { ResultKind } from '../../engine/module';
import type { Submission } from '../../state/types';

export interface ResultEvent {
  type: string;
  version: number;
  id: string;
  createdAt: string;
  agencyId?: string;
  reference?: string;
  result: unknown;
}

/** The event, or null when the payload does not match the kind's schema (a permanent refusal). */
export function resultEvent(submission: Submission, kind: Pick<ResultKind, 'version' | 'webhookEvent' | 'schema'>, now: Date): ResultEvent | null {
  const parsed = kind.schema.safeParse(submission.payload);
  if (!parsed.success) return null;
  const reference = (submission.payload as { reference?: unknown } | null)?.reference;
  return {
    type: kind.webhookEvent.type,
    version: kind.version,
    id: submission.id,
    createdAt: now.toISOString(),
    ...(submission.agencyId !== undefined ? { agencyId: submission.agencyId } : {}),
    ...(typeof reference === 'string' ? { reference } : {}),
    result: parsed.data,
  };
}
