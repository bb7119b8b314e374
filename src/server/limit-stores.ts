/**
 * Where the HTTP rate limiters keep their counts. express-rate-limit counts in the process by
 * default, so N processes behind a load balancer would allow N times each limit; with
 * REDIS_URL set the counts live in Redis and every process sees the same numbers.
 *
 * The Redis store is `rate-limit-redis` (the store express-rate-limit's authors keep; one
 * single-key Lua script per hit, a PX expiry per window), with two adjustments:
 *  - keys are `wegov:rl:<limiter>:{<client key>}`: namespaced, the client key escaped like
 *    every WeGov key and wrapped in a hash tag, so each counter is one key in one Redis Cluster
 *    slot and the script never touches another;
 *  - its scripts are never loaded by a separate `SCRIPT LOAD` round trip at start (which,
 *    failing once while Redis is down, would leave the store broken until a restart): the SHA1
 *    is computed here, `EVALSHA` is sent, and a `NOSCRIPT` reply (a fresh or failed-over
 *    server, another cluster node) falls back to `EVAL` with the script text, on the key's node.
 * Redis failures surface as StoreUnavailableError, answered 503 like any other store outage.
 */
import crypto from 'node:crypto';
import { MemoryStore, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply, type SendCommandClusterDetails } from 'rate-limit-redis';
import { RedisCalls, RoundTripCounter } from '../state/redis-calls';
import { createRedisClient } from '../state/redis-connection';
import { toStoreError } from '../state/redis-errors';
import { keyPart } from '../state/redis-keys';

/** Makes one store per limiter (express-rate-limit refuses a store shared by two limiters). */
export interface LimitStores {
  /** A new store for the limiter called `name` (e.g. `msg`, `sessions`, `auth-fail`). */
  store(name: string): Store;
  /** Releases the connection, if any. */
  close(): Promise<void>;
}

/** Counts in this process: the embedded default, with no REDIS_URL. */
export function memoryLimitStores(): LimitStores {
  return { store: () => new MemoryStore(), close: async () => undefined };
}

/** Sends one command (`[name, ...args]`) to Redis, routed by its key on a cluster. */
export type SendRedisCommand = (command: string[], key: string | undefined) => Promise<unknown>;

/** The prefix of every limiter key: `wegov:rl:<name>:`. */
export function limitKeyPrefix(name: string): string {
  return `wegov:rl:${keyPart(name)}:`;
}

/** rate-limit-redis's store with WeGov's key layout. */
class TaggedRedisStore extends RedisStore {
  override prefixKey(key: string): string {
    return `${this.prefix}{${keyPart(key)}}`;
  }
}

function isNoScript(err: unknown): boolean {
  return err instanceof Error && /^NOSCRIPT\b/.test(err.message);
}

/**
 * Counts in Redis through `send` (a plain client's or a cluster's `call`); `close` is called
 * by `LimitStores.close`.
 */
export function redisLimitStores(send: SendRedisCommand, close: () => Promise<void> = async () => undefined): LimitStores {
  const scripts = new Map<string, string>();
  const sendCommandCluster = async ({ key, command }: SendCommandClusterDetails): Promise<RedisReply> => {
    const [name = '', ...args] = command;
    if (name.toUpperCase() === 'SCRIPT' && args[0]?.toUpperCase() === 'LOAD' && args[1] !== undefined) {
      const sha = crypto.createHash('sha1').update(args[1]).digest('hex');
      scripts.set(sha, args[1]);
      return sha;
    }
    try {
      try {
        return (await send(command, key)) as RedisReply;
      } catch (err) {
        const script = name.toUpperCase() === 'EVALSHA' && args[0] !== undefined ? scripts.get(args[0]) : undefined;
        if (script === undefined || !isNoScript(err)) throw err;
        return (await send(['EVAL', script, ...args.slice(1)], key)) as RedisReply;
      }
    } catch (err) {
      throw toStoreError(err, 'rate limit');
    }
  };
  return {
    store: (name) => new TaggedRedisStore({ sendCommandCluster, prefix: limitKeyPrefix(name) }),
    close,
  };
}

/**
 * The stores for a process: Redis (its own connection, `wegov-limits`, failing fast like the
 * session store's) when `redisUrl` is set, else memory. The connection auto-pipelines (on a
 * single Redis; a cluster client never does: redis-connection.ts): every
 * request that counts a hit costs one round trip before its turn, and under load the hits of
 * concurrent requests then share one write and one read (fewer system calls on both sides).
 */
export function limitStoresFor(opts: { redisUrl: string | undefined; commandTimeoutMs: number; counter?: RoundTripCounter }): LimitStores {
  if (opts.redisUrl === undefined) return memoryLimitStores();
  const client = createRedisClient(opts.redisUrl, { commandTimeoutMs: opts.commandTimeoutMs, connectionName: 'wegov-limits', autoPipelining: true });
  const calls = new RedisCalls(client, opts.counter ?? new RoundTripCounter(), opts.commandTimeoutMs);
  return redisLimitStores(
    ([name = '', ...args]) => calls.call('rate limit', (c) => c.call(name, args)),
    async () => {
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  );
}
