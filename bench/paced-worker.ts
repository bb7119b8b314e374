/**
 * The paced HTTP load generator, run in its own process by http-load.ts: conversations as
 * people hold them. Each conversation is one keep-alive connection (an undici `Client`, the
 * HTTP client WeGov already uses) walking whole pothole reports, as in autocannon-worker.ts,
 * but it waits between messages as a person typing does: the next message is due a random
 * time after the previous one was due (exponential, mean `conversations / rate`, from a fixed
 * seed), so the whole load arrives at `rate` messages/s as a Poisson stream, well below
 * saturation, instead of a closed loop where latency is only connections / throughput.
 *
 * Why not autocannon's `connectionRate`/`overallRate`: autocannon 9 lets each connection send
 * its quota back to back at the start of every second, from timers that all start together,
 * so every second begins with a burst of every connection at once (a closed loop for part of
 * each second).
 *
 * Latency is measured from when a message was due to its whole answer: a message due while
 * its conversation still waits for the previous answer waits too, and that wait counts
 * (no coordinated omission).
 *
 * Input: one JSON argument (PacedOptions). Output: one IPC message (PacedResult).
 */
import { Client } from 'undici';
import { seededRandom } from '../src/engine/seeded-random';
import { apiBody, percentile, REPORT_ANSWERS } from './report-script';

export interface PacedOptions {
  url: string;
  conversations: number;
  /** Messages per second over all conversations. */
  rate: number;
  seconds: number;
  /** Seed of the think times. */
  seed?: number;
}

export interface PacedResult {
  conversations: number;
  /** Offered: messages/s due over all conversations. */
  rate: number;
  seconds: number;
  /** Answered 2xx. */
  turns: number;
  /** Non-2xx answers and failed requests. */
  errors: number;
  turnsPerSecond: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
  /** p99 of each message of a report (0: starting the conversation, then each answer), ms: which turn is slow. */
  p99ByMessageMs: number[];
  /** p99 of the messages due in each 5 s of the run, ms: a slow start (warm-up) or a course. */
  p99By5sMs: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

const JSON_HEADERS = { 'content-type': 'application/json' };
const CREATE_BODY = JSON.stringify({ locale: 'en', start: 'report:pothole' });
const ANSWER_BODIES = REPORT_ANSWERS.map((input) => JSON.stringify(apiBody(input)));

/**
 * Before the schedule starts, every connection is opened and used (GET /healthz, WARM_UP_ROUNDS
 * times each; the server's timing counts only the conversations' POSTs): otherwise the first
 * messages' latency holds 256 TCP connects at once and this process's own cold start (its JIT,
 * undici's first requests), not the server's answer (a 5 s run at 256 showed the first three
 * messages of each conversation at p99 340-450 ms at the client, 145 ms from the fourth on).
 */
const WARM_UP_ROUNDS = 20;

async function warmUp(clients: Client[]): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < WARM_UP_ROUNDS; i++) {
        const { statusCode, body } = await client.request({ method: 'GET', path: '/healthz' });
        await body.text();
        if (statusCode !== 200) throw new Error(`warm-up: GET /healthz answered ${statusCode}`);
      }
    }),
  );
}

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as PacedOptions;
  const random = seededRandom(opts.seed ?? 15); // the same arrival pattern every run
  const meanGapMs = (1000 * opts.conversations) / opts.rate;
  const latencies: number[] = [];
  const byMessage: number[][] = Array.from({ length: ANSWER_BODIES.length + 1 }, () => []);
  const byWindow: number[][] = [];
  let errors = 0;
  let t0 = performance.now();
  let end = t0 + opts.seconds * 1000;

  const converse = async (client: Client): Promise<void> => {
    const gap = (): number => -Math.log(1 - random()) * meanGapMs;
    // The first message too comes after a think time: from the start the arrivals are Poisson.
    let due = t0 + gap();
    let session: { sessionId: string; token: string } | undefined;
    let step = 0;
    for (;;) {
      if (due >= end) return;
      await sleep(due - performance.now());
      const creating = session === undefined;
      try {
        const { statusCode, body } = await client.request({
          method: 'POST',
          path: creating ? '/webchat/sessions' : `/webchat/sessions/${session!.sessionId}/messages`,
          headers: creating ? JSON_HEADERS : { ...JSON_HEADERS, authorization: `Bearer ${session!.token}` },
          body: creating ? CREATE_BODY : ANSWER_BODIES[step],
        });
        const text = await body.text();
        if (statusCode < 200 || statusCode >= 300) {
          errors++;
          session = undefined;
        } else {
          const latency = performance.now() - due;
          latencies.push(latency);
          byMessage[creating ? 0 : step + 1]!.push(latency);
          (byWindow[Math.floor((due - t0) / 5000)] ??= []).push(latency);
          if (creating) {
            const created = JSON.parse(text) as { sessionId: string; token: string };
            session = { sessionId: created.sessionId, token: created.token };
            step = 0;
          } else if (++step === ANSWER_BODIES.length) {
            session = undefined; // the report is in: a new resident starts
          }
        }
      } catch {
        errors++;
        session = undefined;
      }
      due += gap();
    }
  };

  const clients = Array.from({ length: opts.conversations }, () => new Client(opts.url, { pipelining: 1, keepAliveTimeout: 30_000 }));
  await warmUp(clients);
  t0 = performance.now();
  end = t0 + opts.seconds * 1000;
  await Promise.all(clients.map((client) => converse(client)));
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(clients.map((client) => client.close()));
  latencies.sort((a, b) => a - b);
  const out: PacedResult = {
    conversations: opts.conversations,
    rate: opts.rate,
    seconds: Math.round(seconds * 100) / 100,
    turns: latencies.length,
    errors,
    turnsPerSecond: Math.round(latencies.length / seconds),
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    maxMs: Math.round((latencies[latencies.length - 1] ?? 0) * 100) / 100,
    p99ByMessageMs: byMessage.map((list) => percentile(list.sort((a, b) => a - b), 99)),
    p99By5sMs: Array.from(byWindow, (list) => percentile((list ?? []).sort((a, b) => a - b), 99)),
  };
  process.send?.(out);
}

main().catch((error: unknown) => {
  process.stderr.write(`paced load generator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
