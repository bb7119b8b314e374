/**
 * The one way the Redis stores talk to Redis: wait (briefly) for a connection in progress,
 * count the round trip, and turn ioredis failures into StoreUnavailableError.
 */
import type Redis from 'ioredis';
import { isCluster, type RedisClient } from './redis-connection';
import { toStoreError } from './redis-errors';
import { StoreUnavailableError } from './types';

/** A shared tally of network round trips (one per command, pipeline or script call), in all and by operation. */
export class RoundTripCounter {
  count = 0;
  readonly byOperation = new Map<string, number>();

  add(operation: string): void {
    this.count += 1;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }
}

/** Sends calls on one client. */
export class RedisCalls {
  constructor(
    readonly client: RedisClient,
    readonly counter: RoundTripCounter,
    /** How long a call waits for a connection attempt that is under way. */
    private readonly readyTimeoutMs: number,
  ) {}

  /**
   * Run `send` (exactly one round trip) once the client is ready. Rejects with
   * StoreUnavailableError when Redis cannot be reached or does not answer in time.
   */
  async call<T>(operation: string, send: (client: RedisClient) => Promise<T>): Promise<T> {
    await waitUntilReady(this.client, this.readyTimeoutMs, operation);
    this.counter.add(operation);
    try {
      return await send(this.client);
    } catch (err) {
      throw toStoreError(err, operation);
    }
  }

  /**
   * The servers that hold keys, once connected: the client itself, or every master of a Redis
   * Cluster. A SCAN of the keyspace runs on each (a cluster client sends it to one node only).
   * A cluster's slot map is fetched again first (one round trip): ioredis drops a master whose
   * connection ended (it restarted) and adds it back only when a keyed command needs it, so a
   * client that only SCANs would otherwise skip that master's keys for good
   * (test/state/cluster-master-restart.test.ts).
   */
  async servers(operation: string): Promise<Redis[]> {
    await waitUntilReady(this.client, this.readyTimeoutMs, operation);
    if (!isCluster(this.client)) return [this.client];
    const cluster = this.client;
    this.counter.add(`${operation} (slot map)`);
    await new Promise<void>((resolve, reject) => {
      cluster.refreshSlotsCache((err) => (err ? reject(toStoreError(err, operation)) : resolve()));
    });
    return cluster.nodes('master');
  }
}

/**
 * Resolve when `client` can take commands. A connection known to be down (closed, waiting
 * to reconnect) fails at once; an attempt under way gets `timeoutMs` to complete.
 */
export function waitUntilReady(client: RedisClient, timeoutMs: number, operation: string): Promise<void> {
  switch (client.status) {
    case 'ready':
      return Promise.resolve();
    case 'wait':
      client.connect().catch(() => {
        // Not lost: ioredis emits it as an 'error' event, and the waiter below sees 'close'.
      });
      break;
    case 'connecting':
    case 'connect':
      break;
    default:
      return Promise.reject(new StoreUnavailableError(`redis ${operation} failed: connection is ${client.status}`));
  }
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('close', onClose);
      client.off('end', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onReady = (): void => done();
    const onClose = (): void =>
      done(new StoreUnavailableError(`redis ${operation} failed: the connection attempt failed`));
    const timer = setTimeout(
      () => done(new StoreUnavailableError(`redis ${operation} failed: not connected after ${timeoutMs} ms`)),
      timeoutMs,
    );
    client.once('ready', onReady);
    client.once('close', onClose);
    client.once('end', onClose);
  });
}
