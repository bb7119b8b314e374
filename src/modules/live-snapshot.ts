/**
 * A per-process snapshot of data a module keeps in its store and the pure dialogs read
 * synchronously (volunteering's shifts merged over the catalogue's, adoptable assets imported
 * beside the catalogue's). `current()` never waits. The snapshot is replaced by `refresh()`:
 * right after a change made in this process, and every `refreshMs` (10 s) otherwise, so a change
 * made by another process shows here within that time. `load` may answer `undefined` for
 * "unchanged since the last load" (a cheap version check instead of a full read).
 * Overlapping refreshes (the timer's and an import's) never let an older read replace a newer
 * one. A failed refresh (Redis away) keeps the last snapshot and logs; the timer is unref'd and
 * stopped by `close()`. No library: a timer and a sequence number.
 */
import { errorSummary, type Logger } from '../log';

export const DEFAULT_REFRESH_MS = 10_000;

export interface LiveSnapshotOptions<T> {
  initial: T;
  /** Reads the store: the new snapshot, or undefined when nothing changed. Rejects when the store cannot be read. */
  load: () => Promise<T | undefined>;
  /** What the log line names when a refresh fails ("volunteering shifts"). */
  what: string;
  logger?: Logger;
  refreshMs?: number;
  /** Called after a loaded snapshot replaced the current one. */
  applied?: (snapshot: T) => void;
}

export class LiveSnapshot<T> {
  private snapshot: T;
  private started = 0;
  private applied = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private waiting: (() => void)[] = [];

  constructor(private readonly opts: LiveSnapshotOptions<T>) {
    this.snapshot = opts.initial;
  }

  current(): T {
    return this.snapshot;
  }

  /** Reads the store and replaces the snapshot. Rejects when the store cannot be read (the snapshot stays). */
  async refresh(): Promise<void> {
    // Those waiting now are answered by this read (it starts after they asked); later ones by the next.
    const waiting = this.waiting;
    this.waiting = [];
    const seq = ++this.started;
    try {
      const loaded = await this.opts.load();
      if (seq > this.applied) {
        this.applied = seq;
        if (loaded !== undefined) {
          this.snapshot = loaded;
          this.opts.applied?.(loaded);
        }
      }
    } finally {
      for (const resolve of waiting) resolve();
    }
  }

  /** Resolves after a refresh that starts after this call completes (tests; a failed one counts too). */
  nextRefresh(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Refreshes now and then every `refreshMs`. */
  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      this.refresh().catch((error: unknown) => this.opts.logger?.warn({ err: errorSummary(error) }, `${this.opts.what} not refreshed; keeping the last snapshot`));
    };
    tick();
    this.timer = setInterval(tick, this.opts.refreshMs ?? DEFAULT_REFRESH_MS);
    this.timer.unref();
  }

  close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return Promise.resolve();
  }
}
