/**
 * "Ask the reporter": a public servant's question reaches the person in their own channel and
 * language; their next typed message is the answer (engine/step.ts). The answer leaves the
 * conversation as a `reporter_answer` submission (reporter-answer.ts) through the outbox
 * (durable, retried, idempotent like a report) and is routed back to the delivery that asked
 * (`replyTo`, the case key `<submissionId>@<sinkKey>`): the Slack card's thread.
 */
import type { RuntimeDeps } from './deps';
import { agencyTurn, contentKey, type StatusUpdateResult } from './status-updates';

export interface AgencyQuestion {
  reference: string;
  question: string;
  /** Unique per question (a repeat of the same id is applied once). */
  questionId: string;
  /** Where the answer goes back: the case key of the delivery that asked. */
  replyTo: string;
}

/** Puts the question to the reporter (same results as a status update). */
export function askReporter(deps: RuntimeDeps, q: AgencyQuestion): Promise<StatusUpdateResult> {
  return agencyTurn(
    deps,
    q.reference,
    { kind: 'agency_question', reference: q.reference, question: q.question, questionId: q.questionId, replyTo: q.replyTo },
    `aq:${contentKey([q.reference, q.questionId])}`,
  );
}
