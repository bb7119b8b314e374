/**
 * The HTTP load generator, run in its own process by http-load.ts (so the server under test
 * does not share its event loop with the client): autocannon 9, keep-alive connections, each
 * connection one resident at a time walking a whole pothole report (create the session, then
 * the 8 answers with that session's id and bearer token, then a new session). autocannon's
 * `requests` sequence carries the id and token in each connection's own context
 * (setupRequest/onResponse). Latency is kept per response at full resolution (autocannon's own
 * histogram rounds to whole milliseconds).
 *
 * Input: one JSON argument (LoadOptions). Output: one IPC message (LoadResult).
 */
import autocannon from 'autocannon';
import { apiBody, percentile, REPORT_ANSWERS } from './report-script';

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  /** Answered 2xx. */
  turns: number;
  /** Reports that reached their reference. */
  reports: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
  turnsPerSecond: number;
  p50ms: number;
  p99ms: number;
}

/** A report reference in a reply's text (src/engine/ids.ts: prefix, dash, 6 characters). */
const REFERENCE = /\b[A-Z]{1,4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{6}\b/;

/** Reports whose last answer came back with a reference (the WeGov server's, not the bare one's). */
let submitted = 0;

interface Conversation {
  sessionId?: string;
  token?: string;
}

function reportRequests(): autocannon.Request[] {
  const json = { 'content-type': 'application/json' };
  const create: autocannon.Request = {
    method: 'POST',
    path: '/webchat/sessions',
    headers: json,
    body: JSON.stringify({ locale: 'en', start: 'report:pothole' }),
    onResponse: (status, body, context) => {
      const c = context as Conversation;
      if (status !== 201) return;
      const created = JSON.parse(body) as { sessionId: string; token: string };
      c.sessionId = created.sessionId;
      c.token = created.token;
    },
  };
  const answers = REPORT_ANSWERS.map(
    (input): autocannon.Request => ({
      method: 'POST',
      headers: json,
      body: JSON.stringify(apiBody(input)),
      // No session (its creation failed): start over with a new one.
      setupRequest: (request, context) => {
        const c = context as Conversation;
        if (c.sessionId === undefined || c.token === undefined) return null as unknown as autocannon.Request;
        return { ...request, path: `/webchat/sessions/${c.sessionId}/messages`, headers: { ...json, authorization: `Bearer ${c.token}` } };
      },
    }),
  );
  const last = answers[answers.length - 1]!;
  last.onResponse = (status, body) => {
    if (status === 200 && REFERENCE.test(body)) submitted++;
  };
  return [create, ...answers];
}

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
  const latencies: number[] = [];
  let failed = 0;
  const t0 = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: opts.url, connections: opts.connections, duration: opts.seconds, requests: reportRequests(), timeout: 10 },
      (err, done) => (err ? reject(err as Error) : resolve(done)),
    );
    // The tracker's 'response' event carries the exact duration (its histogram keeps whole ms).
    (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
      else failed++;
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const out: LoadResult = {
    connections: opts.connections,
    seconds: Math.round(seconds * 100) / 100,
    turns: latencies.length,
    reports: submitted,
    errors: failed + result.errors + result.timeouts,
    turnsPerSecond: Math.round(latencies.length / seconds),
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
  };
  process.send?.(out);
}

main().catch((error: unknown) => {
  process.stderr.write(`load generator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
