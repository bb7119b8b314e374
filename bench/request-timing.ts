/**
 * Response times as the server itself sees them, measured inside the server process (beside
 * its memory and stalls: server-ipc.ts): from the `request` event (the request's head parsed)
 * to `finish` (the whole answer handed to the socket), in a `perf_hooks` histogram; POSTs only
 * (a conversation's messages). A paced
 * load's client-side p99 also holds what happens outside the server's handling: the load
 * generator's own lateness on the shared cores, the kernel's socket queues, and the event
 * loop's delay before a request is parsed (stalls.ts measures that one). Where the two p99s
 * differ, the time went there.
 */
import type { Server } from 'node:http';
import { createHistogram, performance } from 'node:perf_hooks';

export interface ServerTiming {
  requests: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
}

const ms2 = (ns: number): number => Math.round(ns / 1e4) / 100;

/** Times `server`'s requests between start() and stop(). */
export function requestTiming(server: Server): { start(): void; stop(): ServerTiming } {
  let histogram: ReturnType<typeof createHistogram> | undefined;
  server.prependListener('request', (req, res) => {
    const timing = histogram;
    // The conversations' messages only (POST), not the load generator's warm-up (GET /healthz).
    if (!timing || req.method !== 'POST') return;
    const started = performance.now();
    res.once('finish', () => timing.record(Math.max(1, Math.round((performance.now() - started) * 1e6))));
  });
  return {
    start() {
      histogram = createHistogram();
    },
    stop() {
      const h = histogram;
      histogram = undefined;
      if (!h || h.count === 0) return { requests: 0, p50ms: 0, p99ms: 0, maxMs: 0 };
      return { requests: h.count, p50ms: ms2(h.percentile(50)), p99ms: ms2(h.percentile(99)), maxMs: ms2(h.max) };
    },
  };
}
