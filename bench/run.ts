/**
 * `npm run bench`: prints one JSON document of figures. Everything runs on loopback, is
 * bounded in time, and stops by itself.
 *
 * - engine: `step` alone, turns/s (a complete report is 8 turns), against botbuilder-dialogs
 *   running the same report in the same run (engine.ts, botbuilder.ts): `engineVsBotbuilder`.
 * - goals: issue 15's goals beside this run's figures, each met or not (goals.ts), first.
 * - runtimeMemory / runtimeRedis: a whole turn in-process (cached session or load, step, render,
 *   commit), turns/s, p50/p99, Redis round trips per turn (runtime.ts).
 * - http: the web chat API over keep-alive HTTP with Redis state (the server in a process of its
 *   own: wegov-server.ts), against a bare express endpoint answering the same requests (also in
 *   a process of its own), the load generators in a third process, at 64 and 256
 *   concurrent conversations, closed loop (saturation) and paced at half that rate (people
 *   typing: response times), bare express in the same shapes (http.ts); `httpVsBareExpress` is
 *   the closed-loop ratio of turns/s at 64, `httpCpuUsPerTurn` the CPU each server (and Redis)
 *   spent per request there; `floorVsBareExpress`: bare express plus one Redis compare-and-set a
 *   message (floor-express.ts), in the same closed loops: what a Redis round trip costs alone.
 * - rssPeakMb: peak RSS sampled every 100 ms (rss.ts): `http` is the WeGov server process's own
 *   over the HTTP phase (server-ipc.ts: sampled inside that process); `runtimeRedis` is this
 *   bench process's over the in-process Redis runtime phase (it holds the earlier phases' data).
 * - soak: a fresh WeGov server process under the paced c256 load (256 conversations at the rate
 *   the HTTP phase's paced c256 used) for BENCH_SOAK_SECONDS (180; 0 skips it): its RSS at the
 *   start, peak and end, heap peak, a series every 15 s, the slope over the last 2 minutes, and
 *   the load's p50/p99 (soak.ts; alone: `node dist/bench/soak.js`).
 * - storage: bytes Redis holds per conversation after the Redis runtime phase (session and `seen`
 *   hashes, transcript list) and per message beyond the transcript (runtime.ts); `underFlood`:
 *   all of one conversation's keys after 200 messages of 20,000 characters (storage-flood.ts).
 * - outbox: submissions delivered per second, CPU per delivery, and submit -> delivered latency
 *   at half that rate (a paced producer) through the relay, the memory and the BullMQ queue and
 *   the webhook sink to a local agency (outbox.ts).
 * - themes: free-text answers summarised into themes, 20,000 answers in en and es (themes.ts).
 * - consultationResults: 100,000 stored responses: recording, the admin results API, the public
 *   page and open data (p50/p99), and a rebuild (consultation-results.ts).
 * - volunteerSignups: sign-ups/s on Redis against one shift and spread over 1,000 shifts, with
 *   the places checked exact afterwards (volunteer-signups.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadavg } from 'node:os';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { compose, type Wiring } from '../src/server/compose';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../test/setup/private-redis';
import { benchEngineVsBotbuilder } from './engine';
import { benchHttp } from './http';
import { benchOutbox } from './outbox';
import { REPORT_ANSWERS } from './report-script';
import { withRss } from './rss';
import { benchRuntime, redisCpuMicros, redisStorage, usedMemory } from './runtime';
import { startBareExpressServer, startFloorExpressServer, startWegovServer } from './server-ipc';
import { benchSoak } from './soak';
import { issue15Goals } from './goals';
import { BENCH_RELAY_INTERVAL_MS, BENCH_WEGOV_ENV } from './wegov-server';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const USERS = Number(process.env.BENCH_USERS ?? 16);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 180);

/** A WeGov in this process, for the in-process phases (the HTTP phase and the soak fork wegov-server.ts, configured alike). */
async function withWegov<T>(env: NodeJS.ProcessEnv, fn: (wiring: Wiring, url: string) => Promise<T>): Promise<T> {
  const config = loadConfig({ ...env, ...BENCH_WEGOV_ENV });
  const wiring = await compose(config, createLogger({ level: 'silent' }), { relayIntervalMs: BENCH_RELAY_INTERVAL_MS });
  const server = wiring.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    return await fn(wiring, `http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await wiring.relay.idle();
    await wiring.close();
  }
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const dir = mkdtempSync(path.join(tmpdir(), 'wegov-bench-'));
  const files = { WEGOV_SUBMISSIONS_FILE: path.join(dir, 'submissions.jsonl') };
  let own: PrivateRedis | undefined;
  const redisUrl = process.env.REDIS_URL ?? (own = await startPrivateRedis()).url;
  try {
    const base = { ...process.env, ...files, REDIS_URL: '' };
    const { engine, botbuilderDialogs, engineVsBotbuilder } = await withWegov(base, (w) => benchEngineVsBotbuilder(w.runtime.env, SECONDS));
    const { ids: _memoryIds, ...runtimeMemory } = await withWegov(base, (w) => benchRuntime(w, 'mem', { seconds: SECONDS, users: USERS }));
    const redisEnv = { ...process.env, ...files, REDIS_URL: redisUrl };
    const usedBefore = await usedMemory(redisUrl);
    const {
      result: { ids, ...runtimeRedisTurns },
      rss: runtimeRedisRss,
    } = await withRss(() => withWegov(redisEnv, (w) => benchRuntime(w, 'redis', { seconds: SECONDS, users: USERS })));
    const runtimeRedis = { ...runtimeRedisTurns, rss: runtimeRedisRss };
    const storage = await redisStorage(redisUrl, ids, 1 + REPORT_ANSWERS.length, usedBefore);
    const [wegovServer, bareServer, floorServer] = await Promise.all([startWegovServer(redisEnv), startBareExpressServer(), startFloorExpressServer(redisEnv)]);
    const http = await benchHttp({ wegov: wegovServer, bare: bareServer, floor: floorServer }, SECONDS, () => redisCpuMicros(redisUrl)).finally(() =>
      Promise.all([wegovServer.close(), bareServer.close(), floorServer.close()]),
    );
    const soak = SOAK_SECONDS > 0 ? await benchSoak(redisEnv, { rate: http.paced.c256.rate, seconds: SOAK_SECONDS }) : null;
    const outbox = await benchOutbox(redisUrl);
    const figures = {
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length, loadAverage: { before: loadBefore, after: loadavg() } },
      settings: { seconds: SECONDS, concurrentUsers: USERS, soakSeconds: SOAK_SECONDS },
      engine,
      botbuilderDialogs,
      engineVsBotbuilder,
      runtimeMemory,
      runtimeRedis,
      http,
      httpVsBareExpress: http.c64.ratio,
      // The floor: bare express plus one Redis compare-and-set a message (floor-express.ts), over bare express, closed loop at 64 and 256.
      floorVsBareExpress: { c64: http.c64.floor?.ratio ?? null, c256: http.c256.floor?.ratio ?? null, cpuUsPerTurn: http.c64.floor?.cpuUsPerTurn ?? null },
      // CPU per request in the closed loop at 64, µs: WeGov's server, Redis for it, bare express's server (steadier than turns/s on a shared machine).
      httpCpuUsPerTurn: { wegov: http.c64.wegov.cpuUsPerTurn, redis: http.c64.wegov.redisCpuUsPerTurn ?? null, bareExpress: http.c64.bareExpress.cpuUsPerTurn },
      // Response times of conversations as people hold them (paced at half the closed-loop rate; goal p99 under 20 ms at 256).
      httpPaced: {
        c64: { rate: http.paced.c64.rate, p50ms: http.paced.c64.wegov.p50ms, p99ms: http.paced.c64.wegov.p99ms, serverP99ms: http.paced.c64.wegov.server.p99ms },
        c256: { rate: http.paced.c256.rate, p50ms: http.paced.c256.wegov.p50ms, p99ms: http.paced.c256.wegov.p99ms, serverP99ms: http.paced.c256.wegov.server.p99ms },
      },
      // Peak RSS (goal under 200 MB for a server under load): `http` and `soak` are the WeGov server process's own; `runtimeRedis` is this bench process's.
      rssPeakMb: { runtimeRedis: runtimeRedisRss.peakMb, http: http.rss.peakMb, soak: soak?.rss.peakMb ?? null },
      soak,
      storage: { ...storage, underFlood: await withWegov(redisEnv, async (w) => (await import('./storage-flood')).benchStorageFlood(w, redisUrl)) },
      outbox,
      widget: (await import('./widget-size')).widgetSize(),
      photos: await (await import('./photo-cost')).benchPhotoCost(),
      hostileInput: await withWegov(base, async (w) => (await import('./hostile-input')).benchHostileInput(w)),
      consultation: await (await import('./consultation')).benchConsultation(redisUrl, { seconds: SECONDS, users: USERS }),
      themes: (await import('./themes')).benchThemes(),
      consultationResults: await (await import('./consultation-results')).benchConsultationResults(redisUrl),
      volunteerSignups: await (await import('./volunteer-signups')).benchVolunteerSignups(redisUrl),
    };
    const goals = issue15Goals({
      httpRatio: { c64: http.c64.ratio, c256: http.c256.ratio },
      floorRatio: { c64: http.c64.floor?.ratio ?? null, c256: http.c256.floor?.ratio ?? null },
      paced: { c64: http.paced.c64.wegov, c256: http.paced.c256.wegov },
      redisRoundTripsPerHttpTurn: http.redisRoundTripsPerTurn,
      redisRoundTripsPerRuntimeTurn: runtimeRedis.redisRoundTripsPerTurn ?? null,
      engineVsBotbuilder,
      bullmq: outbox.bullmq,
      idleSessionBytes: storage.idleSessionBytes,
      dedupeBytesPerMessage: storage.dedupeBytesPerMessage,
      rssPeakMb: [figures.rssPeakMb.http, figures.rssPeakMb.soak],
    });
    const { machine, settings, ...rest } = figures;
    process.stdout.write(`${JSON.stringify({ machine, settings, goals, ...rest }, null, 2)}\n`);
  } finally {
    if (own) await stopPrivateRedis(own);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
