import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { apiBody, percentile, REPORT_ANSWERS } from './report-script';

export interface LoadResult {
  turns: number;
  reports: number;
  errors: number;
  seconds: number;
  turnsPerSecond: number;
  p50ms: number;
  p99ms: number;
}

interface Reply {
  status: number;
  body: string;
}

function post(agent: http.Agent, base: URL, path: string, body: unknown, token?: string): Promise<Reply> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * Virtual residents, each completing pothole reports through the web chat API over
 * keep-alive connections, for a bounded time against a server on loopback. Every request is
 * one turn; latency is measured per request at the client.
 */
export async function runReportLoad(baseUrl: string, opts: { users: number; seconds: number }): Promise<LoadResult> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.users });
  const latencies: number[] = [];
  let errors = 0;
  let reports = 0;
  const deadline = performance.now() + opts.seconds * 1000;
  const started = performance.now();

  const timed = async (path: string, body: unknown, token?: string): Promise<Reply> => {
    const t0 = performance.now();
    const reply = await post(agent, base, path, body, token);
    latencies.push(performance.now() - t0);
    if (reply.status >= 400) errors++;
    return reply;
  };

  const user = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const created = await timed('/webchat/sessions', { locale: 'en', start: 'report:pothole' });
      if (created.status !== 201) continue;
      const { sessionId, token } = JSON.parse(created.body) as { sessionId: string; token: string };
      for (const input of REPORT_ANSWERS) {
        await timed(`/webchat/sessions/${sessionId}/messages`, apiBody(input), token);
      }
      reports++;
    }
  };
  await Promise.all(Array.from({ length: opts.users }, () => user()));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    turns: latencies.length,
    reports,
    errors,
    seconds: Math.round(seconds * 100) / 100,
    turnsPerSecond: Math.round(latencies.length / seconds),
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
  };
}
