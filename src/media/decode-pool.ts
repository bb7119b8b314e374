/**
 * A bounded pool for CPU-heavy work (photo decoding): at most `concurrency` jobs run at once and
 * at most `maxQueued` wait; one more is refused at once with `{ kind: 'busy' }` instead of
 * waiting behind everyone else. A queue that only grows is how one burst of uploads made every
 * other person's photo wait tens of seconds; a refusal is an answer the person can act on
 * (try again in a moment).
 *
 * The concurrency itself is p-limit's (3.1.0: the last CommonJS release, which jest with
 * @swc/jest loads as is; well kept, tiny, and already in the tree through jest). p-limit has no
 * queue bound, so the bound is checked here, synchronously, from its `activeCount` and
 * `pendingCount` (a job counts as pending from the call, so two calls in one tick cannot both
 * take the last place).
 */
import pLimit from 'p-limit';

/** What a job handed to the pool came to. */
export type PoolResult<T> = { kind: 'done'; value: T } | { kind: 'busy' };

export interface DecodePoolOptions {
  /** Jobs running at once (at least 1). */
  concurrency: number;
  /** Jobs waiting for a free slot (0: refuse whenever every slot is taken). */
  maxQueued: number;
}

export class DecodePool {
  private readonly limit: pLimit.Limit;

  constructor(readonly options: DecodePoolOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError(`concurrency must be a whole number >= 1, got ${options.concurrency}`);
    if (!Number.isInteger(options.maxQueued) || options.maxQueued < 0) throw new RangeError(`maxQueued must be a whole number >= 0, got ${options.maxQueued}`);
    this.limit = pLimit(options.concurrency);
  }

  /** Jobs running now. */
  get active(): number {
    return this.limit.activeCount;
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.limit.pendingCount;
  }

  /**
   * Runs `work` when a slot is free. When every slot is taken and the queue is full, `work` is
   * not called and the answer is `busy`. A rejection of `work` rejects the returned promise
   * (expected failures should be values of `T`).
   */
  run<T>(work: () => Promise<T>): Promise<PoolResult<T>> {
    if (this.limit.activeCount + this.limit.pendingCount >= this.options.concurrency + this.options.maxQueued) {
      return Promise.resolve({ kind: 'busy' });
    }
    return this.limit(work).then((value): PoolResult<T> => ({ kind: 'done', value }));
  }
}
