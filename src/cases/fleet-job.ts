/**
 * A periodic job that one process of a fleet runs per interval: each tick takes a lease (the
 * case store's `lease`, a Redis `SET NX PX` on Redis) a little shorter than the interval, so the
 * next tick anywhere can take it; the process that gets it does the work. The timer is unref'd
 * (it never keeps a process up); `idle()` waits for work under way (for shutdown). Used by the
 * Open311 status poller and the retention job.
 */
import type { Logger } from '../log';
import { errorSummary } from '../log';
import type { CaseStore } from './types';

export interface FleetJobOptions {
  /** The lease's name: one per kind of job. */
  lease: string;
  cases: Pick<CaseStore, 'lease'>;
  logger: Logger;
  /** Logged at warn when a run fails (it is retried at the next interval). */
  failure: string;
}

export class FleetJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly opts: FleetJobOptions,
    private readonly work: () => Promise<unknown>,
  ) {}

  /** Runs the work now in this process (one run at a time); resolves with its result. */
  runOnce<T>(): Promise<T> {
    this.running ??= this.work().finally(() => (this.running = undefined));
    return this.running as Promise<T>;
  }

  /** Runs every `intervalMs` when this process holds the fleet's lease. */
  start(intervalMs: number): void {
    this.stop();
    const tick = async (): Promise<void> => {
      try {
        if (!(await this.opts.cases.lease(this.opts.lease, Math.max(1, intervalMs - 1000)))) return;
        await this.runOnce();
      } catch (error) {
        this.opts.logger.warn({ err: errorSummary(error) }, this.opts.failure);
      }
    };
    this.timer = setInterval(() => void tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}
