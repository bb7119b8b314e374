import { errorSummary, type Logger } from '../log';
import type { Metrics } from '../metrics';
import type { SessionStore, Submission } from '../state/types';
import type { DeadLetter, DeliveryJob, DeliveryQueue } from './queue';
import type { Route } from './routing';

/** What the relay needs. */
export interface RelayDeps {
  store: SessionStore;
  /** Without `enqueueMany` (a test double), jobs are added one by one. */
  queue: Pick<DeliveryQueue, 'enqueue'> & Partial<Pick<DeliveryQueue, 'enqueueMany' | 'deadLetters'>>;
  router: { routes(submission: Submission): Route[] };
  logger: Logger;
  metrics?: Metrics;
  /** Given the dead-letter set at each sweep (dead-letter-alerts.ts crashedDeadLetterAnnouncer). */
  onDeadLetters?: (dead: readonly DeadLetter[]) => Promise<void>;
  /**
   * The last step for queued submissions: write their report records, then acknowledge them,
   * together (src/state/settle-submissions.ts: one round trip per batch on Redis). Unset (tests):
   * each is acknowledged on its own, and records are not written.
   */
  settle?: (submissions: readonly Submission[]) => Promise<void>;
}

/** Submissions handed over in one batch at most (one `addBulk`). */
export const MAX_HANDOFF_BATCH = 500;

/** Outcome of handing one submission to the queue. */
export type HandoffResult = { ok: true; jobs: number } | { ok: false; code: 'enqueue_failed' | 'in_flight'; error?: unknown };

/**
 * Moves committed submissions from the store's outbox into the durable delivery queue: for
 * each pending submission, one job per routed sink (job id `<submissionId>@<sinkKey>`, so a
 * repeated enqueue is a no-op), then settles it: its report record written and the submission
 * acknowledged, one round trip for the whole batch (RelayDeps.settle). Runs right after each commit, plus a
 * sweep of everything pending at start and on an interval:
 * - a crash after the commit and before the enqueue leaves the submission pending: the next
 *   sweep (any process) enqueues it;
 * - a crash after the enqueue and before the ack enqueues again: the same job ids, no-op; and
 *   writes the report record again: a no-op too (ReportRecords.put);
 * so a committed report's record is never lost: it rides in the outbox entry (Submission.record).
 * Hand-overs are batched: submissions committed while one batch is on its way to Redis go
 * together in the next (`enqueueMany`: one `addBulk`), and each is acknowledged once the whole
 * batch is queued. A batch that fails, even half added, acknowledges none: all stay pending
 * and the sweep adds them again (the added half are no-ops).
 * Delivery itself (retries, backoff, dead letters) is the queue's job (queue.ts).
 */
export class OutboxRelay {
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  /** Committed submissions waiting for the next batch. */
  private waiting: Submission[] = [];
  /** The batch on its way, if any: at most one at a time, the next forms meanwhile. */
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(private readonly deps: RelayDeps) {}

  /** Enqueues one job per sink for a submission, then acknowledges it; a failure leaves it pending. */
  async forwardOne(submission: Submission): Promise<HandoffResult> {
    const [result] = await this.forwardBatch([submission]);
    return result!;
  }

  /**
   * `forwardOne` for many: one job per sink for each submission, queued together, then each
   * acknowledged. Rejects when an acknowledgement fails (after trying them all).
   */
  async forwardBatch(submissions: readonly Submission[]): Promise<HandoffResult[]> {
    const results = new Map<string, HandoffResult>();
    const mine = submissions.filter((s) => {
      if (this.inFlight.has(s.id)) {
        results.set(s.id, { ok: false, code: 'in_flight' });
        return false;
      }
      this.inFlight.add(s.id);
      return true;
    });
    try {
      if (mine.length > 0) {
        const routed = mine.map((s) => ({ s, routes: this.deps.router.routes(s) }));
        try {
          await this.add(routed.flatMap(({ s, routes }) => routes.map((r) => ({ submissionId: s.id, sinkKey: r.sinkKey, submission: forDelivery(s) }))));
        } catch (error) {
          this.deps.logger.warn({ submissions: mine.length, first: mine[0]?.id, err: errorSummary(error) }, 'submissions could not be queued; they stay pending');
          for (const s of mine) results.set(s.id, { ok: false, code: 'enqueue_failed', error });
          return submissions.map((s) => results.get(s.id)!);
        }
        await this.settle(mine);
        for (const { s, routes } of routed) {
          results.set(s.id, { ok: true, jobs: routes.length });
          this.deps.logger.debug({ submissionId: s.id, sinks: routes.map((r) => r.sinkKey) }, 'submission queued for delivery');
        }
      }
      return submissions.map((s) => results.get(s.id)!);
    } finally {
      for (const s of mine) this.inFlight.delete(s.id);
    }
  }

  private async settle(submissions: readonly Submission[]): Promise<void> {
    if (this.deps.settle) return this.deps.settle(submissions);
    const acks = await Promise.allSettled(submissions.map((s) => this.deps.store.ackSubmission(s.conversationId, s.id)));
    const failed = acks.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async add(jobs: DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return;
    if (this.deps.queue.enqueueMany) {
      await this.deps.queue.enqueueMany(jobs);
      return;
    }
    for (const job of jobs) await this.deps.queue.enqueue(job);
  }

  /**
   * Queues a result no turn committed (a module's follow-up, e.g. an adoption released when its
   * adopter deleted their data): one job per routed sink, like a committed submission, and as
   * idempotent (the job ids come from the submission id, so a repeat adds nothing). Rejects when
   * it cannot be queued: the caller's own retry (the outbox's, for a sink) repeats it.
   */
  async submit(submission: Submission): Promise<void> {
    await this.add(this.deps.router.routes(submission).map((r) => ({ submissionId: submission.id, sinkKey: r.sinkKey, submission })));
    this.deps.logger.debug({ submissionId: submission.id, kind: submission.kind }, 'follow-up result queued for delivery');
  }

  /**
   * Hands freshly committed submissions over without making the caller wait or fail: they go
   * in the next batch; errors are logged and the sweep picks the submissions up again.
   */
  enqueue(submissions: readonly Submission[]): void {
    this.waiting.push(...submissions);
    this.kick();
  }

  private kick(): void {
    if (this.flushing || this.waiting.length === 0) return;
    const flush = this.flush().finally(() => {
      this.running.delete(flush);
      this.flushing = undefined;
      // Anything handed over after the last batch left.
      this.kick();
    });
    this.flushing = flush;
    this.running.add(flush);
  }

  /** Sends batches until nothing waits; what is committed meanwhile joins the next batch. */
  private async flush(): Promise<void> {
    // Let the turns committed in this tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_HANDOFF_BATCH);
      try {
        await this.forwardBatch(batch);
      } catch (error) {
        this.deps.logger.error({ submissions: batch.length, first: batch[0]?.id, err: errorSummary(error) }, 'submission acknowledgement failed; it stays pending');
      }
    }
  }

  /**
   * Resolves once the submissions handed to `enqueue` so far are handed over (or failed, left to
   * the sweep): reads that must see a report's record right after its turn wait for this
   * (src/runtime/report-records.ts). At once when none is on its way.
   */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
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
    for (let i = 0; i < pending.length; i += MAX_HANDOFF_BATCH) {
      const results = await this.forwardBatch(pending.slice(i, i + MAX_HANDOFF_BATCH));
      forwarded += results.filter((r) => r.ok).length;
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

/** A submission as a delivery job carries it: without its report record and reference owner (the relay's own, never a sink's). */
function forDelivery(s: Submission): Submission {
  if (s.record === undefined && s.referenceOwner === undefined) return s;
  const { record: _record, referenceOwner: _owner, ...rest } = s;
  return rest;
}
