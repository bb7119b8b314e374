import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/log';
import { randomUUID } from 'node:crypto';
import { BullmqDeliveryQueue } from '../../src/outbox/bullmq-queue';
import { deliveryWorker } from '../../src/outbox/delivery';
import { MemoryDeliveryQueue } from '../../src/outbox/memory-queue';
import type { DeliveryJob, DeliveryQueue } from '../../src/outbox/queue';
import { OutboxRelay } from '../../src/outbox/relay';
import { singleSinkRouter } from '../../src/outbox/routing';
import { createMetrics } from '../../src/metrics';
import { JsonlFileSink, type JsonlLine } from '../../src/sinks/jsonl-file-sink';
import { createStores, type Stores } from '../../src/state';
import type { Submission } from '../../src/state/types';
import { waitFor } from '../outbox/support';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../setup/private-redis';

const logger = createLogger({ level: 'silent' });

/** Commits a conversation with one report submission, as a turn would. */
async function commitSubmission(stores: Stores, conversationId: string, id: string): Promise<Submission> {
  const s: Submission = { id, kind: 'report', conversationId, createdAt: new Date().toISOString(), payload: { id, reference: `WG-${id}` } };
  const r = await stores.sessions.commit({
    conversationId,
    expectedVersion: 0,
    session: { id: conversationId },
    ttlSeconds: 600,
    history: [],
    publish: [],
    submissions: [s],
  });
  expect(r.ok).toBe(true);
  return s;
}

/** Enqueue fails the first `failures` times (Redis hiccup), then passes through. */
function flakyQueue(inner: DeliveryQueue, failures: number): Pick<DeliveryQueue, 'enqueue'> & { calls: number } {
  const q = {
    calls: 0,
    async enqueue(job: DeliveryJob) {
      q.calls += 1;
      if (failures > 0) {
        failures -= 1;
        throw new Error('queue unavailable');
      }
      return inner.enqueue(job);
    },
  };
  return q;
}

const lines = (file: string): JsonlLine[] =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as JsonlLine) : [];

describe.each(['memory', 'redis'] as const)('OutboxRelay (%s)', (kind) => {
  let redis: PrivateRedis | undefined;
  let dir: string;
  let file: string;
  const open: Stores[] = [];
  const queues: DeliveryQueue[] = [];
  const stores = (): Stores => {
    const s = createStores(kind === 'redis' ? { redisUrl: redis?.url } : {});
    open.push(s);
    return s;
  };
  /** The queue the process would use (BullMQ on the same Redis), with a worker writing the file. */
  const queue = (s: Stores, name = `relay-${randomUUID()}`): DeliveryQueue => {
    const backoff = { baseMs: 10, maxMs: 50 };
    const q: DeliveryQueue =
      kind === 'redis' ? new BullmqDeliveryQueue({ redisUrl: redis!.url, name, attempts: 3, backoff }) : new MemoryDeliveryQueue({ attempts: 3, backoff });
    const w = deliveryWorker({ router: singleSinkRouter(fileSink()), media: s.media, logger });
    q.startWorker(w.processor, w.options);
    queues.push(q);
    return q;
  };
  let sink: JsonlFileSink | undefined;
  const fileSink = (): JsonlFileSink => (sink ??= new JsonlFileSink(file));
  const router = () => singleSinkRouter(fileSink());

  beforeAll(async () => {
    // A server of our own: pendingSubmissions() spans every conversation, so a shared one would
    // hand this test other files' submissions.
    if (kind === 'redis') redis = await startPrivateRedis();
  });
  afterAll(async () => {
    if (redis) await stopPrivateRedis(redis);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-relay-'));
    file = path.join(dir, 'submissions.jsonl');
    sink = undefined;
  });
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
    for (const s of open.splice(0)) {
      const pending = await s.sessions.pendingSubmissions();
      for (const p of pending) await s.sessions.ackSubmission(p.conversationId, p.id);
      await s.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('queues one job per routed sink, acknowledges, and the worker delivers', async () => {
    const s = stores();
    const sub = await commitSubmission(s, `c-${kind}-1`, 'a1');
    const relay = new OutboxRelay({ store: s.sessions, queue: queue(s), router: router(), logger });
    expect(await relay.forwardOne(sub)).toEqual({ ok: true, jobs: 1 });
    expect(await s.sessions.pendingSubmissions()).toEqual([]);
    await waitFor(() => lines(file).length === 1);
    expect(lines(file).map((l) => l.id)).toEqual(['a1']);
  });

  it('leaves a submission pending when the queue fails; the next sweep queues it', async () => {
    const s = stores();
    const sub = await commitSubmission(s, `c-${kind}-2`, 'b1');
    const metrics = createMetrics();
    const q = flakyQueue(queue(s), 1);
    const relay = new OutboxRelay({ store: s.sessions, queue: q, router: router(), logger, metrics });
    expect(await relay.forwardOne(sub)).toMatchObject({ ok: false, code: 'enqueue_failed' });
    expect((await s.sessions.pendingSubmissions()).map((p) => p.id)).toEqual(['b1']);

    expect(await relay.forwardPending()).toBe(1);
    expect(await s.sessions.pendingSubmissions()).toEqual([]);
    await waitFor(() => lines(file).length === 1);
    expect((await metrics.submissionsPending.get()).values[0]?.value).toBe(0);
  });

  it('enqueue never throws or blocks, even when the queue fails', async () => {
    const s = stores();
    const sub = await commitSubmission(s, `c-${kind}-3`, 'c1');
    const q = flakyQueue(queue(s), 100);
    const relay = new OutboxRelay({ store: s.sessions, queue: q, router: router(), logger });
    expect(() => relay.enqueue([sub])).not.toThrow();
    await relay.idle();
    expect(q.calls).toBe(1);
    expect((await s.sessions.pendingSubmissions()).map((p) => p.id)).toEqual(['c1']);
  });

  it('settles a batch in one round trip: the reports\' records written, then every submission acknowledged; jobs carry no record', async () => {
    const s = stores();
    const subs: Submission[] = [];
    for (const n of [1, 2, 3]) {
      const conversationId = `c-${kind}-settle-${n}-${randomUUID()}`;
      const id = `r${n}-${randomUUID().slice(0, 8)}`;
      const reference = `WG-S${n}${id.slice(3, 7).toUpperCase()}`;
      const record = { reference, agencyId: 'public-works', categoryId: 'pothole', submittedAt: '2026-12-01T06:00:00.000Z', updatedAt: '2026-12-01T06:00:00.000Z', status: 'open' as const, owner: 'owner-settle' };
      const sub: Submission = { id, kind: 'report', conversationId, createdAt: new Date().toISOString(), payload: { id, reference }, record };
      const r = await s.sessions.commit({ conversationId, expectedVersion: 0, session: {}, ttlSeconds: 600, history: [], publish: [], submissions: [sub] });
      expect(r.ok).toBe(true);
      subs.push(sub);
    }
    const jobs: DeliveryJob[] = [];
    const take = (job: DeliveryJob) => (jobs.push(job), { id: `${job.submissionId}@${job.sinkKey}`, added: true });
    const q = { enqueue: async (job: DeliveryJob) => take(job), enqueueMany: async (many: readonly DeliveryJob[]) => many.map(take) };
    const relay = new OutboxRelay({ store: s.sessions, queue: q, router: router(), logger, settle: s.settleSubmissions });
    const trips = s.roundTrips();
    expect(await relay.forwardBatch(subs)).toEqual(subs.map(() => ({ ok: true, jobs: 1 })));
    if (kind === 'redis') expect(s.roundTrips() - trips).toBe(1);
    expect((await s.sessions.pendingSubmissions()).filter((p) => subs.some((x) => x.id === p.id))).toEqual([]);
    for (const sub of subs) expect(await s.reports.get(sub.record!.reference)).toEqual(sub.record);
    expect((await s.reports.ofOwner('owner-settle')).map((r) => r.reference).sort()).toEqual(subs.map((x) => x.record!.reference).sort());
    // The record is the relay's: no delivery job (no sink) sees it or its owner.
    expect(jobs).toHaveLength(3);
    for (const job of jobs) expect(job.submission).not.toHaveProperty('record');
  });

  it('a crash after enqueue and before ack: the sweep enqueues again, the job id makes it a no-op', async () => {
    const s = stores();
    const sub = await commitSubmission(s, `c-${kind}-6`, 'e1');
    const q = queue(s);
    // The first process got as far as the enqueue, then died before ackSubmission.
    await q.enqueue({ submissionId: sub.id, sinkKey: router().routes(sub)[0]!.sinkKey, submission: sub });
    await waitFor(() => lines(file).length === 1);
    const relay = new OutboxRelay({ store: s.sessions, queue: q, router: router(), logger });
    expect(await relay.forwardPending()).toBe(1);
    expect(await s.sessions.pendingSubmissions()).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    expect(lines(file).map((l) => l.id)).toEqual(['e1']);
  });

  if (kind === 'redis') {
    it('a crash after the commit and before the enqueue: a restarted process queues and delivers what was pending', async () => {
      const before = stores();
      await commitSubmission(before, 'c-redis-4', 'd1');
      await commitSubmission(before, 'c-redis-5', 'd2');
      await before.close(); // the "crash": committed, never queued
      open.splice(open.indexOf(before), 1);

      const after = stores();
      const relay = new OutboxRelay({ store: after.sessions, queue: queue(after), router: router(), logger });
      relay.start(60_000);
      await relay.forwardPending();
      relay.stop();
      expect(await after.sessions.pendingSubmissions()).toEqual([]);
      await waitFor(() => lines(file).length === 2);
      expect(lines(file).map((l) => l.id).sort()).toEqual(['d1', 'd2']);
    });
  }
});
