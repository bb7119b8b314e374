/**
 * What every BullMQ queue of WeGov shares (the outbox's deliveries, the volunteer reminders,
 * the adoption nudges): one ioredis connection, one Queue, at most one Worker per process, and
 * an orderly close. We use BullMQ (well kept; retries, delayed jobs, idempotent job ids,
 * stalled-job recovery, workers across processes) rather than hand-made Redis Streams.
 *
 * - Connection: either a URL (a connection of our own, with `maxRetriesPerRequest: null`, which
 *   BullMQ's blocking commands need, STACK.md; closed by `close`) or a connection the caller owns
 *   (an ioredis `Redis` or `Cluster`, e.g. from the Redis Cluster client factory; never closed
 *   here). A shared connection must be created with `maxRetriesPerRequest: null` too.
 * - Redis Cluster: the prefix must be one hash tag (`{wegov-outbox}`), so every key of the queue,
 *   BullMQ's and the wrapper's own (`key(...)`), hashes to one slot: BullMQ's Lua scripts touch
 *   several keys at once. The constructor refuses any other prefix.
 */
import { Queue, Worker, type Processor, type WorkerOptions } from 'bullmq';
import { createQueueConnection, type RedisClient } from '../state/redis-connection';

/** A connection BullMQ can use: a single Redis or a Redis Cluster client. */
export type QueueConnection = RedisClient;

/** Where the queue lives. Exactly one of `redisUrl` and `connection`. */
export type QueueEndpoint = { redisUrl: string; connection?: undefined } | { connection: QueueConnection; redisUrl?: undefined };

export type BullmqBaseOptions = QueueEndpoint & {
  /** One hash tag, e.g. `{wegov-outbox}`. */
  prefix: string;
  /** Queue name (tests use their own). */
  name: string;
};

/** Worker settings a wrapper chooses (the connection and prefix come from the base). */
export type BaseWorkerOptions = Omit<WorkerOptions, 'connection' | 'prefix'>;

const HASH_TAG = /^\{[^{}]+\}$/;

/** A connection of our own for `redisUrl` (one server or a cluster), as BullMQ needs it. */
export function queueConnection(redisUrl: string): QueueConnection {
  return createQueueConnection(redisUrl);
}

export class BullmqBase<T> {
  readonly queue: Queue<T>;
  readonly connection: QueueConnection;
  readonly prefix: string;
  private readonly owned: boolean;
  private current: Worker<T> | undefined;
  private closed = false;

  constructor(opts: BullmqBaseOptions) {
    if (!HASH_TAG.test(opts.prefix)) throw new TypeError(`BullMQ prefix must be one Redis Cluster hash tag like {wegov-outbox}, got "${opts.prefix}"`);
    this.prefix = opts.prefix;
    this.owned = opts.connection === undefined;
    this.connection = opts.connection ?? queueConnection(opts.redisUrl);
    this.queue = new Queue<T>(opts.name, { connection: this.connection, prefix: opts.prefix });
  }

  get worker(): Worker<T> | undefined {
    return this.current;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A key of the wrapper's own beside BullMQ's, in the queue's slot: `<prefix>:<name>:<parts...>`. */
  key(...parts: string[]): string {
    return [this.prefix, this.queue.name, ...parts].join(':');
  }

  /** Starts this process's worker; false when one runs already or the queue is closed. */
  startWorker(processor: Processor<T>, opts: BaseWorkerOptions): boolean {
    if (this.current || this.closed) return false;
    this.current = new Worker<T>(this.queue.name, processor, { ...opts, connection: this.connection, prefix: this.prefix });
    // Without a listener an 'error' event would crash the process; connection trouble is retried.
    this.current.on('error', () => undefined);
    return true;
  }

  /** Stops the worker at once, as a crash would (a running job stays locked until it stalls). Tests. */
  async killWorker(): Promise<void> {
    await this.current?.close(true);
    this.current = undefined;
  }

  /** Waits for running jobs, closes worker and queue, and our own connection (never a shared one). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.current?.close();
    await this.queue.close();
    if (this.owned) this.connection.disconnect();
  }
}
