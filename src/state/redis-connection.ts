/**
 * The one factory of WeGov's Redis clients (ioredis). An address (redis-address.ts) names one
 * server or a Redis Cluster; every client, whether the stores', the rate limiters', the abuse
 * store's, a subscriber or a BullMQ queue's, is made here, so REDIS_CLUSTER_NODES switches them
 * all to an ioredis `Cluster`.
 *
 * Store clients fail fast: no offline queue (a command while disconnected fails at once), one
 * retry per request, a command timeout, a connect timeout, and endless reconnection with a
 * capped backoff. Creating one never throws or crashes the process when Redis is down: calls
 * fail with StoreUnavailableError until it is back. A cluster client gets the same settings
 * (its `redisOptions` for each node's connection, `clusterRetryStrategy` for the backoff).
 */
import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { parseRedisAddress } from './redis-address';

export { clusterAddress, endpointOptions, isClusterAddress, parseClusterNodes } from './redis-address';

/** A client of one server or of a cluster: both take the same commands. */
export type RedisClient = Redis | Cluster;

/** Connection tuning; every field has a production default. */
export interface RedisConnectionOptions {
  /** A command without a reply after this long fails. Default 2000 ms. */
  commandTimeoutMs?: number;
  /** A connection attempt that has not completed after this long is abandoned. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Upper bound of the reconnect backoff (50 ms doubling). Default 2000 ms. */
  maxReconnectDelayMs?: number;
  /** Shown in CLIENT LIST. Default `wegov`. */
  connectionName?: string;
  /**
   * ioredis auto-pipelining: commands issued in the same turn of the event loop (by concurrent
   * requests) go out in one write and their replies come back in one read. Default false;
   * ignored for a cluster (clusterFailFastOptions).
   */
  autoPipelining?: boolean;
  /**
   * Connection errors (refused, reset, timeout), reported as they happen; calls made meanwhile
   * fail with StoreUnavailableError regardless. Default: ignored, which keeps a Redis outage
   * from flooding the log once per reconnect attempt; pass a logger to see them.
   */
  onError?: (err: Error) => void;
}

/** Defaults of RedisConnectionOptions. */
export const REDIS_CONNECTION_DEFAULTS = {
  commandTimeoutMs: 2000,
  connectTimeoutMs: 2000,
  maxReconnectDelayMs: 2000,
  connectionName: 'wegov',
} as const;

/**
 * A client for `redis://[user:pass@]host[:port][/db]`, `rediss://...` (TLS),
 * `unix:///path/to/redis.sock[?db=N]` or `redis-cluster://host:port,host:port`. It starts
 * connecting at once in the background.
 */
export function createRedisClient(url: string, opts: RedisConnectionOptions = {}): RedisClient {
  const address = parseRedisAddress(url);
  const client: RedisClient =
    address.kind === 'cluster'
      ? new Cluster(address.nodes, clusterFailFastOptions(opts))
      : new Redis({ ...address.options, ...failFastOptions(opts) });
  return withErrorListener(client, opts.onError);
}

/**
 * A connection for BullMQ (queues and workers): BullMQ needs `maxRetriesPerRequest: null` and
 * handles waiting and reconnecting itself, so only that is set (STACK.md). Its queue prefix must
 * be hash-tagged for a cluster (every key of a queue in one slot).
 */
export function createQueueConnection(url: string): RedisClient {
  const address = parseRedisAddress(url);
  if (address.kind === 'cluster') return new Cluster(address.nodes, { redisOptions: { maxRetriesPerRequest: null } });
  return new Redis({ ...address.options, maxRetriesPerRequest: null });
}

/**
 * A second connection like `client` (same server or cluster, same settings) named
 * `connectionName`, e.g. the subscriber of live messages. Its errors go to `onError`.
 */
export function duplicateClient(client: RedisClient, connectionName: string, onError?: (err: Error) => void): RedisClient {
  const copy: RedisClient = isCluster(client)
    ? client.duplicate(undefined, { redisOptions: { ...client.options.redisOptions, connectionName } })
    : client.duplicate({ connectionName });
  return withErrorListener(copy, onError);
}

/** The name the client shows in CLIENT LIST. */
export function connectionNameOf(client: RedisClient): string {
  const name = isCluster(client) ? client.options.redisOptions?.connectionName : client.options.connectionName;
  return name ?? REDIS_CONNECTION_DEFAULTS.connectionName;
}

/** The client's command timeout in ms (each node's, for a cluster); undefined when it waits for ever. */
export function commandTimeoutOf(client: RedisClient): number | undefined {
  return isCluster(client) ? client.options.redisOptions?.commandTimeout : client.options.commandTimeout;
}

/** True for a Redis Cluster client. */
export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/**
 * The ioredis options of a fail-fast cluster client: the offline queue and the backoff are the
 * cluster's; timeouts and the single retry apply to each node's connection.
 */
export function clusterFailFastOptions(opts: RedisConnectionOptions): ClusterOptions {
  const { enableOfflineQueue, retryStrategy, lazyConnect, enableAutoPipelining: _single, ...perNode } = failFastOptions(opts);
  return {
    enableOfflineQueue,
    lazyConnect,
    // Never on a cluster: ioredis batches a cluster's calls by node and, when the slot map moves
    // under a batch (a master restarting), rejects the whole batch with its own error ("should
    // belong to the same slots allocation group"), not a Redis reply: a turn would fail with 500
    // instead of 503 (test/scale/many-processes.test.ts, Redis Cluster with a restart).
    enableAutoPipelining: false,
    clusterRetryStrategy: (attempt: number) => retryStrategy?.(attempt) ?? null,
    slotsRefreshTimeout: opts.connectTimeoutMs ?? REDIS_CONNECTION_DEFAULTS.connectTimeoutMs,
    redisOptions: perNode,
  };
}

function withErrorListener<T extends RedisClient>(client: T, onError: ((err: Error) => void) | undefined): T {
  // Without a listener ioredis prints every connection error to the console.
  client.on('error', (err: Error) => onError?.(err));
  // Every request that arrives while a connection attempt is under way waits on 'ready' /
  // 'close' (see waitUntilReady); hundreds at once under load is normal, not a leak.
  client.setMaxListeners(0);
  return client;
}

/** The ioredis options (other than the endpoint) that make a client fail fast. */
export function failFastOptions(opts: RedisConnectionOptions): RedisOptions {
  const maxDelay = opts.maxReconnectDelayMs ?? REDIS_CONNECTION_DEFAULTS.maxReconnectDelayMs;
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // A command cut off by a disconnect fails (503) instead of being replayed later.
    autoResendUnfulfilledCommands: false,
    commandTimeout: opts.commandTimeoutMs ?? REDIS_CONNECTION_DEFAULTS.commandTimeoutMs,
    connectTimeout: opts.connectTimeoutMs ?? REDIS_CONNECTION_DEFAULTS.connectTimeoutMs,
    connectionName: opts.connectionName ?? REDIS_CONNECTION_DEFAULTS.connectionName,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** Math.min(attempt - 1, 16), maxDelay),
    lazyConnect: false,
    // ioredis arms this timer even when the socket is already gone (closing while Redis is
    // down), and it holds the process open: keep it short.
    disconnectTimeout: 200,
    enableAutoPipelining: opts.autoPipelining ?? false,
  };
}

