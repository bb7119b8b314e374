/**
 * Telling the agency a delivery failed for good. A dead letter is logged at error level and
 * counted (`wegov_dead_letters_total`, `wegov_dead_letters`) for operators; the agency itself
 * hears of it where it looks: each of its catalogue `alerts` (a signed webhook event,
 * `delivery.dead_lettered` v1, documented in docs/webhooks/README.md), and (issue 6) its Slack
 * triage channel. An alert that cannot be sent is logged; it never changes the job's fate.
 */
import type { CaseStore } from '../cases/types';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Submission } from '../state/types';
import type { DeadLetter } from './queue';
import { errorSummary } from '../log';

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

/** What the notice says about a dead-lettered delivery of `submission` to `sinkKey`. */
export function noticeOf(
  d: { jobId: string; submissionId: string; sinkKey: string; submission: Submission | undefined },
  outcome: { attempts: number; reason: string; permanent: boolean; failedAt: string },
  agencyId: string | undefined,
): DeadLetterNotice {
  return {
    jobId: d.jobId,
    submissionId: d.submissionId,
    sinkKey: d.sinkKey,
    agencyId: agencyId ?? null,
    reference: d.submission ? referenceOf(d.submission) : null,
    ...outcome,
  };
}

/** How long "this crashed dead letter was announced" is remembered (then the job is long replayed or gone). */
const ANNOUNCED_TTL_MS = 30 * 86_400_000;

/**
 * The relay's sweep hands it the dead-letter set: jobs the queue failed by itself (their workers
 * kept dying mid-delivery, see DeadLetter.crashed) were never reported by an attempt, so they
 * are logged, counted and announced here, once across the fleet (a lease per job id).
 */
export function crashedDeadLetterAnnouncer(deps: {
  cases: Pick<CaseStore, 'lease'>;
  /** SinkRouter's agencyOf and alerts (named here, not imported: the router imports this file). */
  router: { agencyOf(submission: Submission): string | undefined; alerts(agencyId: string | undefined): AlertTarget[] };
  logger: Logger;
  metrics?: Metrics;
}): (dead: readonly DeadLetter[]) => Promise<void> {
  return async (dead) => {
    for (const d of dead) {
      if (!d.crashed) continue;
      if (!(await deps.cases.lease(`dead-letter-announced:${d.id}:${d.failedAt ?? ''}`, ANNOUNCED_TTL_MS))) continue;
      deps.metrics?.deadLettersTotal.inc({ sink: d.sinkKey });
      deps.logger.error(
        { submissionId: d.submissionId, sink: d.sinkKey, attempts: d.attempts, reason: d.reason },
        'submission dead-lettered: its workers kept dying mid-delivery (wegov outbox:list / outbox:replay)',
      );
      const agencyId = d.submission ? deps.router.agencyOf(d.submission) : undefined;
      const notice = noticeOf(
        { jobId: d.id, submissionId: d.submissionId, sinkKey: d.sinkKey, submission: d.submission },
        { attempts: d.attempts, reason: d.reason, permanent: false, failedAt: d.failedAt ?? new Date().toISOString() },
        agencyId,
      );
      await announceDeadLetter(deps.router.alerts(agencyId), notice, deps.logger);
    }
  };
}
