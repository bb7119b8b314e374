/**
 * "Delete my data" beyond the session. The engine erases the session and emits `data_erased`;
 * the runtime commits, in the same atomic write, an `erasure_request` submission that the
 * outbox then delivers like any other result: durably, retried, to every place that holds
 * something about the person (src/privacy/erasure-sink.ts for WeGov's own stores, the
 * submissions file, and each agency's webhook as a signed `person.erasure_requested` event).
 * A crash between the chat's "done" and the last store is therefore finished by the next
 * process, never forgotten.
 *
 * What "erased" means for a report (the same everywhere WeGov keeps a copy, `redactSubmission`):
 * the contact details, the photos, the description (free text that may name people) and the
 * link to the conversation go; the category, place and attributes stay, because they describe a
 * public problem, not the person (FixMyStreet keeps anonymised reports the same way).
 */
import { z } from 'zod';
import type { ErasedReport } from '../engine/events';
import type { Submission } from '../state/types';

/** The payload of an `erasure_request` submission. Ids only: no message text, no contact. */
export interface ErasureRequest {
  /** The conversation that asked (to find its lines in the submissions file). */
  conversationId: string;
  reports: ErasedReport[];
  mediaIds: string[];
  requestedAt: string;
  /**
   * `all` (default): "delete my data". `contact`: the person withdrew their consent to be
   * contacted (dialogs/my-data.ts): only contact details go, and agencies get
   * `person.consent_withdrawn` instead.
   */
  scope?: 'all' | 'contact';
  /** "Once per person" claims to drop (pseudonymous: the scope and the participant id). */
  claims?: { scope: string; participant: string }[];
}

const id = z.string().min(1).max(200);

export const erasureRequestSchema = z.object({
  conversationId: id,
  reports: z.array(z.object({ reference: id, categoryId: id, agencyId: id.optional(), submissionId: id.optional() })).max(10_000),
  mediaIds: z.array(id).max(10_000),
  requestedAt: z.string(),
  scope: z.enum(['all', 'contact']).optional(),
  claims: z.array(z.object({ scope: id, participant: id })).max(10_000).optional(),
});

/** The request in a submission's payload, or null when it is not one. */
export function erasureRequestOf(submission: Submission): ErasureRequest | null {
  if (submission.kind !== 'erasure_request') return null;
  const parsed = erasureRequestSchema.safeParse(submission.payload);
  if (!parsed.success) return null;
  const { conversationId, reports, mediaIds, requestedAt, scope, claims } = parsed.data;
  return {
    ...(scope !== undefined ? { scope } : {}),
    ...(claims !== undefined ? { claims } : {}),
    conversationId,
    reports: reports.map((r) => ({
      reference: r.reference,
      categoryId: r.categoryId,
      ...(r.agencyId !== undefined ? { agencyId: r.agencyId } : {}),
      ...(r.submissionId !== undefined ? { submissionId: r.submissionId } : {}),
    })),
    mediaIds,
    requestedAt,
  };
}

/** What replaces the link to an erased conversation in kept records. */
export const ERASED = 'erased';

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * A submission with the person's data removed (see the file comment): reports lose contact,
 * photos, description and conversation; a reporter's answer loses its text. Anything else is
 * returned unchanged. Never throws on odd payloads (stored data may be old).
 */
export function redactSubmission(submission: Submission): Submission {
  const payload = asRecord(submission.payload);
  if (payload === null) return { ...submission, conversationId: ERASED };
  if (submission.kind === 'report') {
    return { ...submission, conversationId: ERASED, payload: { ...payload, conversationId: ERASED, contact: null, media: [], description: '' } };
  }
  if (submission.kind === 'reporter_answer') {
    return { ...submission, conversationId: ERASED, payload: { ...payload, text: '' } };
  }
  return submission;
}

/** A report without the contact details (consent withdrawn); anything else unchanged. */
export function redactContact(submission: Submission): Submission {
  const payload = asRecord(submission.payload);
  if (submission.kind !== 'report' || payload === null) return submission;
  return { ...submission, payload: { ...payload, contact: null } };
}

/** The redaction a request asks for. */
export function redactionFor(request: ErasureRequest): (submission: Submission) => Submission {
  return request.scope === 'contact' ? redactContact : redactSubmission;
}

/** True when a kept submission belongs to the erased person. */
export function belongsTo(submission: Pick<Submission, 'conversationId' | 'payload'>, request: ErasureRequest): boolean {
  if (submission.conversationId === request.conversationId) return true;
  const reference = asRecord(submission.payload)?.['reference'];
  return typeof reference === 'string' && request.reports.some((r) => r.reference === reference);
}
