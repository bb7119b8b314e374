/**
 * Creating an ioredis client that fails fast: no offline queue (a command while disconnected
 * fails at once), one retry per request, a command timeout, a connect timeout, and endless
 * reconnection with a capped backoff. Creating it never throws or crashes the process when
 * Redis is down: calls fail with StoreUnavailableError until it is back.
 */
import Redis, { type RedisOptions } from 'ioredis';

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
 * A client for `redis://[user:pass@]host[:port][/db]`, `rediss://...` (TLS) or
 * `unix:///path/to/redis.sock[?db=N]`. It starts connecting at once in the background.
 */
export function createRedisClient(url: string, opts: RedisConnectionOptions = {}): Redis {
  const client = new Redis({ ...endpointOptions(url), ...failFastOptions(opts) });
  const onError = opts.onError;
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
  };
}

/** Endpoint options from a URL; throws a TypeError naming the scheme when it is not supported. */
export function endpointOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new TypeError(`invalid Redis URL: ${redact(url)}`, { cause: err });
  }
  switch (parsed.protocol) {
    case 'unix:': {
      const path = decodeURIComponent(parsed.pathname);
      if (!path || path === '/') throw new TypeError(`Redis unix URL without a socket path: ${redact(url)}`);
      const db = parsed.searchParams.get('db');
      return {
        path,
        ...(db === null ? {} : { db: dbIndex(db, url) }),
        ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
        ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
      };
    }
    case 'redis:':
    case 'rediss:':
      return tcpOptions(parsed, url);
    default:
      throw new TypeError(`unsupported Redis URL scheme "${parsed.protocol}" (use redis://, rediss:// or unix://)`);
  }
}

/** `redis://` and `rediss://` (TLS, the host as servername). */
function tcpOptions(parsed: URL, url: string): RedisOptions {
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  const db = parsed.pathname.replace(/^\//, '') || parsed.searchParams.get('db');
  return {
    host,
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(db ? { db: dbIndex(db, url) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
  };
}

function dbIndex(raw: string, url: string): number {
  const db = Number(raw);
  if (!Number.isSafeInteger(db) || db < 0) throw new TypeError(`invalid Redis database "${raw}" in ${redact(url)}`);
  return db;
}

/** The URL without its password, for error messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
