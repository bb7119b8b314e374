/**
 * The soak (issue 15's memory goal: "process RSS under load under 200 MB, stable over a
 * 3-minute soak"): a fresh WeGov server process (wegov-server.ts, the bench's configuration)
 * under the paced load (paced-worker.ts through http-load.ts: 256 conversations as people hold
 * them, Poisson arrivals at a set rate) for BENCH_SOAK_SECONDS (180). The server samples its
 * own memory every 100 ms (rss.ts) and keeps a point every second; reported: RSS at the start
 * (just after compose), its peak and at the end, the V8 heap's peak, a series every 15 s, and the
 * least-squares slope of RSS and of the heap in use over the last 2 minutes (MB/min: "stable"
 * is a slope near 0 once the caches have filled), with the paced load's p50/p99.
 *
 * In `npm run bench` the rate is the paced c256 rate the HTTP phase used (half its closed-loop
 * turns/s). Alone, `node dist/bench/soak.js` (after `npm run build`) runs it on a private
 * Redis (or REDIS_URL) at BENCH_SOAK_RATE messages/s (default 600: a rate this 2-core machine
 * serves with room, where the soak measures a steady state; at 750 a busy day's machine fell
 * behind and the soak measured its backlog), printing one JSON document.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../test/setup/private-redis';
import { runPacedLoad, type PacedResult } from './http-load';
import type { MemorySample } from './rss';
import { startWegovServer } from './server-ipc';

export interface SoakOptions {
  /** Messages/s over all conversations. */
  rate: number;
  seconds: number;
  /** Default 256. */
  conversations?: number;
  /** Node flags for the server process (default: this process's). */
  execArgv?: string[];
}

/** The goal: a server's peak RSS under load, MB. */
export const SOAK_GOAL_MB = 200;
/** The window the slope is fitted over, seconds. */
const SLOPE_WINDOW_S = 120;
/** The reported series' step, seconds (the server keeps a point every second). */
const SERIES_STEP_S = 15;

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Least-squares slope of `y` over `s` (seconds), per minute. */
export function slopePerMinute(points: readonly { s: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanS = points.reduce((sum, p) => sum + p.s, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.s - meanS) * (p.y - meanY);
    den += (p.s - meanS) ** 2;
  }
  return den > 0 ? Math.round((num / den) * 60 * 100) / 100 : 0;
}

/** Runs the soak against a fresh server process on `env` (REDIS_URL, WEGOV_SUBMISSIONS_FILE). */
export async function benchSoak(env: NodeJS.ProcessEnv, opts: SoakOptions) {
  const conversations = opts.conversations ?? 256;
  const server = await startWegovServer(env, opts.execArgv);
  let load: PacedResult;
  let memory;
  let timing;
  try {
    await server.rssStart(1000);
    await server.timingStart();
    load = await runPacedLoad(server.url, { conversations, rate: opts.rate, seconds: opts.seconds }).catch(async (error: unknown) => {
      await server.rssStop().catch(() => undefined);
      throw error;
    });
    memory = await server.rssStop();
    timing = await server.timingStop();
  } finally {
    await server.close();
  }
  const { series: perSecond, stalls, ...rss } = memory;
  const last = perSecond[perSecond.length - 1]?.s ?? 0;
  const window = perSecond.filter((p) => p.s >= last - SLOPE_WINDOW_S);
  const series: MemorySample[] = perSecond.filter((p, i) => i % SERIES_STEP_S === 0 || i === perSecond.length - 1);
  return {
    conversations,
    rate: opts.rate,
    seconds: opts.seconds,
    server: 'a fresh WeGov server process (bench/wegov-server.ts), memory sampled inside it every 100 ms',
    load: { turns: load.turns, errors: load.errors, turnsPerSecond: load.turnsPerSecond, p50ms: load.p50ms, p99ms: load.p99ms, maxMs: load.maxMs, p99ByMessageMs: load.p99ByMessageMs, p99By5sMs: load.p99By5sMs },
    // The same requests timed inside the server (request-timing.ts).
    serverTiming: timing,
    stalls,
    rss,
    goalPeakMb: SOAK_GOAL_MB,
    peakUnderGoal: rss.peakMb < SOAK_GOAL_MB,
    // Over the last 2 minutes (or the whole soak if shorter), MB per minute.
    slopeMbPerMin: {
      windowSeconds: round1(Math.min(SLOPE_WINDOW_S, last)),
      rss: slopePerMinute(window.map((p) => ({ s: p.s, y: p.rssMb }))),
      heapUsed: slopePerMinute(window.map((p) => ({ s: p.s, y: p.heapUsedMb }))),
    },
    series,
  };
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 180);
  const rate = Number(process.env.BENCH_SOAK_RATE ?? 600);
  const { loadavg } = await import('node:os');
  const loadBefore = loadavg();
  const dir = mkdtempSync(path.join(tmpdir(), 'wegov-soak-'));
  let own: PrivateRedis | undefined;
  try {
    const redisUrl = process.env.REDIS_URL ?? (own = await startPrivateRedis()).url;
    const env = { ...process.env, REDIS_URL: redisUrl, WEGOV_SUBMISSIONS_FILE: path.join(dir, 'submissions.jsonl') };
    const soak = await benchSoak(env, { rate, seconds });
    process.stdout.write(`${JSON.stringify({ machine: { node: process.version, loadAverage: { before: loadBefore, after: loadavg() } }, soak }, null, 2)}\n`);
  } finally {
    if (own) await stopPrivateRedis(own);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
