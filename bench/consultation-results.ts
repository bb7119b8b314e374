/**
 * Consultation results at scale, for `npm run bench` (issue 12's goal: results of 100,000
 * stored responses served in under 200 ms p99 by the admin API and the public page, and a
 * rebuild of 100,000 responses timed). On Redis, at a fixed clock after the demo consultation
 * closed (so its results are public):
 *
 * - record: 100,000 random responses (every question type, test/dialogs/consultation-results/
 *   support.ts) recorded into the results store as the results sink does (one script each),
 *   64 in flight: responses/s;
 * - adminResults / publicPage / openData: GET over keep-alive HTTP, sequential, after one
 *   warm-up request (the first computes the free-text themes from every answer: `themesColdMs`),
 *   p50/p99 ms of `REQUESTS` requests;
 * - rebuild: `consultation:rebuild` of the 100,000 responses, ms.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { countersOf } from '../dialogs/consultation/results/counters';
import { RedisConsultationResultsStore } from '../dialogs/consultation/results/redis-store';
import { districtOf } from '../dialogs/consultation/results/sink';
import { ConsultationResults } from '../dialogs/consultation/results/results';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { compose } from '../src/server/compose';
import { RedisCalls, RoundTripCounter, waitUntilReady } from '../src/state/redis-calls';
import { createRedisClient } from '../src/state/redis-connection';
import { keyPart } from '../src/state/redis-keys';
import { randomResponse, seeded } from '../test/dialogs/consultation-results/support';
import { percentile } from './report-script';

const RESPONSES = Number(process.env.BENCH_RESULTS_RESPONSES ?? 100_000);
const REQUESTS = 200;
const IN_FLIGHT = 64;
/** After riverside-avenue-bike-lane closed (2027-01-31 18:00 Riverside time): its results are public. */
const NOW = new Date('2027-02-02T15:00:00.000Z');
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const ID = 'riverside-avenue-bike-lane';

function get(agent: http.Agent, url: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, bytes }));
      })
      .on('error', reject);
  });
}

async function timed(agent: http.Agent, url: string, headers: Record<string, string> = {}) {
  const first = await get(agent, url, headers);
  const ms: number[] = [];
  let status = first.status;
  let bytes = first.bytes;
  for (let i = 0; i < REQUESTS; i++) {
    const r = await get(agent, url, headers);
    ms.push(r.ms);
    status = r.status;
    bytes = r.bytes;
  }
  ms.sort((a, b) => a - b);
  return { status, bytes, firstMs: Math.round(first.ms), p50Ms: Math.round(percentile(ms, 50) * 10) / 10, p99Ms: Math.round(percentile(ms, 99) * 10) / 10 };
}

export async function benchConsultationResults(redisUrl: string) {
  // Its own key space: the results of the demo consultation under a prefix no other bench uses.
  const config = loadConfig({ ...process.env, REDIS_URL: redisUrl, PORT: '0', HOST: '127.0.0.1', WEGOV_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'silent', WEGOV_SUBMISSIONS_FILE: `/tmp/wegov-bench-results-${randomUUID()}.jsonl` });
  const wiring = await compose(config, createLogger({ level: 'silent' }), { relayIntervalMs: 60_000, now: () => NOW, startRelay: false });
  const client = createRedisClient(redisUrl);
  try {
    await waitUntilReady(client, 5000, 'bench');
    const catalog = wiring.catalog;
    const c = catalog.consultations.find((x) => x.id === ID)!;
    const store = new RedisConsultationResultsStore(new RedisCalls(client, new RoundTripCounter(), 5000));
    // A clean slate for this consultation's results (an earlier run's responses).
    const stale = await client.keys(`wegov:{results:${keyPart(ID)}}:*`);
    if (stale.length > 0) await client.del(...stale);

    const rnd = seeded(2027);
    const areaOf = districtOf(catalog);
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < RESPONSES; n = next++) {
        const r = randomResponse(c, catalog, rnd, `participant-${String(n)}`, new Date(Date.UTC(2026, 11, 1) + n * 1000), n);
        await store.record(r, countersOf(c, r, areaOf));
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const recordMs = performance.now() - t0;

    const server = wiring.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const adminResults = await timed(agent, `${base}/admin/consultations/${ID}/results`, { Authorization: `Bearer ${ADMIN_TOKEN}` });
      const publicPage = await timed(agent, `${base}/consultations/${ID}?lang=es`);
      const openData = await timed(agent, `${base}/open-data/consultations/${ID}.json`);
      const results = new ConsultationResults({ store, catalog, now: () => NOW });
      const rebuild = await results.rebuild(c);
      return {
        responses: RESPONSES,
        record: { responsesPerSecond: Math.round(RESPONSES / (recordMs / 1000)), inFlight: IN_FLIGHT },
        adminResults: { ...adminResults, themesColdMs: adminResults.firstMs },
        publicPage,
        openData,
        rebuild: { responses: rebuild.responses, ms: rebuild.ms },
        requests: REQUESTS,
      };
    } finally {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    client.disconnect();
    await wiring.close();
  }
}
