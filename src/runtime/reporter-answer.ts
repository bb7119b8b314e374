/**
 * The payload of a `reporter_answer` submission: the person's answer to a public servant's
 * question (agency-questions.ts), routed back to the delivery that asked (`replyTo`). Its own
 * file because the turn (which produces it), the router and the Slack sink (which deliver it) all
 * read it, and agency-questions.ts depends on the turn.
 */

/** The payload of a `reporter_answer` submission. */
export interface ReporterAnswer {
  reference: string;
  questionId: string;
  replyTo: string;
  text: string;
  answeredAt: string;
}

/** The answer payload of a submission, or null when it is not one. */
export function reporterAnswerOf(payload: unknown): ReporterAnswer | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const strings = ['reference', 'questionId', 'replyTo', 'text', 'answeredAt'] as const;
  if (!strings.every((k) => typeof p[k] === 'string')) return null;
  return { reference: p.reference as string, questionId: p.questionId as string, replyTo: p.replyTo as string, text: p.text as string, answeredAt: p.answeredAt as string };
}
