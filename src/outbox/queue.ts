/**
 * The durable outbox's queue: one job per (submission, sink), retried with exponential backoff
 * and jitter, dead-lettered after the configured attempts or at once on a permanent error
 * (`error.permanent === true`, e.g. an agency's 4xx), inspectable and replayable by an operator.
 *
 * Two implementations behind this interface:
 * - `BullmqDeliveryQueue` (bullmq-queue.ts): production, on the same Redis as the stores.
 *   We use BullMQ rather than hand-made Redis Streams + consumer groups because it is
 *   well kept and already gives us what we would otherwise have to write and test ourselves:
 *   retries with a custom backoff, a failed set that is our dead-letter set, idempotent
 *   custom job ids, stalled-job recovery after a worker crash, and any number of workers
 *   across processes.
 * - `MemoryDeliveryQueue` (memory-queue.ts): the embedded default (no REDIS_URL), same
 *   semantics in one process (lost on restart, which the embedded store is too).
 */
import type { Submission } from '../state/types';

/** One delivery to do: this submission, to this sink. */
export interface DeliveryJob {
  submissionId: string;
  /** Stable per agency and sink position in the catalogue, e.g. `public-works.0` (see routing.ts). */
  sinkKey: string;
  submission: Submission;
}

/** A job that will not be retried again until an operator replays it. */
export interface DeadLetter {
  id: string;
  submissionId: string;
  sinkKey: string;
  attempts: number;
  reason: string;
  failedAt?: string;
  /** The submission itself (for announcing it). */
  submission?: Submission;
  /**
   * True when the queue failed the job itself because its workers kept dying mid-delivery
   * (BullMQ's stalled-job limit): no attempt reported it, so nobody has been told yet.
   */
  crashed?: boolean;
}

/** What happened to one attempt, for metrics and logs. */
export type AttemptOutcome =
  | { outcome: 'delivered'; attempt: number }
  | { outcome: 'retry'; attempt: number; reason: string }
  | { outcome: 'dead_letter'; attempt: number; reason: string; permanent: boolean };

/** Does the delivery; throwing means "not delivered" (retried unless `error.permanent === true`). */
export type DeliveryProcessor = (job: DeliveryJob, attempt: number) => Promise<void>;

export interface WorkerOptions {
  /** Jobs processed at once by this process. Default DEFAULT_CONCURRENCY. */
  concurrency?: number;
  /** Called after every attempt (must not throw). */
  onAttempt?: (job: DeliveryJob, result: AttemptOutcome) => void;
}

export interface DeliveryQueue {
  readonly kind: 'memory' | 'bullmq';
  /**
   * Adds a job unless one with the same id exists (waiting, delayed, active, failed, or
   * completed and not yet trimmed): `added` false means it was a duplicate and nothing changed.
   */
  enqueue(job: DeliveryJob): Promise<{ id: string; added: boolean }>;
  /**
   * `enqueue` for many jobs in a few round trips (BullMQ: one to see which exist, one `addBulk`),
   * results in order. Not atomic: when it rejects (Redis went away), any of the jobs may have
   * been added; adding them again is a no-op, so the caller retries the whole batch.
   */
  enqueueMany(jobs: readonly DeliveryJob[]): Promise<{ id: string; added: boolean }[]>;
  /** Starts processing jobs in this process (once). */
  startWorker(processor: DeliveryProcessor, opts?: WorkerOptions): void;
  /** The dead-letter set, newest first. */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Moves a dead letter back to waiting with fresh attempts; false when no such dead letter. */
  replay(id: string): Promise<boolean>;
  /**
   * Replaces the submission a job carries, in whatever state it is (waiting, delayed, failed,
   * completed and kept for idempotency): "delete my data" redacts queued copies. An attempt
   * already running keeps the copy it read. False when there is no such job.
   */
  rewriteSubmission(id: string, rewrite: (submission: Submission) => Submission): Promise<boolean>;
  /** Retention: deletes dead letters that failed before `before` (they hold whole reports). Returns how many. */
  purgeDeadLetters(before: Date): Promise<number>;
  /**
   * Memory queues only: delivers what is queued before the process stops; resolves with how many
   * deliveries are left undelivered after `timeoutMs`. (A BullMQ queue keeps them in Redis.)
   */
  drain?(timeoutMs: number): Promise<number>;
  /** Stops the worker (waiting for jobs in progress) and releases connections and timers. */
  close(): Promise<void>;
}

/**
 * The idempotency key of a delivery. BullMQ refuses custom ids with a single `:` (it reserves
 * the colon for repeatable jobs), so the separator is `@`: `<submissionId>@<sinkKey>`.
 */
export function deliveryJobId(submissionId: string, sinkKey: string): string {
  return `${submissionId}@${sinkKey}`;
}

/** Backoff settings: attempt n (1-based) waits about base * 2^(n-1), at most `maxMs`, with jitter. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

export const DEFAULT_ATTEMPTS = 8;
/** Deliveries one process makes at once (WEGOV_DELIVERY_CONCURRENCY). */
export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 15 * 60_000 };

/**
 * Delay before the next attempt after `attemptsMade` failed ones: exponential, capped, with
 * "equal jitter" (half fixed, half random) so a recovering agency is not hit by every retry
 * at the same instant.
 */
export function backoffDelay(attemptsMade: number, opts: BackoffOptions): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  const r = (opts.random ?? Math.random)();
  return Math.round(exp / 2 + (exp / 2) * r);
}

/** True for errors a sink marks as not worth retrying (an agency's 4xx, an invalid payload). */
export function isPermanent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

/**
 * A short reason for logs and the dead-letter list: the agency's own reason when the sink
 * gives one (Open311 error array, webhook response start), else the error message. Sinks keep
 * personal data out of both.
 */
export function failureReason(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { reason, message } = error as { reason?: unknown; message?: unknown };
    const msg = typeof message === 'string' ? message : String(error);
    if (typeof reason === 'string' && reason.length > 0 && !msg.includes(reason)) return `${msg}: ${reason}`.slice(0, 1000);
    return msg.slice(0, 1000);
  }
  return String(error).slice(0, 1000);
}
