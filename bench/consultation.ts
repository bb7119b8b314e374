/**
 * Consultation figures for `npm run bench`, on Redis, at a fixed clock inside the demo
 * consultation's window (the real date may be outside it; the figures must not depend on it).
 *
 * - turnsPerSecond: whole turns in-process through runTurn (load, step, render, commit, hand
 *   over), `users` workers walking the demo consultation with the golden transcript's inputs
 *   (test/dialogs/transcripts/consultation-en.json: menu, every question type, back, undo,
 *   help, skip, an edit from the review, submit), like bench/run.ts's runtime figure for reports.
 * - submits: 1,000 simulated people, each its own conversation, complete the consultation with
 *   at most `concurrency` people in flight; responses submitted per second (the submit turn
 *   committed and handed to the outbox), then per second including delivery to the file sink.
 *   After the clock stops, every conversation is checked to hold exactly one response.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import type { Input } from '../src/engine';
import { createLogger } from '../src/log';
import { runTurn } from '../src/runtime/turn';
import { compose, type Wiring } from '../src/server/compose';
import { percentile } from './report-script';

/** Inside riverside-avenue-bike-lane's window (2026-11-15 09:00 to 2027-01-31 18:00 Riverside time). */
const NOW = new Date('2026-12-01T15:00:00.000Z');
const PEOPLE = 1000;
/** How long to wait for the file sink to hold every submitted response. */
const FILE_WAIT_MS = 60_000;

/** The golden transcript's inputs, in order: the walk every simulated person takes. */
function transcriptInputs(): Input[] {
  const rel = 'test/dialogs/transcripts/consultation-en.json';
  // From bench/ (ts), dist/bench/ (npm run bench) or the repository root as the working directory.
  const file = [path.resolve(__dirname, '..', rel), path.resolve(__dirname, '../..', rel), path.resolve(rel)].find((f) => existsSync(f)) ?? rel;
  const inputs = (JSON.parse(readFileSync(file, 'utf8')) as { inputs: Input[] }).inputs;
  if (inputs[inputs.length - 1]?.kind !== 'choice') throw new Error('consultation-en.json no longer ends in a submit');
  return inputs;
}

/** Runs one person's whole walk; true when the last turn (the submit) committed. */
async function walk(wiring: Wiring, conversationId: string, inputs: readonly Input[], latencies: number[]): Promise<boolean> {
  let submitted = false;
  for (const [i, input] of inputs.entries()) {
    const s = performance.now();
    const result = await runTurn(wiring.runtime, {
      conversationId,
      channel: 'bench',
      input,
      dedupeId: `b:${i}`,
      // One person per conversation: the response is claimed once per person (once-claims.ts).
      person: `bench-person:${conversationId}`,
      ...(i === 0 ? { create: { channelData: {} } } : {}),
    });
    latencies.push(performance.now() - s);
    if (result.kind !== 'ok' || result.refused) throw new Error(`consultation turn ${i} failed: ${result.kind}`);
    submitted = i === inputs.length - 1 && !result.duplicate;
  }
  return submitted;
}

async function withConsultationWegov<T>(redisUrl: string, fn: (wiring: Wiring, file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wegov-bench-consultation-'));
  const file = path.join(dir, 'submissions.jsonl');
  const config = loadConfig({
    ...process.env,
    WEGOV_SUBMISSIONS_FILE: file,
    REDIS_URL: redisUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    WEGOV_RATE_SESSIONS_PER_MINUTE: '1000000',
    WEGOV_RATE_MESSAGES_PER_MINUTE: '1000000',
    LOG_LEVEL: 'silent',
  });
  const wiring = await compose(config, createLogger({ level: 'silent' }), { relayIntervalMs: 60_000, now: () => NOW, outboxQueueName: `bench-consultation-${randomUUID()}` });
  try {
    return await fn(wiring, file);
  } finally {
    await wiring.relay.idle();
    await wiring.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Distinct responses in the file sink's JSONL file. */
function filedResponses(file: string): number {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 0; // nothing delivered yet: no file
  }
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.includes('"kind":"consultation_response"')) continue;
    try {
      ids.add((JSON.parse(line) as { id: string }).id);
    } catch {
      // the last line, still being written: counted on the next look
    }
  }
  return ids.size; // distinct responses: a redelivered line counts once
}

/**
 * Consultation turns/s and submits/s on the Redis at `redisUrl`.
 * @param opts.seconds how long the turns/s run lasts; opts.users its concurrent workers;
 *   opts.concurrency people in flight at once among the 1,000.
 */
export async function benchConsultation(redisUrl: string, opts: { seconds: number; users: number; concurrency?: number }) {
  const inputs = transcriptInputs();
  const concurrency = opts.concurrency ?? 64;

  const turns = await withConsultationWegov(redisUrl, async (wiring) => {
    const deadline = performance.now() + opts.seconds * 1000;
    const latencies: number[] = [];
    const tripsBefore = wiring.stores.roundTrips();
    let walks = 0;
    const t0 = performance.now();
    const worker = async (w: number): Promise<void> => {
      while (performance.now() < deadline) await walk(wiring, `bench-consult-${w}-${walks++}-${t0}`, inputs, latencies);
    };
    await Promise.all(Array.from({ length: opts.users }, (_, w) => worker(w)));
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      turnsPerResponse: inputs.length,
      turns: latencies.length,
      turnsPerSecond: Math.round(latencies.length / seconds),
      p50ms: percentile(latencies, 50),
      p99ms: percentile(latencies, 99),
      redisRoundTripsPerTurn: Math.round(((wiring.stores.roundTrips() - tripsBefore) / latencies.length) * 100) / 100,
      concurrentUsers: opts.users,
    };
  });

  const submits = await withConsultationWegov(redisUrl, async (wiring, file) => {
    const latencies: number[] = [];
    const ids = Array.from({ length: PEOPLE }, (_, i) => `bench-person-${i}-${Date.now()}`);
    let next = 0;
    let submitted = 0;
    const t0 = performance.now();
    const person = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++]!;
        if (await walk(wiring, id, inputs, latencies)) submitted++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => person()));
    const submitSeconds = (performance.now() - t0) / 1000;
    // Delivery to the file sink runs on the outbox's queue worker: wait (bounded) until every
    // submitted response is a line in the file.
    await wiring.relay.idle();
    const giveUp = performance.now() + FILE_WAIT_MS;
    let filed = filedResponses(file);
    while (filed < submitted && performance.now() < giveUp) {
      await new Promise((r) => setTimeout(r, 25));
      filed = filedResponses(file);
    }
    const filedSeconds = (performance.now() - t0) / 1000;
    // Outside the clock: each conversation holds exactly one response.
    let stored = 0;
    for (const id of ids) {
      const { conversation } = await wiring.runtime.store.load(id);
      // Raw stored session JSON (the runtime validates it on load); only its results' kinds are read.
      const results = (conversation?.session as { results?: { kind: string }[] } | undefined)?.results ?? [];
      stored += results.filter((r) => r.kind === 'consultation_response').length;
    }
    return {
      people: PEOPLE,
      concurrency,
      submitted,
      responsesStored: stored,
      submitsPerSecond: Math.round(submitted / submitSeconds),
      filed,
      /** Submitted and delivered to the file sink through the outbox, per second (same start). */
      filedPerSecond: Math.round(filed / filedSeconds),
      secondsFor1000: Math.round(submitSeconds * 100) / 100,
    };
  });

  return { turns, submits };
}
