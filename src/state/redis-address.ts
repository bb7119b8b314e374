/**
 * Where Redis is: a URL for one server (`redis://`, `rediss://`, `unix://`) or a Redis Cluster's
 * seed nodes, `redis-cluster://host:port,host:port` (what REDIS_CLUSTER_NODES becomes, see
 * src/config.ts). One string names either, so everything that is handed "the Redis URL" (stores,
 * queues, modules, CLI commands) reaches a cluster the same way; src/state/redis-connection.ts
 * turns it into a client.
 */
import type { RedisOptions } from 'ioredis';

/** Scheme of the cluster form. */
export const CLUSTER_SCHEME = 'redis-cluster:';

/** One seed node of a cluster. */
export interface ClusterNodeAddress {
  host: string;
  port: number;
}

/** A parsed address: one server, or a cluster's seed nodes. */
export type RedisAddress = { kind: 'single'; options: RedisOptions } | { kind: 'cluster'; nodes: ClusterNodeAddress[] };

/** True for the `redis-cluster://` form. */
export function isClusterAddress(address: string): boolean {
  return address.trim().toLowerCase().startsWith(`${CLUSTER_SCHEME}//`);
}

/** `redis-cluster://` plus the nodes, as REDIS_CLUSTER_NODES lists them. */
export function clusterAddress(nodes: readonly ClusterNodeAddress[]): string {
  return `${CLUSTER_SCHEME}//${nodes.map(formatNode).join(',')}`;
}

/** Parse either form; throws a TypeError (never repeating a password) when it is not one. */
export function parseRedisAddress(address: string): RedisAddress {
  if (!isClusterAddress(address)) return { kind: 'single', options: endpointOptions(address) };
  const nodes = parseClusterNodes(address.trim().slice(CLUSTER_SCHEME.length + 2));
  if (typeof nodes === 'string') throw new TypeError(`invalid Redis Cluster address: ${nodes}`);
  return { kind: 'cluster', nodes };
}

const NODE = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

/**
 * `host:port,host:port` (IPv6 as `[::1]:7000`) to nodes, or the reason it is not such a list.
 * At least one node; duplicates are refused (a typo, not a second seed).
 */
export function parseClusterNodes(list: string): ClusterNodeAddress[] | string {
  const parts = list.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) return 'no nodes: expected host:port,host:port';
  const nodes: ClusterNodeAddress[] = [];
  for (const part of parts) {
    const m = NODE.exec(part);
    const port = m ? Number(m[3]) : NaN;
    if (!m || port < 1 || port > 65535) return `"${part}" is not host:port`;
    nodes.push({ host: m[1] ?? m[2] ?? '', port });
  }
  const seen = new Set(nodes.map(formatNode));
  if (seen.size !== nodes.length) return 'a node is listed twice';
  return nodes;
}

function formatNode(n: ClusterNodeAddress): string {
  return n.host.includes(':') ? `[${n.host}]:${n.port}` : `${n.host}:${n.port}`;
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
