/**
 * Telling the agency a delivery failed for good. A dead letter is logged at error level and
 * counted (`wegov_dead_letters_total`, `wegov_dead_letters`) for operators; the agency itself
 * hears of it where it looks: each of its catalogue `alerts` (a signed webhook event,
 * `delivery.dead_lettered` v1, documented in docs/webhooks/README.md), and (issue 6) its Slack
 * triage channel. An alert that cannot be sent is logged; it never changes the job's fate.
 */
import type { Logger } from '../log';
import type { Submission } from '../state/types';
import { errorSummary } from './relay';

export interface DeadLetterNotice {
  /** The delivery job id (`wegov outbox:replay <jobId>`). */
  jobId: string;
  submissionId: string;
  sinkKey: string;
  agencyId: string | null;
  /** The person's reference (WG-…), when the submission has one. */
  reference: string | null;
  attempts: number;
  /** The agency's own reason when it gave one (e.g. its Open311 error array). */
  reason: string;
  /** True when the agency refused it (retrying cannot help); false when attempts ran out. */
  permanent: boolean;
  failedAt: string;
}

/** Something that can tell an agency (a webhook, a Slack channel). */
export interface AlertTarget {
  readonly kind: string;
  announce(notice: DeadLetterNotice): Promise<void>;
}

/** The `delivery.dead_lettered` webhook event, v1 (no personal data: ids, the reason, counts). */
export function deadLetterEvent(n: DeadLetterNotice): Record<string, unknown> {
  return {
    type: 'delivery.dead_lettered',
    version: 1,
    job_id: n.jobId,
    submission_id: n.submissionId,
    reference: n.reference,
    agency_id: n.agencyId,
    sink: n.sinkKey,
    attempts: n.attempts,
    permanent: n.permanent,
    reason: n.reason,
    failed_at: n.failedAt,
  };
}

/** The reference of a report submission, if its payload has one. */
export function referenceOf(submission: Submission): string | null {
  const p = submission.payload;
  if (typeof p === 'object' && p !== null && typeof (p as { reference?: unknown }).reference === 'string') return (p as { reference: string }).reference;
  return null;
}

/** Sends a notice to every target of its agency; failures are logged, never thrown. */
export async function announceDeadLetter(targets: readonly AlertTarget[], notice: DeadLetterNotice, logger: Logger): Promise<void> {
  await Promise.all(
    targets.map(async (t) => {
      try {
        await t.announce(notice);
      } catch (error) {
        logger.warn({ jobId: notice.jobId, alert: t.kind, err: errorSummary(error) }, 'could not tell the agency about a dead letter');
      }
    }),
  );
}
