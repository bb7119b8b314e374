import crypto from 'node:crypto';
import type { EngineEvent } from '../engine/events';
import type { ErasureRequest } from '../privacy/erasure-request';
import type { Submission } from '../state/types';
import type { ReporterAnswer } from './agency-questions';

/**
 * The results one turn's events hand to the outbox, committed atomically with the session:
 * reports, a reporter's answer to an agency, and the erasure request that "delete my data"
 * makes (so the erasure of every other store is as durable as a report; src/privacy).
 */
export function submissionsOf(events: readonly EngineEvent[], conversationId: string, createdAt: string): Submission[] {
  return events.flatMap((e): Submission[] => {
    if (e.type === 'report_submitted') return [{ id: e.report.id, kind: 'report', conversationId, createdAt, payload: e.report }];
    if (e.type === 'reporter_answered') {
      const payload: ReporterAnswer = { reference: e.reference, questionId: e.questionId, replyTo: e.replyTo, text: e.text, answeredAt: createdAt };
      return [{ id: `answer-${e.questionId}`, kind: 'reporter_answer', conversationId, createdAt, payload }];
    }
    if (e.type === 'data_erased') {
      const payload: ErasureRequest = { conversationId, reports: e.reports, mediaIds: e.mediaIds, requestedAt: createdAt };
      // A fresh id per request: two requests (a second "delete my data" later) are two jobs.
      return [{ id: `erasure-${crypto.randomUUID()}`, kind: 'erasure_request', conversationId, createdAt, payload }];
    }
    return [];
  });
}
