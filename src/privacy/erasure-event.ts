/**
 * The signed webhook events that ask an agency to erase what it holds about a person
 * (`person.erasure_requested`) or to stop contacting them (`person.consent_withdrawn`),
 * version 1 (docs/webhooks/README.md, person-event-v1.schema.json).
 * References only: the agency finds the person's details in its own copy of those reports.
 * Sent with the erasure request's id as Idempotency-Key, so a retry is recognisable.
 */
import type { Submission } from '../state/types';
import { erasureRequestOf } from './erasure-request';

export interface ErasureEventV1 {
  /** `person.consent_withdrawn` when the person only withdrew their consent to be contacted. */
  type: 'person.erasure_requested' | 'person.consent_withdrawn';
  version: 1;
  id: string;
  /** The person's references this agency received (WG-…). */
  references: string[];
  requestedAt: string;
  createdAt: string;
}

/**
 * The event for one agency (`agencyId` undefined: every reference), or null when the submission
 * is not a valid erasure request. An agency with none of the references gets an empty list
 * (the sink then sends nothing).
 */
export function erasureEvent(submission: Submission, agencyId: string | undefined, now: Date): ErasureEventV1 | null {
  const request = erasureRequestOf(submission);
  if (request === null) return null;
  const mine = request.reports.filter((r) => agencyId === undefined || r.agencyId === agencyId);
  return {
    type: request.scope === 'contact' ? 'person.consent_withdrawn' : 'person.erasure_requested',
    version: 1,
    id: submission.id,
    references: mine.map((r) => r.reference),
    requestedAt: request.requestedAt,
    createdAt: now.toISOString(),
  };
}
