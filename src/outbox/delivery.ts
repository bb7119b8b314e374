import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { MediaStore } from '../state/types';
import { announceDeadLetter, noticeOf } from './dead-letter-alerts';
import { deliveryJobId, type DeliveryJob, type DeliveryProcessor, type WorkerOptions } from './queue';
import type { SinkRouter } from './routing';

/** Thrown when a job names a sink the catalogue no longer has: retrying cannot help. */
export class UnknownSinkError extends Error {
  readonly permanent = true;
  readonly code = 'unknown_sink';
  constructor(sinkKey: string) {
    super(`sink ${sinkKey} is not configured (catalogue changed?)`);
    this.name = 'UnknownSinkError';
  }
}

/**
 * The worker side: a job's sink from the router, then `deliver`. Logs and counts every attempt;
 * a dead letter is logged at error level with the agency's reason and ids only (no personal
 * data: sinks keep request bodies out of their errors).
 */
export function deliveryWorker(deps: {
  router: Pick<SinkRouter, 'sink' | 'agencyOf' | 'alerts'>;
  media: MediaStore;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
}): { processor: DeliveryProcessor; options: WorkerOptions; idle: () => Promise<void> } {
  // Alerts go out after the attempt is recorded; `idle` lets shutdown (and tests) wait for them.
  const pending = new Set<Promise<void>>();
  const processor: DeliveryProcessor = async (job: DeliveryJob, attempt: number) => {
    const sink = deps.router.sink(job.sinkKey);
    if (!sink) throw new UnknownSinkError(job.sinkKey);
    await sink.deliver(job.submission, deps.media, { sinkKey: job.sinkKey, attempt });
  };
  const options: WorkerOptions = {
    onAttempt: (job, result) => {
      deps.metrics?.deliveries.inc({ sink: job.sinkKey, outcome: result.outcome });
      const ids = { submissionId: job.submissionId, sink: job.sinkKey, attempt: result.attempt };
      switch (result.outcome) {
        case 'delivered':
          deps.logger.info(ids, 'submission delivered');
          return;
        case 'retry':
          deps.metrics?.submissionFailures.inc({ sink: job.sinkKey });
          deps.logger.warn({ ...ids, reason: result.reason }, 'submission delivery failed; will retry');
          return;
        case 'dead_letter':
          deps.metrics?.submissionFailures.inc({ sink: job.sinkKey });
          deps.metrics?.deadLettersTotal.inc({ sink: job.sinkKey });
          deps.logger.error(
            { ...ids, reason: result.reason, permanent: result.permanent },
            'submission dead-lettered: the agency did not accept it (wegov outbox:list / outbox:replay)',
          );
          {
            const agencyId = deps.router.agencyOf(job.submission);
            const notice = noticeOf(
              { jobId: deliveryJobId(job.submissionId, job.sinkKey), ...job },
              { attempts: result.attempt, reason: result.reason, permanent: result.permanent, failedAt: (deps.now?.() ?? new Date()).toISOString() },
              agencyId,
            );
            const targets = deps.router.alerts(agencyId);
            if (targets.length > 0) {
              const sent = announceDeadLetter(targets, notice, deps.logger).finally(() => pending.delete(sent));
              pending.add(sent);
            }
          }
          return;
      }
    },
  };
  return {
    processor,
    options,
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
