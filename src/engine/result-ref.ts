import type { CaseStatus } from './input';

/**
 * What a session remembers of a result the person submitted, whatever its kind: enough to
 * follow it (status updates, an agency's question), to show it ("my data") and to erase it
 * ("delete my data"). The module's own details stay in the payload the outbox forwarded.
 */
export interface ResultRef {
  /** The result kind (`report`, ...): a participation module's `results` key. */
  kind: string;
  /** The submission id: "delete my data" scrubs its queued deliveries. Absent for sessions written before it was kept. */
  id?: string;
  /** The number shown to the person (WG-…), for kinds that have one. */
  reference?: string;
  agencyId?: string;
  /** The catalogue category it is about, for kinds that have one (named in status updates). */
  categoryId?: string;
  submittedAt: string;
  /** The agency's last status, for kinds the agency follows up (reports). */
  status?: CaseStatus;
  /** Photos sent with it: "delete my data" deletes them. */
  mediaIds?: string[];
  /** Its "once per person" scope (a consultation's): "delete my data" drops the person's claim. */
  once?: string;
}

/** True while the agency may still answer (an open report keeps the conversation longer). */
export function isOpen(r: ResultRef): boolean {
  return r.status !== undefined && r.status !== 'closed' && r.status !== 'rejected';
}
