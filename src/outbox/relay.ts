import { errorSummary, type Logger } from '../log';
import type { Metrics } from '../metrics';
import type { SessionStore, Submission } from '../state/types';
import type { DeadLetter, DeliveryQueue } from './queue';
import type { Route } from './routing';

/** What the relay needs. */
export interface RelayDeps {
  store: SessionStore;
  queue: Pick<DeliveryQueue, 'enqueue'> & Partial<Pick<DeliveryQueue, 'deadLetters'>>;
  router: { routes(submission: Submission): Route[] };
  logger: Logger;
  metrics?: Metrics;
  /** Given the dead-letter set at each sweep (dead-letter-alerts.ts crashedDeadLetterAnnouncer). */
  onDeadLetters?: (dead: readonly DeadLetter[]) => Promise<void>;
}

/** Outcome of handing one submission to the queue. */
export type HandoffResult = { ok: true; jobs: number } | { ok: false; code: 'enqueue_failed' | 'in_flight'; error?: unknown };

/**
 * Moves committed submissions from the store's outbox into the durable delivery queue: for
 * each pending submission, one job per routed sink (job id `<submissionId>@<sinkKey>`, so a
 * repeated enqueue is a no-op), then `ackSubmission`. Runs right after each commit, plus a
 * sweep of everything pending at start and on an interval:
 * - a crash after the commit and before the enqueue leaves the submission pending: the next
 *   sweep (any process) enqueues it;
 * - a crash after the enqueue and before the ack enqueues again: the same job ids, no-op.
 * Delivery itself (retries, backoff, dead letters) is the queue's job (queue.ts).
 */
export class OutboxRelay {
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(private readonly deps: RelayDeps) {}

  /** Enqueues one job per sink for a submission, then acknowledges it; a failure leaves it pending. */
  async forwardOne(submission: Submission): Promise<HandoffResult> {
    if (this.inFlight.has(submission.id)) return { ok: false, code: 'in_flight' };
    this.inFlight.add(submission.id);
    try {
      const routes = this.deps.router.routes(submission);
      try {
        for (const r of routes) {
          await this.deps.queue.enqueue({ submissionId: submission.id, sinkKey: r.sinkKey, submission });
        }
      } catch (error) {
        this.deps.logger.warn({ submissionId: submission.id, err: errorSummary(error) }, 'submission could not be queued; it stays pending');
        return { ok: false, code: 'enqueue_failed', error };
      }
      await this.deps.store.ackSubmission(submission.conversationId, submission.id);
      this.deps.logger.debug({ submissionId: submission.id, sinks: routes.map((r) => r.sinkKey) }, 'submission queued for delivery');
      return { ok: true, jobs: routes.length };
    } finally {
      this.inFlight.delete(submission.id);
    }
  }

  /**
   * Queues a result no turn committed (a module's follow-up, e.g. an adoption released when its
   * adopter deleted their data): one job per routed sink, like a committed submission, and as
   * idempotent (the job ids come from the submission id, so a repeat adds nothing). Rejects when
   * it cannot be queued: the caller's own retry (the outbox's, for a sink) repeats it.
   */
  async submit(submission: Submission): Promise<void> {
    for (const r of this.deps.router.routes(submission)) {
      await this.deps.queue.enqueue({ submissionId: submission.id, sinkKey: r.sinkKey, submission });
    }
    this.deps.logger.debug({ submissionId: submission.id, kind: submission.kind }, 'follow-up result queued for delivery');
  }

  /**
   * Hands freshly committed submissions over without making the caller wait or fail: errors
   * are logged and the sweep picks the submission up again.
   */
  enqueue(submissions: readonly Submission[]): void {
    for (const s of submissions) {
      const handoff = this.forwardOne(s)
        .catch((error: unknown) => {
          this.deps.logger.error({ submissionId: s.id, err: errorSummary(error) }, 'submission acknowledgement failed; it stays pending');
        })
        .finally(() => this.running.delete(handoff));
      this.running.add(handoff);
    }
  }

  /** Resolves once hand-overs started by `enqueue` and any sweep under way have finished (for shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.sweeping) {
      await Promise.allSettled([...this.running, ...(this.sweeping ? [this.sweeping] : [])]);
    }
  }

  /** Queues every pending submission; returns how many were handed over. One sweep at a time. */
  forwardPending(): Promise<number> {
    if (!this.sweeping) {
      this.sweeping = this.sweep().finally(() => {
        this.sweeping = undefined;
      });
    }
    return this.sweeping;
  }

  /** Sweeps now and then every `intervalMs` (the timer does not keep the process alive). */
  start(intervalMs = 30_000): void {
    this.stop();
    const tick = (): void => {
      this.forwardPending().catch((error: unknown) => {
        this.deps.logger.warn({ err: errorSummary(error) }, 'outbox sweep failed; will retry');
      });
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sweep(): Promise<number> {
    const pending = await this.deps.store.pendingSubmissions();
    let forwarded = 0;
    for (const s of pending) {
      const result = await this.forwardOne(s);
      if (result.ok) forwarded += 1;
    }
    this.deps.metrics?.submissionsPending.set(pending.length - forwarded);
    if (this.deps.queue.deadLetters && (this.deps.metrics || this.deps.onDeadLetters)) {
      const dead = await this.deps.queue.deadLetters(10_000);
      this.deps.metrics?.deadLetters.set(dead.length);
      await this.deps.onDeadLetters?.(dead);
    }
    return forwarded;
  }
}
