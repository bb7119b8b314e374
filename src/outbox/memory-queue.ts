import {
  backoffDelay,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF,
  DEFAULT_CONCURRENCY,
  deliveryJobId,
  failureReason,
  isPermanent,
  type BackoffOptions,
  type DeadLetter,
  type DeliveryJob,
  type DeliveryProcessor,
  type DeliveryQueue,
  type WorkerOptions,
} from './queue';
import type { Submission } from '../state/types';

interface Entry {
  id: string;
  job: DeliveryJob;
  state: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
  attemptsMade: number;
  reason?: string;
  failedAt?: string;
  timer?: NodeJS.Timeout;
}

export interface MemoryQueueOptions {
  attempts?: number;
  backoff?: BackoffOptions;
  /** Completed job ids kept for idempotency (oldest dropped). Default 10,000. */
  keepCompleted?: number;
}

/**
 * The embedded default queue (see queue.ts): the same semantics as the BullMQ one inside one
 * process. Jobs live in a Map; retries wait on unref'd timers (they never keep the process up).
 */
/** While draining, a retry waits at most this long (instead of its backoff). */
const DRAIN_RETRY_MS = 500;

export class MemoryDeliveryQueue implements DeliveryQueue {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly ready: string[] = [];
  private readonly completedOrder: string[] = [];
  private readonly attempts: number;
  private readonly backoff: BackoffOptions;
  private readonly keepCompleted: number;
  private processor: DeliveryProcessor | undefined;
  private workerOpts: WorkerOptions = {};
  private active = 0;
  private readonly running = new Set<Promise<void>>();
  private closed = false;
  private draining = false;

  constructor(opts: MemoryQueueOptions = {}) {
    this.attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.keepCompleted = opts.keepCompleted ?? 10_000;
  }

  async enqueue(job: DeliveryJob): Promise<{ id: string; added: boolean }> {
    const id = deliveryJobId(job.submissionId, job.sinkKey);
    if (this.closed) throw new Error('delivery queue is closed');
    if (this.entries.has(id)) return { id, added: false };
    this.entries.set(id, { id, job, state: 'waiting', attemptsMade: 0 });
    this.ready.push(id);
    this.pump();
    return { id, added: true };
  }

  async enqueueMany(jobs: readonly DeliveryJob[]): Promise<{ id: string; added: boolean }[]> {
    const out: { id: string; added: boolean }[] = [];
    for (const job of jobs) out.push(await this.enqueue(job));
    return out;
  }

  startWorker(processor: DeliveryProcessor, opts: WorkerOptions = {}): void {
    if (this.processor) return;
    this.processor = processor;
    this.workerOpts = opts;
    this.pump();
  }

  async purgeDeadLetters(before: Date): Promise<number> {
    let purged = 0;
    for (const [id, entry] of this.entries) {
      if (entry.state !== 'failed' || entry.failedAt === undefined || !(Date.parse(entry.failedAt) < before.getTime())) continue;
      this.entries.delete(id);
      purged += 1;
    }
    return purged;
  }

  async rewriteSubmission(id: string, rewrite: (submission: Submission) => Submission): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry) return false;
    entry.job = { ...entry.job, submission: rewrite(entry.job.submission) };
    return true;
  }

  async deadLetters(limit = 1000): Promise<DeadLetter[]> {
    return [...this.entries.values()]
      .filter((e) => e.state === 'failed')
      .reverse()
      .slice(0, limit)
      .map((e) => ({
        id: e.id,
        submissionId: e.job.submissionId,
        sinkKey: e.job.sinkKey,
        attempts: e.attemptsMade,
        reason: e.reason ?? '',
        ...(e.failedAt ? { failedAt: e.failedAt } : {}),
        submission: e.job.submission,
      }));
  }

  async replay(id: string): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e || e.state !== 'failed') return false;
    e.state = 'waiting';
    e.attemptsMade = 0;
    delete e.reason;
    delete e.failedAt;
    this.ready.push(id);
    this.pump();
    return true;
  }

  /** Counts by state (tests, health). */
  counts(): Record<Entry['state'], number> {
    const c = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
    for (const e of this.entries.values()) c[e.state] += 1;
    return c;
  }

  /**
   * Before a memory-mode process stops (SIGTERM), delivers what is still queued: delayed retries
   * run now, and further retries wait at most DRAIN_RETRY_MS. Resolves with how many deliveries
   * are still undelivered after `timeoutMs` (they are lost with the process: the caller says so).
   */
  async drain(timeoutMs: number): Promise<number> {
    this.draining = true;
    for (const e of this.entries.values()) {
      if (e.state !== 'delayed') continue;
      if (e.timer) clearTimeout(e.timer);
      delete e.timer;
      e.state = 'waiting';
      this.ready.push(e.id);
    }
    this.pump();
    const deadline = Date.now() + timeoutMs;
    while (this.pending() > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, deadline - Date.now()))));
    }
    return this.pending();
  }

  /** Deliveries not yet done or dead-lettered. */
  private pending(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.state === 'waiting' || e.state === 'active' || e.state === 'delayed') n += 1;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private pump(): void {
    const processor = this.processor;
    if (!processor || this.closed) return;
    const concurrency = this.workerOpts.concurrency ?? DEFAULT_CONCURRENCY;
    while (this.active < concurrency && this.ready.length > 0) {
      const id = this.ready.shift()!;
      const e = this.entries.get(id);
      if (!e || e.state !== 'waiting') continue;
      e.state = 'active';
      this.active += 1;
      const run = this.attempt(e, processor).finally(() => {
        this.active -= 1;
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async attempt(e: Entry, processor: DeliveryProcessor): Promise<void> {
    const attempt = e.attemptsMade + 1;
    try {
      await processor(e.job, attempt);
      e.attemptsMade = attempt;
      e.state = 'completed';
      this.rememberCompleted(e.id);
      this.report(e.job, { outcome: 'delivered', attempt });
    } catch (error) {
      e.attemptsMade = attempt;
      const reason = failureReason(error);
      const permanent = isPermanent(error);
      if (permanent || attempt >= this.attempts) {
        e.state = 'failed';
        e.reason = reason;
        e.failedAt = new Date().toISOString();
        this.report(e.job, { outcome: 'dead_letter', attempt, reason, permanent });
        return;
      }
      this.report(e.job, { outcome: 'retry', attempt, reason });
      e.state = 'delayed';
      e.timer = setTimeout(() => {
        delete e.timer;
        if (e.state !== 'delayed') return;
        e.state = 'waiting';
        this.ready.push(e.id);
        this.pump();
      }, this.draining ? Math.min(DRAIN_RETRY_MS, backoffDelay(attempt, this.backoff)) : backoffDelay(attempt, this.backoff));
      e.timer.unref();
    }
  }

  private rememberCompleted(id: string): void {
    this.completedOrder.push(id);
    while (this.completedOrder.length > this.keepCompleted) {
      const old = this.completedOrder.shift()!;
      if (this.entries.get(old)?.state === 'completed') this.entries.delete(old);
    }
  }

  private report(job: DeliveryJob, result: Parameters<NonNullable<WorkerOptions['onAttempt']>>[1]): void {
    try {
      this.workerOpts.onAttempt?.(job, result);
    } catch {
      // Metrics and logs must not change the job's fate.
    }
  }
}
