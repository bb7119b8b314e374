/**
 * Outbox delivery figures for `npm run bench`: submissions through the real forwarding path,
 * OutboxRelay -> DeliveryQueue -> deliveryWorker -> WebhookSink -> HTTP, into a local agency
 * (a node http server on 127.0.0.1, in the same process, that checks every request's HMAC
 * signature with the webhook module's `verify` and answers 200). Each submission is first
 * committed to a memory SessionStore, then handed to the relay as runTurn does right after a
 * commit (batched by the relay, as in production).
 *
 * For each queue kind (memory, BullMQ) and worker concurrency (the default 16, and 64):
 * - burst: BENCH_SUBMISSIONS (default 2,000) submitted at once; `deliveredPerSecond` is that
 *   count over the time from the first submit to the last request received. `burstP50ms` /
 *   `burstP99ms` are submit -> received under that backlog (mostly time spent waiting).
 *   `cpuMsPerDelivery`: CPU this process (relay, worker, sink and the agency) and Redis spent
 *   per delivery during the burst, which says more than the rate when the machine is shared.
 * - paced: a producer submitting at an even rate of half the burst's rate for about 2 s (at
 *   least 500); `p50ms` / `p99ms` are submit -> received when the queue is not backed up.
 *
 * BullMQ runs on the bench's Redis, each run on a fresh queue name under the outbox prefix,
 * obliterated afterwards: no other key is read or written.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import type { Report } from '../src/engine/report';
import { createLogger } from '../src/log';
import { BullmqDeliveryQueue, OUTBOX_PREFIX } from '../src/outbox/bullmq-queue';
import { deliveryWorker } from '../src/outbox/delivery';
import { MemoryDeliveryQueue } from '../src/outbox/memory-queue';
import { DEFAULT_CONCURRENCY, type DeliveryQueue } from '../src/outbox/queue';
import { OutboxRelay } from '../src/outbox/relay';
import { singleSinkRouter } from '../src/outbox/routing';
import { createMetrics } from '../src/metrics';
import { verify, WebhookSink } from '../src/sinks/webhook';
import { createQueueConnection } from '../src/state/redis-connection';
import { MemoryMediaStore, MemorySessionStore } from '../src/state/memory-store';
import type { Submission } from '../src/state/types';
import { percentile } from './report-script';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 2000);
const PACED_MIN = 500;
const PACED_SECONDS = 2;
const WARMUP = 1000;
const CONCURRENCIES = [DEFAULT_CONCURRENCY, 64] as const;
const SECRET = 'bench-webhook-secret';
/** A phase that has not finished by then has lost deliveries: fail loudly rather than hang. */
const PHASE_TIMEOUT_MS = 60_000;

export type QueueKind = 'memory' | 'bullmq';

export interface DeliveryFigures {
  workerConcurrency: number;
  deliveredPerSecond: number;
  burstP50ms: number;
  burstP99ms: number;
  /** CPU per delivery during the burst: this process (relay, worker, sink, agency) and Redis. */
  cpuMsPerDelivery: { process: number; redis: number | null };
  pacedPerSecond: number;
  pacedSubmissions: number;
  p50ms: number;
  p99ms: number;
  /** Requests for a submission the agency already had (at-least-once redeliveries). */
  duplicateRequests: number;
}

export interface OutboxFigures {
  settings: { submissions: number; pacedSeconds: number; sink: string };
  memory: Record<`concurrency${number}`, DeliveryFigures>;
  bullmq: Record<`concurrency${number}`, DeliveryFigures>;
}

/** The local agency: verifies each request's signature and notes when each submission arrived. */
class Agency {
  readonly arrivals = new Map<string, number>();
  duplicates = 0;
  readonly rejected: string[] = [];
  private waiter: { ids: ReadonlySet<string>; left: number; resolve: () => void } | undefined;
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  static async start(): Promise<{ agency: Agency; url: string }> {
    const agency = new Agency();
    agency.server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => agency.server.once('listening', resolve));
    const { port } = agency.server.address() as AddressInfo;
    return { agency, url: `http://127.0.0.1:${port}/hook` };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const result = verify(SECRET, req.headers, body, new Date());
      if (!result.ok) {
        this.rejected.push(result.code);
        res.writeHead(401).end();
        return;
      }
      const key = req.headers['idempotency-key'];
      const id = typeof key === 'string' ? key : '';
      if (this.arrivals.has(id)) this.duplicates += 1;
      else {
        this.arrivals.set(id, performance.now());
        const w = this.waiter;
        if (w?.ids.has(id) && --w.left === 0) w.resolve();
      }
      res.writeHead(200).end();
    });
  }

  /** Resolves once every id has arrived (rejects after PHASE_TIMEOUT_MS). */
  async received(ids: readonly string[]): Promise<void> {
    const done = new Promise<void>((resolve) => {
      const left = ids.filter((id) => !this.arrivals.has(id)).length;
      if (left === 0) resolve();
      else this.waiter = { ids: new Set(ids), left, resolve };
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const missing = ids.filter((id) => !this.arrivals.has(id)).length;
        reject(new Error(`outbox bench: ${missing} of ${ids.length} submissions not delivered within ${PHASE_TIMEOUT_MS} ms (rejected: ${this.rejected.length})`));
      }, PHASE_TIMEOUT_MS);
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
      this.waiter = undefined;
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function report(id: string): Report {
  return {
    id,
    reference: `WG-${id.slice(-6).toUpperCase()}`,
    conversationId: `bench:${id}`,
    channel: 'web',
    locale: 'en',
    submittedAt: new Date().toISOString(),
    jurisdictionId: 'springfield.gov',
    agencyId: 'public-works',
    categoryId: 'pothole',
    serviceCode: 'PTH-01',
    categoryName: 'Pothole',
    attributes: { size: 'medium' },
    location: { lat: 30.2711, lon: -97.7437 },
    media: [],
    description: 'Deep pothole in the right lane outside number 12, cars swerve around it.',
    contact: null,
  };
}

/** One queue kind at one worker concurrency, wired as src/outbox/wiring.ts does. */
async function run(kind: QueueKind, concurrency: number, agency: Agency, url: string, redisUrl: string): Promise<DeliveryFigures> {
  const logger = createLogger({ level: 'silent' });
  const metrics = createMetrics();
  const store = new MemorySessionStore();
  const media = new MemoryMediaStore();
  const queueName = `bench-${randomUUID()}`;
  const queue: DeliveryQueue = kind === 'memory' ? new MemoryDeliveryQueue() : new BullmqDeliveryQueue({ redisUrl, name: queueName });
  const router = singleSinkRouter(new WebhookSink({ url, secret: SECRET }));
  const relay = new OutboxRelay({ store, queue, router, logger, metrics });
  const worker = deliveryWorker({ router, media, logger, metrics });
  queue.startWorker(worker.processor, { ...worker.options, concurrency });
  const submitted = new Map<string, number>();
  const duplicatesBefore = agency.duplicates;
  const tag = randomUUID().slice(0, 8);
  let n = 0;

  /** Commits one submission, then hands it to the relay (runTurn's order); returns its id. */
  const submit = async (): Promise<string> => {
    const id = `sub_${tag}_${n++}`;
    submitted.set(id, performance.now());
    const submission: Submission = { id, kind: 'report', conversationId: `bench:${id}`, createdAt: new Date().toISOString(), payload: report(id) };
    const committed = await store.commit({
      conversationId: submission.conversationId,
      expectedVersion: 0,
      session: {},
      ttlSeconds: 3600,
      history: [],
      publish: [],
      submissions: [submission],
    });
    if (!committed.ok) throw new Error(`outbox bench: commit failed (${committed.reason})`);
    relay.enqueue([submission]);
    return id;
  };
  const latencies = (ids: readonly string[]): number[] =>
    ids.map((id) => (agency.arrivals.get(id) ?? Number.NaN) - (submitted.get(id) ?? Number.NaN)).sort((a, b) => a - b);

  try {
    // Warm-up: connections, Lua scripts, JIT.
    const warm: string[] = [];
    for (let i = 0; i < WARMUP; i++) warm.push(await submit());
    await agency.received(warm);

    // Burst: everything submitted at once.
    const burst: string[] = [];
    const cpu0 = process.cpuUsage();
    const redis0 = kind === 'bullmq' ? await redisCpuMs(redisUrl) : null;
    const t0 = performance.now();
    for (let i = 0; i < SUBMISSIONS; i++) burst.push(await submit());
    await agency.received(burst);
    const last = Math.max(...burst.map((id) => agency.arrivals.get(id) ?? 0));
    const deliveredPerSecond = SUBMISSIONS / ((last - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    const redis1 = kind === 'bullmq' ? await redisCpuMs(redisUrl) : null;
    const cpuMsPerDelivery = {
      process: round3((cpu.user + cpu.system) / 1000 / SUBMISSIONS),
      redis: redis0 !== null && redis1 !== null ? round3((redis1 - redis0) / SUBMISSIONS) : null,
    };
    const burstLatencies = latencies(burst);
    await relay.idle();

    // Paced: a producer at an even rate of half the burst's, so the queue is not backed up.
    const rate = deliveredPerSecond / 2;
    const pacedCount = Math.max(PACED_MIN, Math.round(rate * PACED_SECONDS));
    const paced: string[] = [];
    const p0 = performance.now();
    for (let i = 0; i < pacedCount; i++) {
      const wait = p0 + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      paced.push(await submit());
    }
    await agency.received(paced);
    const pacedLatencies = latencies(paced);
    await relay.idle();

    const dead = await queue.deadLetters(10);
    if (dead.length > 0) throw new Error(`outbox bench: ${dead.length} dead letters (${dead[0]?.reason ?? ''})`);
    return {
      workerConcurrency: concurrency,
      deliveredPerSecond: Math.round(deliveredPerSecond),
      burstP50ms: percentile(burstLatencies, 50),
      burstP99ms: percentile(burstLatencies, 99),
      cpuMsPerDelivery,
      pacedPerSecond: Math.round(rate),
      pacedSubmissions: pacedCount,
      p50ms: percentile(pacedLatencies, 50),
      p99ms: percentile(pacedLatencies, 99),
      duplicateRequests: agency.duplicates - duplicatesBefore,
    };
  } finally {
    relay.stop();
    await relay.idle();
    await queue.close();
    await store.close();
    if (kind === 'bullmq') await obliterate(redisUrl, queueName);
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** CPU time Redis has used since it started (INFO cpu), in ms; null when it does not say. */
async function redisCpuMs(redisUrl: string): Promise<number | null> {
  const client = createQueueConnection(redisUrl);
  try {
    const info = await client.info('cpu');
    const field = (name: string): number => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
    const total = (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
    return Number.isFinite(total) ? total : null;
  } catch {
    return null; // e.g. a cluster client: INFO goes to one node
  } finally {
    client.disconnect();
  }
}

/** Removes every key of the bench's own queue (and nothing else). */
async function obliterate(redisUrl: string, name: string): Promise<void> {
  const connection = createQueueConnection(redisUrl);
  const q = new Queue(name, { connection, prefix: OUTBOX_PREFIX });
  try {
    await q.obliterate({ force: true });
  } finally {
    await q.close();
    connection.disconnect();
  }
}

export async function benchOutbox(redisUrl: string): Promise<OutboxFigures> {
  const { agency, url } = await Agency.start();
  try {
    const figures: OutboxFigures = {
      settings: { submissions: SUBMISSIONS, pacedSeconds: PACED_SECONDS, sink: 'webhook over HTTP to 127.0.0.1 (same process), HMAC verified' },
      memory: {},
      bullmq: {},
    };
    for (const kind of ['memory', 'bullmq'] as const) {
      for (const c of CONCURRENCIES) figures[kind][`concurrency${c}`] = await run(kind, c, agency, url, redisUrl);
    }
    if (agency.rejected.length > 0) throw new Error(`outbox bench: ${agency.rejected.length} requests failed verification (${agency.rejected[0] ?? ''})`);
    return figures;
  } finally {
    await agency.close();
  }
}
