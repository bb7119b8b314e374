/**
 * The Redis a many-process run stands on, and what "restart Redis" means there:
 *  - `redis`: one private redis-server (unix socket, append-only file fsynced on every write),
 *    SIGKILLed and started again in its directory;
 *  - `cluster`: a private Redis Cluster of three masters without replicas (loopback ports, the
 *    same persistence on every node), one master SIGKILLed and started again in its directory
 *    (same port, same nodes.conf: same node id and slots). With no replica nothing fails over:
 *    the master's slots are away until it is back, and it comes back with what it acknowledged,
 *    because of its append-only file (without persistence it would come back empty, a loss
 *    no deployment should accept; the README asks for `appendonly yes`).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { restartClusterNode, startRedisCluster, stopRedisCluster, type TestRedisCluster } from '../../test/setup/redis-cluster';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../../test/setup/private-redis';

export type RedisKind = 'redis' | 'cluster';

export interface ScaleRedis {
  kind: RedisKind;
  /** REDIS_URL for the processes (`unix://...` or `redis-cluster://...`). */
  url: string;
  /** SIGKILL and start again: the server, or one master (`pick` in [0, 1) chooses which). */
  restart(pick: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the Redis of a run in `dir` (created here, removed by the caller). */
export async function startScaleRedis(kind: RedisKind, dir: string): Promise<ScaleRedis> {
  return kind === 'cluster' ? startCluster() : startSingle(dir);
}

async function startSingle(dir: string): Promise<ScaleRedis> {
  const redisDir = path.join(dir, 'redis');
  mkdirSync(redisDir);
  let server: PrivateRedis = await startPrivateRedis(redisDir, { durable: true });
  return {
    kind: 'redis',
    url: server.url,
    restart: async () => {
      await stopPrivateRedis(server, true);
      server = await startPrivateRedis(redisDir, { durable: true });
    },
    stop: () => stopPrivateRedis(server, true),
  };
}

async function startCluster(): Promise<ScaleRedis> {
  const cluster: TestRedisCluster = await startRedisCluster(3, { durable: true });
  return {
    kind: 'cluster',
    url: cluster.address,
    restart: (pick) => restartClusterNode(cluster, Math.floor(pick * cluster.ports.length)),
    stop: () => stopRedisCluster(cluster),
  };
}
