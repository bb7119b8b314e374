import crypto from 'node:crypto';
import type { Catalog } from '../catalog/types';
import type { EngineEvent } from '../engine/events';
import type { Session } from '../engine/session';
import type { ErasureRequest } from '../privacy/erasure-request';
import type { Submission } from '../state/types';
import type { ReporterAnswer } from './reporter-answer';

/**
 * The results one turn's events hand to the outbox, committed atomically with the session:
 * reports, a reporter's answer to an agency, and the erasure requests that "delete my data"
 * and a withdrawn consent make (so the erasure of every other store is as durable as a report;
 * src/privacy). `session` is the stepped session (a withdrawal names references only).
 */
export function submissionsOf(
  events: readonly EngineEvent[],
  conversationId: string,
  createdAt: string,
  session?: Pick<Session, 'results'>,
  catalog?: Pick<Catalog, 'categories'>,
  /** The person's "once" claims for these scopes (pseudonymous), for "delete my data" to drop. */
  claimsOf?: (scopes: readonly string[]) => { scope: string; participant: string }[],
): Submission[] {
  return events.flatMap((e): Submission[] => {
    if (e.type === 'result_submitted') return [{ id: e.id, kind: e.kind, agencyId: e.agencyId, conversationId, createdAt, payload: e.payload }];
    if (e.type === 'reporter_answered') {
      const payload: ReporterAnswer = { reference: e.reference, questionId: e.questionId, replyTo: e.replyTo, text: e.text, answeredAt: createdAt };
      return [{ id: `answer-${e.questionId}`, kind: 'reporter_answer', conversationId, createdAt, payload }];
    }
    if (e.type === 'data_erased') {
      const claims = claimsOf ? claimsOf(e.onceScopes ?? []) : [];
      const payload: ErasureRequest = { conversationId, reports: e.reports, mediaIds: e.mediaIds, requestedAt: createdAt, ...(claims.length > 0 ? { claims } : {}) };
      // A fresh id per request: two requests (a second "delete my data" later) are two jobs.
      return [{ id: `erasure-${crypto.randomUUID()}`, kind: 'erasure_request', conversationId, createdAt, payload }];
    }
    if (e.type === 'consent_withdrawn' && e.references.length > 0) {
      // The agencies that have the contact details are told, and WeGov's copies drop them.
      const reports = e.references.map((reference) => {
        const known = session?.results.find((r) => r.reference === reference);
        const categoryId = known?.categoryId ?? '';
        const agencyId = known?.agencyId ?? catalog?.categories.find((c) => c.id === categoryId)?.agency;
        return { reference, categoryId, ...(agencyId ? { agencyId } : {}), ...(known?.id ? { submissionId: known.id } : {}) };
      });
      const payload: ErasureRequest = { conversationId, reports, mediaIds: [], requestedAt: createdAt, scope: 'contact' };
      return [{ id: `consent-${crypto.randomUUID()}`, kind: 'erasure_request', conversationId, createdAt, payload }];
    }
    return [];
  });
}
