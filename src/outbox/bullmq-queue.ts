/**
 * The production delivery queue: BullMQ on the same Redis as the stores (see queue.ts for why
 * BullMQ rather than hand-made Redis Streams). Keys live under the hash-tagged prefix
 * `{wegov-outbox}` so every key of the queue hashes to one Redis Cluster slot (BullMQ's Lua
 * scripts touch several keys at once).
 *
 * - Idempotency: the job id is `<submissionId>@<sinkKey>`; BullMQ ignores an add whose id
 *   exists. Completed jobs are kept a week (bounded count) so a late duplicate is still a no-op.
 * - Retries: `attempts` with a custom backoff strategy (exponential, capped, jittered).
 * - Dead letters: BullMQ's failed set. A permanent error (`error.permanent === true`) is
 *   rethrown as `UnrecoverableError`, which BullMQ moves to failed without further attempts.
 * - A worker that dies mid-delivery leaves its job active with an expiring lock; another
 *   worker's stalled-job check moves it back to waiting (at-least-once: sinks key on
 *   submission id), up to `attempts` times in a row (`maxStalledCount`).
 */
import type { Submission } from '../state/types';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { BullmqBase, type QueueEndpoint } from '../queues/bullmq-base';
import {
  backoffDelay,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF,
  DEFAULT_CONCURRENCY,
  deliveryJobId,
  failureReason,
  isPermanent,
  type AttemptOutcome,
  type BackoffOptions,
  type DeadLetter,
  type DeliveryJob,
  type DeliveryProcessor,
  type DeliveryQueue,
  type WorkerOptions,
} from './queue';

export const OUTBOX_PREFIX = '{wegov-outbox}';
/** BullMQ's reason for a job failed by the stalled-job check (its workers kept dying). */
const STALLED_OUT = /stalled more than allowable limit/;
export const OUTBOX_QUEUE = 'deliveries';

export type BullmqQueueOptions = QueueEndpoint & {
  /** Queue name (tests use their own). Default `deliveries`. */
  name?: string;
  attempts?: number;
  backoff?: BackoffOptions;
  /** Lock held on an active job; a crashed worker's job is retried after about this long. Default 30 s. */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs. Default 30 s. */
  stalledIntervalMs?: number;
};

export class BullmqDeliveryQueue implements DeliveryQueue {
  readonly kind = 'bullmq' as const;
  readonly queue: Queue<DeliveryJob>;
  private readonly base: BullmqBase<DeliveryJob>;
  private readonly attempts: number;
  private readonly backoff: BackoffOptions;

  constructor(private readonly opts: BullmqQueueOptions) {
    this.attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.base = new BullmqBase<DeliveryJob>({ ...opts, prefix: OUTBOX_PREFIX, name: opts.name ?? OUTBOX_QUEUE });
    this.queue = this.base.queue;
  }

  async enqueue(job: DeliveryJob): Promise<{ id: string; added: boolean }> {
    const [result] = await this.enqueueMany([job]);
    return result!;
  }

  /**
   * One round trip: a pipeline of EXISTS (which ids are new, for `added`) written just before
   * one `addBulk` of every job on the same connection, so Redis answers the EXISTS first; an
   * add whose id exists is a no-op. BullMQ's `addBulk` is a pipeline, not a transaction: a
   * connection lost half-way may leave some jobs added and rejects; the relay then leaves every
   * submission of the batch pending and the next hand-over adds the rest.
   */
  async enqueueMany(jobs: readonly DeliveryJob[]): Promise<{ id: string; added: boolean }[]> {
    if (jobs.length === 0) return [];
    const ids = jobs.map((job) => deliveryJobId(job.submissionId, job.sinkKey));
    const unique = new Map<string, DeliveryJob>();
    ids.forEach((id, i) => {
      if (!unique.has(id)) unique.set(id, jobs[i]!);
    });
    const pipeline = this.base.connection.pipeline();
    for (const id of unique.keys()) pipeline.exists(this.queue.toKey(id));
    const existed = pipeline.exec();
    const adding = this.queue.addBulk(
      [...unique].map(([id, data]) => ({
        name: 'deliver',
        data,
        opts: { jobId: id, attempts: this.attempts, backoff: { type: 'wegov' }, removeOnComplete: { age: 7 * 86_400, count: 100_000 }, removeOnFail: false },
      })),
    );
    const [replies] = await Promise.all([existed, adding]);
    const isNew = new Map<string, boolean>();
    [...unique.keys()].forEach((id, i) => {
      const [error, exists] = replies?.[i] ?? [new Error('no reply')];
      if (error) throw error;
      isNew.set(id, exists !== 1);
    });
    return ids.map((id) => {
      const added = isNew.get(id) === true;
      isNew.set(id, false); // the same job twice in one batch is added once
      return { id, added };
    });
  }

  startWorker(processor: DeliveryProcessor, opts: WorkerOptions = {}): void {
    const report = (job: DeliveryJob, result: AttemptOutcome): void => {
      try {
        opts.onAttempt?.(job, result);
      } catch {
        // Metrics and logs must not change the job's fate.
      }
    };
    this.base.startWorker(
      async (job: Job<DeliveryJob>) => {
        const attempt = job.attemptsMade + 1;
        try {
          await processor(job.data, attempt);
        } catch (error) {
          const reason = failureReason(error);
          const permanent = isPermanent(error);
          if (permanent || attempt >= (job.opts.attempts ?? this.attempts)) {
            report(job.data, { outcome: 'dead_letter', attempt, reason, permanent });
          } else {
            report(job.data, { outcome: 'retry', attempt, reason });
          }
          if (permanent) throw new UnrecoverableError(reason);
          throw new Error(reason);
        }
        report(job.data, { outcome: 'delivered', attempt });
      },
      {
        concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
        lockDuration: this.opts.lockDurationMs ?? 30_000,
        stalledInterval: this.opts.stalledIntervalMs ?? 30_000,
        // A worker crash mid-delivery "stalls" the job. BullMQ's default fails it at the second
        // stall, without a retry and without our processor seeing it; a job is allowed as many
        // crashes as attempts (test/outbox/crash.test.ts). One that crashes every worker that
        // many times lands in the dead-letter set (outbox:list, wegov_dead_letters gauge).
        maxStalledCount: this.attempts,
        settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, this.backoff) },
      },
    );
  }

  async deadLetters(limit = 1000): Promise<DeadLetter[]> {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs
      .filter((j): j is Job<DeliveryJob> => Boolean(j))
      .map((j) => ({
        id: j.id ?? deliveryJobId(j.data.submissionId, j.data.sinkKey),
        submissionId: j.data.submissionId,
        sinkKey: j.data.sinkKey,
        attempts: j.attemptsMade,
        reason: j.failedReason ?? '',
        ...(j.finishedOn ? { failedAt: new Date(j.finishedOn).toISOString() } : {}),
        submission: j.data.submission,
        ...(STALLED_OUT.test(j.failedReason ?? '') ? { crashed: true } : {}),
      }));
  }

  /** BullMQ's `clean` measures age from its own clock: the grace is how long ago `before` is. */
  async purgeDeadLetters(before: Date): Promise<number> {
    let purged = 0;
    for (;;) {
      const removed = await this.queue.clean(Math.max(0, Date.now() - before.getTime()), 1000, 'failed');
      purged += removed.length;
      if (removed.length < 1000) return purged;
    }
  }

  async rewriteSubmission(id: string, rewrite: (submission: Submission) => Submission): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job) return false;
    await job.updateData({ ...job.data, submission: rewrite(job.data.submission) });
    return true;
  }

  async replay(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  close(): Promise<void> {
    return this.base.close();
  }
}
