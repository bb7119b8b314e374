/**
 * `npm run bench`: prints one JSON document of figures. Everything runs on loopback, is
 * bounded in time, and stops by itself.
 *
 * - engine: `step` alone, turns/s (a complete report is 8 turns), against botbuilder-dialogs
 *   running the same report in the same run (engine.ts, botbuilder.ts): `engineVsBotbuilder`.
 * - runtimeMemory / runtimeRedis: a whole turn in-process (load, step, render, commit),
 *   turns/s, p50/p99, Redis round trips per turn.
 * - http: the web chat API over keep-alive HTTP with Redis state, against a bare express
 *   endpoint answering the same requests, autocannon in its own process, at 64 and 256
 *   concurrent conversations (http.ts); `httpVsBareExpress` is the ratio of turns/s at 64.
 * - storage: bytes Redis holds per conversation (session hash + transcript list); `underFlood`:
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
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import type { Input } from '../src/engine';
import { createLogger } from '../src/log';
import { runTurn } from '../src/runtime/turn';
import { compose, type Wiring } from '../src/server/compose';
import { createRedisClient } from '../src/state/redis-connection';
import { historyKey, sessionKey } from '../src/state/redis-keys';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../test/setup/private-redis';
import { startBareExpress } from './bare-express';
import { benchEngineVsBotbuilder } from './engine';
import { benchHttp } from './http';
import { benchOutbox } from './outbox';
import { percentile, REPORT_ANSWERS } from './report-script';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const USERS = Number(process.env.BENCH_USERS ?? 16);

async function benchRuntime(wiring: Wiring, label: string) {
  const deadline = performance.now() + SECONDS * 1000;
  const latencies: number[] = [];
  const tripsBefore = wiring.stores.roundTrips();
  let reports = 0;
  const ids: string[] = [];
  const t0 = performance.now();
  const worker = async (w: number) => {
    while (performance.now() < deadline) {
      const conversationId = `bench-${label}-${w}-${reports++}`;
      ids.push(conversationId);
      const inputs: Input[] = [{ kind: 'start', payload: 'report:pothole' }, ...REPORT_ANSWERS];
      for (const [i, input] of inputs.entries()) {
        const s = performance.now();
        const result = await runTurn(wiring.runtime, {
          conversationId,
          channel: 'bench',
          input,
          dedupeId: `b:${i}`,
          ...(i === 0 ? { create: { channelData: {} } } : {}),
        });
        if (result.kind !== 'ok') throw new Error(`turn failed: ${result.kind}`);
        latencies.push(performance.now() - s);
      }
    }
  };
  await Promise.all(Array.from({ length: USERS }, (_, w) => worker(w)));
  await wiring.relay.idle();
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const trips = wiring.stores.roundTrips() - tripsBefore;
  return {
    ids,
    turns: latencies.length,
    turnsPerSecond: Math.round(latencies.length / seconds),
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    ...(wiring.stores.kind === 'redis' ? { redisRoundTripsPerTurn: Math.round((trips / latencies.length) * 100) / 100 } : {}),
  };
}

async function storedBytes(redisUrl: string, sample: string[]) {
  const client = createRedisClient(redisUrl);
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
  });
  try {
    let session = 0;
    let history = 0;
    for (const id of sample) {
      session += Number((await client.call('MEMORY', 'USAGE', sessionKey(id))) ?? 0);
      history += Number((await client.call('MEMORY', 'USAGE', historyKey(id))) ?? 0);
    }
    return {
      sessions: sample.length,
      sessionBytesPerConversation: Math.round(session / sample.length),
      transcriptBytesPerConversation: Math.round(history / sample.length),
    };
  } finally {
    client.disconnect();
  }
}

async function withWegov<T>(env: NodeJS.ProcessEnv, fn: (wiring: Wiring, url: string) => Promise<T>): Promise<T> {
  const config = loadConfig({
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    WEGOV_RATE_SESSIONS_PER_MINUTE: '1000000',
    WEGOV_RATE_MESSAGES_PER_MINUTE: '1000000',
    LOG_LEVEL: 'silent',
  });
  const wiring = await compose(config, createLogger({ level: 'silent' }), { relayIntervalMs: 60_000 });
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
  const dir = mkdtempSync(path.join(tmpdir(), 'wegov-bench-'));
  const files = { WEGOV_SUBMISSIONS_FILE: path.join(dir, 'submissions.jsonl') };
  let own: PrivateRedis | undefined;
  const redisUrl = process.env.REDIS_URL ?? (own = await startPrivateRedis()).url;
  try {
    const base = { ...process.env, ...files, REDIS_URL: '' };
    const { engine, botbuilderDialogs, engineVsBotbuilder } = await withWegov(base, (w) => benchEngineVsBotbuilder(w.runtime.env, SECONDS));
    const { ids: _memoryIds, ...runtimeMemory } = await withWegov(base, (w) => benchRuntime(w, 'mem'));
    const redisEnv = { ...process.env, ...files, REDIS_URL: redisUrl };
    const { ids, ...runtimeRedis } = await withWegov(redisEnv, (w) => benchRuntime(w, 'redis'));
    const bare = await startBareExpress();
    const http = await withWegov(redisEnv, async (w, url) => {
      try {
        return await benchHttp({ wegov: url, bare: bare.url }, SECONDS, () => w.stores.roundTrips());
      } finally {
        await w.relay.idle();
      }
    });
    bare.server.closeAllConnections();
    bare.server.close();
    const storage = await storedBytes(redisUrl, ids.slice(0, 50));
    const outbox = await benchOutbox(redisUrl);
    const figures = {
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
      settings: { seconds: SECONDS, concurrentUsers: USERS },
      engine,
      botbuilderDialogs,
      engineVsBotbuilder,
      runtimeMemory,
      runtimeRedis,
      http,
      httpVsBareExpress: http.c64.ratio,
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
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    if (own) await stopPrivateRedis(own);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
