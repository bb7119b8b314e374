/**
 * The many-process run (issue 15), shared by `npm run bench:scale` (bench/scale/run.ts) and
 * test/scale/many-processes.test.ts: three web processes and one worker on one durable Redis
 * (append-only file, fsync always) or a Redis Cluster of three such masters
 * (bench/scale/redis-target.ts), a fake agency on a webhook, and many interleaved residents
 * each reporting a pothole through whichever process the seeded "load balancer" picks. Meanwhile
 * one web process is SIGKILLed and replaced again and again, and Redis (on the cluster: one
 * master) is killed and restarted once. Afterwards: every report reached the agency once, no answer a resident saw is missing,
 * nothing was processed twice, every conversation carries on, and the rate limit on failed
 * requests held across processes (N processes did not allow N times the limit).
 *
 * The checks are facts, never timings; the seed fixes who talks to which process.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../src/engine/seeded-random';
import { repoRoot } from '../../src/catalog/paths';
import { startFakeAgency, type FakeAgency } from './agency';
import { WidgetClient } from './client';
import { carryOn, checkTranscript, runConversation, type ConversationRecord } from './conversation';
import { REPORT_ANSWERS } from '../report-script';
import { Fleet, type Launch } from './fleet';
import { startScaleRedis, type RedisKind, type ScaleRedis } from './redis-target';

export interface ScaleOptions {
  launch: Launch;
  /** One Redis server, or a Redis Cluster of three masters. */
  redis: RedisKind;
  conversations: number;
  /** Conversations in flight at once. */
  concurrency: number;
  seed: number;
  /** Web processes (3). */
  webs?: number;
  /**
   * When to kill a web process: `kills` spread evenly over the run's progress (the test: the same
   * number whatever the machine's speed), or one every `everyMs` (the benchmark).
   */
  chaos: { kills: number } | { everyMs: number };
  /** Longest wait for the last deliveries once every resident is done. */
  deliveryWaitMs?: number;
}

export interface ScaleFigures {
  redis: RedisKind;
  conversations: number;
  turns: number;
  /** Starting the processes (all at once), before any resident. */
  startupSeconds: number;
  /** The residents' part, kills and Redis restart included. */
  seconds: number;
  turnsPerSecond: number;
  /** From the last resident's check to the last report at the agency. */
  lastDeliverySeconds: number;
  webProcesses: number;
  workerProcesses: number;
  processesStarted: number;
  kills: number;
  /**
   * Interval mode: kill ticks skipped because only one web process was up (the others still
   * starting: a start takes seconds of CPU, much longer on a loaded machine).
   */
  killTicksSkipped: number;
  redisRestarts: number;
  clientRetries: number;
  /** The retried attempts by what went wrong (refused or reset connection, timeout, HTTP status). */
  clientErrors: Record<string, number>;
  sentTwiceAtOnce: number;
  reportsDelivered: number;
  reportsDeliveredExactlyOnce: number;
  /** Extra POSTs of a report the agency already had (same Idempotency-Key; it answers 200). */
  redeliveries: number;
  /** Reports the agency got under two keys, or messages processed twice. */
  duplicates: number;
  /** Reports the residents were given a reference for that never arrived, and answers missing from transcripts. */
  lost: number;
  carriedOn: number;
  sharedRateLimit: { processes: number; limitPerMinute: number; allowed: number; refused: number };
}

export interface ScaleResult {
  figures: ScaleFigures;
  /** Empty when every check held. */
  problems: string[];
}

const HOOK_SECRET_ENV = 'WEGOV_SCALE_HOOK_SECRET';
const AUTH_FAILURES_PER_MINUTE = 6;

export async function runScale(opts: ScaleOptions): Promise<ScaleResult> {
  const webs = opts.webs ?? 3;
  const dir = mkdtempSync(path.join(tmpdir(), 'wegov-scale-'));
  const secret = `scale-${String(opts.seed)}-secret-0123456789abcdef`;
  let redis: ScaleRedis | undefined;
  let agency: FakeAgency | undefined;
  let fleet: Fleet | undefined;
  let client: WidgetClient | undefined;
  try {
    redis = await startScaleRedis(opts.redis, dir);
    agency = await startFakeAgency(secret);
    const catalogue = writeCatalogue(dir, agency.url);
    const startedAt = performance.now();
    fleet = await Fleet.start(
      opts.launch,
      {
        REDIS_URL: redis.url,
        WEGOV_CONFIG: catalogue,
        [HOOK_SECRET_ENV]: secret,
        WEGOV_MEDIA_URL_SECRET: 'scale-media-url-secret-0123456789abcdef',
        WEGOV_SUBMISSIONS_FILE: path.join(dir, 'submissions.jsonl'),
        WEGOV_RATE_SESSIONS_PER_MINUTE: '1000000',
        WEGOV_RATE_MESSAGES_PER_MINUTE: '1000000',
        WEGOV_RATE_AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES_PER_MINUTE),
        WEGOV_TRUST_PROXY: 'loopback',
        WEGOV_DELIVERY_BACKOFF_MS: '200',
        WEGOV_OUTBOX_SWEEP_SECONDS: '2',
        WEGOV_STATUS_POLL_SECONDS: '0',
        LOG_LEVEL: 'info',
      },
      webs,
    );
    const running = fleet;
    const startupSeconds = (performance.now() - startedAt) / 1000;
    client = new WidgetClient(() => running.urls());
    const sharedRateLimit = await checkSharedLimit(client, running, webs);
    const problems: string[] = [];
    if (sharedRateLimit.allowed !== AUTH_FAILURES_PER_MINUTE) {
      problems.push(`failed requests per address: the limit is ${AUTH_FAILURES_PER_MINUTE} a minute, ${webs} processes allowed ${sharedRateLimit.allowed}`);
    }

    // The residents, `concurrency` at a time; the chaos runs beside them.
    // The session and the answers (the 8th, "No, mine is new", since nearby reports): events fall at fractions of this.
    const turnsPerConversation = 1 + REPORT_ANSWERS.length;
    const totalTurns = opts.conversations * turnsPerConversation;
    let doneTurns = 0;
    let finished = false;
    const records: ConversationRecord[] = [];
    const randoms = Array.from({ length: opts.conversations }, (_, i) => seededRandom(opts.seed * 100_003 + i));
    let next = 0;
    let gate: () => Promise<void> = async () => undefined;
    const t0 = performance.now();
    const lane = async (): Promise<void> => {
      while (next < opts.conversations) {
        const i = next++;
        records.push(await runConversation(client!, i, randoms[i]!, { before: () => gate(), after: () => void (doneTurns += 1) }));
      }
    };
    const chaosRandom = seededRandom(opts.seed);
    const chaos = { kills: 0, killTicksSkipped: 0, redisRestarts: 0 };
    const replacements: Promise<void>[] = [];
    const restartRedis = async (): Promise<void> => {
      await redis!.restart(chaosRandom());
      chaos.redisRestarts += 1;
    };
    // A kill leaves at least one web process up: it waits for a replacement when only one is.
    const kill = async (): Promise<void> => {
      await until(() => running.urls().length >= 2 || running.crashes.length > 0);
      const replacement = running.killWeb(Math.floor(chaosRandom() * running.urls().length));
      // Awaited after the residents; a run that fails before then closes the fleet, which fails
      // a replacement still starting: that is not a second failure to report.
      replacement.catch(() => undefined);
      replacements.push(replacement);
      chaos.kills += 1;
    };
    // Progress mode: the kills at even steps of progress and the Redis restart half way are
    // events; residents wait at an event's step until it has happened, so every run has them all.
    const kills = 'kills' in opts.chaos ? opts.chaos.kills : 0;
    const events: { at: number; run: () => Promise<void> }[] =
      'kills' in opts.chaos
        ? [
            ...Array.from({ length: kills }, (_, k) => ({ at: ((k + 1) * totalTurns) / (kills + 1.5), run: kill })),
            { at: totalTurns / 2, run: restartRedis },
          ].sort((x, y) => x.at - y.at)
        : [];
    let nextEvent = 0;
    gate = () => until(() => nextEvent >= events.length || doneTurns < events[nextEvent]!.at);
    const chaosLoop = async (): Promise<void> => {
      if ('kills' in opts.chaos) {
        for (const event of events) {
          await until(() => finished || doneTurns >= event.at);
          if (finished) return;
          await event.run();
          nextEvent += 1;
        }
        return;
      }
      // Interval mode: a kill every `everyMs` while two web processes are up (else that tick is
      // skipped); the first tick past half way restarts Redis instead.
      while (!finished) {
        await sleepUnless(opts.chaos.everyMs, () => finished);
        if (finished) return;
        if (chaos.redisRestarts === 0 && doneTurns >= totalTurns / 2) await restartRedis();
        else if (running.urls().length >= 2) await kill();
        else chaos.killTicksSkipped += 1;
      }
    };
    let chaosFailed: unknown;
    const chaosDone = chaosLoop().catch((error: unknown) => {
      chaosFailed = error;
    });
    try {
      await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.conversations) }, lane));
    } finally {
      finished = true;
      await chaosDone;
    }
    if (chaosFailed !== undefined) throw chaosFailed;
    await Promise.all(replacements);
    const seconds = (performance.now() - t0) / 1000;

    // Every conversation carries on, on any process; what each resident saw is kept.
    let carriedOn = 0;
    let lostAnswers = 0;
    let processedTwice = 0;
    records.sort((a, b) => a.index - b.index);
    for (const r of records) {
      const random = randoms[r.index]!;
      if (await carryOn(client, r, random)) carriedOn += 1;
      const kept = await checkTranscript(client, r, random);
      lostAnswers += kept.lost;
      processedTwice += kept.duplicated;
    }

    // Every reference a resident was given reaches the agency; then a moment for late repeats.
    const expected = new Set(records.flatMap((r) => (r.reference ? [r.reference] : [])));
    const delivered = (): Set<string> => new Set([...agency!.cases.values()].flatMap((c) => (c.reference ? [c.reference] : [])));
    const waitedFrom = performance.now();
    await until(() => [...expected].every((ref) => delivered().has(ref)), opts.deliveryWaitMs ?? 120_000);
    const lastDeliverySeconds = (performance.now() - waitedFrom) / 1000;
    await sleepUnless(3_000, () => false);

    const cases = [...agency.cases.values()].filter((c) => c.reference !== undefined);
    const keysByReference = new Map<string, number>();
    for (const c of cases) keysByReference.set(c.reference!, (keysByReference.get(c.reference!) ?? 0) + 1);
    const missing = [...expected].filter((ref) => !keysByReference.has(ref));
    const unexpected = [...keysByReference.keys()].filter((ref) => !expected.has(ref));
    const twiceUnderTwoKeys = [...keysByReference.values()].filter((n) => n > 1).length;
    const redeliveries = cases.reduce((sum, c) => sum + c.posts - 1, 0);
    // Exactly once as the agency sees it: one case per report. A repeat POST under the same
    // Idempotency-Key (the sender never heard the first answer) is at-least-once delivery doing its
    // job; it is counted apart, as redeliveries.
    const exactlyOnce = [...expected].filter((ref) => keysByReference.get(ref) === 1).length;

    for (const r of records) for (const p of r.problems) problems.push(`conversation ${r.index}: ${p}`);
    if (missing.length > 0) problems.push(`${missing.length} reports never reached the agency: ${missing.slice(0, 10).join(', ')}`);
    if (unexpected.length > 0) problems.push(`the agency got ${unexpected.length} reports no resident was told about: ${unexpected.slice(0, 10).join(', ')}`);
    if (twiceUnderTwoKeys > 0) problems.push(`${twiceUnderTwoKeys} reports reached the agency as two different submissions`);
    if (agency.rejected() > 0) problems.push(`${agency.rejected()} deliveries failed the signature check`);
    if (records.length !== opts.conversations) problems.push(`${records.length} of ${opts.conversations} conversations finished`);
    problems.push(...running.crashes.map((c) => `a process crashed: ${c}`));

    const turns = records.reduce((sum, r) => sum + r.turns + 1, 0);
    return {
      problems,
      figures: {
        redis: opts.redis,
        conversations: records.length,
        turns,
        startupSeconds: round(startupSeconds),
        seconds: round(seconds),
        lastDeliverySeconds: round(lastDeliverySeconds),
        // The turns the residents took while the chaos ran (not the menu checked afterwards).
        turnsPerSecond: Math.round(doneTurns / seconds),
        webProcesses: webs,
        workerProcesses: 1,
        processesStarted: running.started,
        kills: chaos.kills,
        killTicksSkipped: chaos.killTicksSkipped,
        redisRestarts: chaos.redisRestarts,
        clientRetries: client.retries,
        clientErrors: { ...client.errors },
        sentTwiceAtOnce: records.reduce((sum, r) => sum + r.doubled, 0),
        reportsDelivered: keysByReference.size,
        reportsDeliveredExactlyOnce: exactlyOnce,
        redeliveries,
        duplicates: twiceUnderTwoKeys + processedTwice,
        lost: missing.length + lostAnswers,
        carriedOn,
        sharedRateLimit,
      },
    };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${fleet?.output() ?? ''}`, { cause: error });
  } finally {
    // Processes and Redis first: whatever fails below, nothing is left running.
    client?.close();
    fleet?.close();
    await redis?.stop();
    await agency?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Failed requests per address are counted in Redis: requests with a wrong token, spread over
 * every web process, are refused (429) once the deployment-wide count reaches the limit.
 */
async function checkSharedLimit(client: WidgetClient, fleet: Fleet, webs: number): Promise<ScaleFigures['sharedRateLimit']> {
  const headers = { 'x-forwarded-for': '198.51.100.77' };
  let allowed = 0;
  let refused = 0;
  for (let i = 0; i < AUTH_FAILURES_PER_MINUTE * webs; i++) {
    const urls = fleet.urls();
    const reply = await client.send(() => (i % urls.length) / urls.length, 'POST', '/webchat/sessions/no-such-session/messages', { text: 'x' }, 'forged', headers);
    if (reply.status === 429) refused += 1;
    else allowed += 1;
  }
  return { processes: webs, limitPerMinute: AUTH_FAILURES_PER_MINUTE, allowed, refused };
}

/** The demo city with Public Works (potholes) delivering to the fake agency's webhook only. */
function writeCatalogue(dir: string, hookUrl: string): string {
  const config = path.join(repoRoot(), 'config');
  const demo = readFileSync(path.join(config, 'demo-city.yaml'), 'utf8');
  const changed = demo.replace(
    /(- id: public-works\n\s+name: .*\n)\s+sinks:\n\s+- type: file\n/,
    `$1    sinks:\n      - type: webhook\n        url: ${hookUrl}\n        secret_env: ${HOOK_SECRET_ENV}\n`,
  );
  if (changed === demo) throw new Error('config/demo-city.yaml changed shape: the public-works sinks were not found');
  const file = path.join(dir, 'city.yaml');
  writeFileSync(file, changed);
  // The files the demo names beside itself (test/support/demo-catalog-copy.ts DEMO_SIDE_FILES).
  copyFileSync(path.join(config, 'demo-gazetteer.csv'), path.join(dir, 'demo-gazetteer.csv'));
  return file;
}

async function until(done: () => boolean, capMs = 600_000): Promise<void> {
  const deadline = Date.now() + capMs;
  while (!done()) {
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function sleepUnless(ms: number, stop: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !stop()) await new Promise((resolve) => setTimeout(resolve, Math.min(25, ms)));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
