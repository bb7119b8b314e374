import type { Logger } from '../log';
import type { Metrics } from '../runtime/metrics';
import type { Sink } from '../sinks/types';
import type { MediaStore, SessionStore, Submission } from '../state/types';

/** What the relay needs. */
export interface RelayDeps {
  store: SessionStore;
  media: MediaStore;
  sink: Sink;
  logger: Logger;
  metrics?: Metrics;
}

/** Outcome of one delivery attempt. */
export type DeliveryResult = { ok: true } | { ok: false; code: 'sink_failed' | 'in_flight'; error?: unknown };

/**
 * Moves committed submissions to the sink: deliver, then acknowledge in the store. Until the
 * forwarding issue builds the full outbox (queue, retries with backoff, dead letters), this
 * relay is the bridge: delivery right after the commit, plus a sweep of everything pending at
 * start and on an interval, so a crash between commit and delivery loses nothing.
 * At-least-once: a crash between deliver and ack delivers again; sinks key on submission id.
 */
export class OutboxRelay {
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(private readonly deps: RelayDeps) {}

  /** Delivers one submission and acknowledges it; a failure leaves it pending for the next sweep. */
  async deliverOne(submission: Submission): Promise<DeliveryResult> {
    if (this.inFlight.has(submission.id)) return { ok: false, code: 'in_flight' };
    this.inFlight.add(submission.id);
    try {
      try {
        await this.deps.sink.deliver(submission, this.deps.media);
      } catch (error) {
        this.deps.metrics?.submissionFailures.inc({ sink: this.deps.sink.name });
        this.deps.logger.warn(
          { submissionId: submission.id, sink: this.deps.sink.name, err: errorSummary(error) },
          'submission delivery failed; it stays pending',
        );
        return { ok: false, code: 'sink_failed', error };
      }
      await this.deps.store.ackSubmission(submission.conversationId, submission.id);
      this.deps.logger.info({ submissionId: submission.id, sink: this.deps.sink.name }, 'submission delivered');
      return { ok: true };
    } finally {
      this.inFlight.delete(submission.id);
    }
  }

  /**
   * Hands freshly committed submissions over without making the caller wait or fail: errors
   * are logged and the sweep picks the submission up again.
   */
  enqueue(submissions: readonly Submission[]): void {
    for (const s of submissions) {
      const delivery = this.deliverOne(s)
        .catch((error: unknown) => {
          this.deps.logger.error({ submissionId: s.id, err: errorSummary(error) }, 'submission acknowledgement failed; it stays pending');
        })
        .finally(() => this.running.delete(delivery));
      this.running.add(delivery);
    }
  }

  /** Resolves once deliveries handed over by `enqueue` and any sweep under way have finished (for shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.sweeping) {
      await Promise.allSettled([...this.running, ...(this.sweeping ? [this.sweeping] : [])]);
    }
  }

  /** Delivers every pending submission; returns how many were delivered. One sweep at a time. */
  deliverPending(): Promise<number> {
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
      this.deliverPending().catch((error: unknown) => {
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
    let delivered = 0;
    for (const s of pending) {
      const result = await this.deliverOne(s);
      if (result.ok) delivered += 1;
    }
    this.deps.metrics?.submissionsPending.set(pending.length - delivered);
    return delivered;
  }
}

/** Error fields safe to log: a code and a message, never payloads. */
export function errorSummary(error: unknown): { type: string; code?: string; message: string } {
  // Duck-typed: errors from another realm (jest's VM, Node internals) fail `instanceof Error`.
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    const { name, code, message } = error as { name?: unknown; code?: unknown; message: string };
    return { type: typeof name === 'string' ? name : 'Error', ...(typeof code === 'string' ? { code } : {}), message };
  }
  return { type: typeof error, message: String(error) };
}
