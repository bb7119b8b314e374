/**
 * Batched hand-over (relay.ts, enqueueMany): submissions committed together go to the queue in
 * one addBulk and are acknowledged after it. BullMQ's addBulk is a pipeline, not a transaction:
 * a connection lost half-way leaves part of a batch added. These tests check that window: none
 * of the batch is acknowledged, the next sweep adds the rest (the added part being no-ops),
 * and every submission reaches the agency exactly once, with its Idempotency-Key.
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/log';
import { deliveryWorker } from '../../src/outbox/delivery';
import type { DeliveryJob, DeliveryQueue } from '../../src/outbox/queue';
import { OutboxRelay } from '../../src/outbox/relay';
import { singleSinkRouter } from '../../src/outbox/routing';
import { WebhookSink } from '../../src/sinks/webhook';
import { MemorySessionStore } from '../../src/state/memory-store';
import type { Submission } from '../../src/state/types';
import { report } from '../sinks/open311/fixtures';
import { SECRET, startReceiver, type Receiver } from '../sinks/webhook/support';
import { testRedisCluster } from '../setup/redis-cluster';
import { makeQueue, waitFor, type QueueKind } from './support';

const logger = createLogger({ level: 'silent' });
const noMedia = { put: async () => undefined, get: async () => null, delete: async () => undefined };

async function commitAll(store: MemorySessionStore, n: number): Promise<Submission[]> {
  const tag = randomUUID().slice(0, 8);
  const out: Submission[] = [];
  for (let i = 0; i < n; i += 1) {
    const id = `sub-${tag}-${i}`;
    const s: Submission = { id, kind: 'report', conversationId: `conv-${id}`, createdAt: '2026-11-27T10:00:00.000Z', payload: report({ id }) };
    const r = await store.commit({ conversationId: s.conversationId, expectedVersion: 0, session: {}, ttlSeconds: 600, history: [], publish: [], submissions: [s] });
    if (!r.ok) throw new Error('commit failed');
    out.push(s);
  }
  return out;
}

/** The queue as a dropped connection leaves it: the first `addFirst` jobs of the next batch added, then an error. */
function droppingMidBatch(inner: DeliveryQueue, addFirst: number): Pick<DeliveryQueue, 'enqueue' | 'enqueueMany'> & { drops: number } {
  const q = {
    drops: 1,
    enqueue: (job: DeliveryJob) => inner.enqueue(job),
    async enqueueMany(jobs: readonly DeliveryJob[]) {
      if (q.drops === 0) return inner.enqueueMany(jobs);
      q.drops -= 1;
      await inner.enqueueMany(jobs.slice(0, addFirst));
      throw new Error('Connection is closed.');
    },
  };
  return q;
}

const QUEUES: readonly (readonly [string, QueueKind, (() => Promise<string>) | undefined])[] = [
  ['memory', 'memory', undefined],
  ['bullmq', 'bullmq', undefined],
  ['bullmq on a Redis Cluster', 'bullmq', testRedisCluster],
];

describe.each(QUEUES)('batched hand-over (%s queue)', (_label, kind, clusterUrl) => {
  let receiver: Receiver;
  let redisUrl: string | undefined;
  const queues: DeliveryQueue[] = [];
  beforeAll(async () => {
    receiver = await startReceiver();
    redisUrl = await clusterUrl?.();
  });
  afterAll(async () => {
    await receiver.close();
  });
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
  });

  function setup(): { queue: DeliveryQueue; router: ReturnType<typeof singleSinkRouter> } {
    const queue = makeQueue(kind, 4, redisUrl === undefined ? {} : { redisUrl });
    queues.push(queue);
    const router = singleSinkRouter(new WebhookSink({ url: receiver.url('/hook'), secret: SECRET }));
    const w = deliveryWorker({ router, media: noMedia, logger });
    queue.startWorker(w.processor, w.options);
    return { queue, router };
  }

  const deliveriesOf = (ids: readonly string[]): number[] => {
    const counts = new Map<string, number>();
    for (const r of receiver.requests) {
      const key = String(r.headers['idempotency-key']);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return ids.map((id) => counts.get(id) ?? 0);
  };

  it('a batch half added when Redis drops: nothing acknowledged; the sweep adds the rest; each delivered once', async () => {
    const { queue, router } = setup();
    const store = new MemorySessionStore();
    const subs = await commitAll(store, 10);
    const dropping = droppingMidBatch(queue, 5);
    const relay = new OutboxRelay({ store, queue: dropping, router, logger });

    relay.enqueue(subs); // as runTurn does after the commits: one batch
    await relay.idle();
    expect(dropping.drops).toBe(0);
    expect((await store.pendingSubmissions()).map((s) => s.id).sort()).toEqual(subs.map((s) => s.id).sort());

    expect(await relay.forwardPending()).toBe(10);
    expect(await store.pendingSubmissions()).toEqual([]);
    const ids = subs.map((s) => s.id);
    await waitFor(() => deliveriesOf(ids).every((n) => n >= 1));
    await new Promise((r) => setTimeout(r, 200));
    expect(deliveriesOf(ids)).toEqual(ids.map(() => 1));
    expect(receiver.rejected).toEqual([]);
  });

  it('reports which jobs of a batch were new: the half added before the drop are duplicates', async () => {
    const { queue, router } = setup();
    const subs = await commitAll(new MemorySessionStore(), 4);
    const jobs = subs.map((s) => ({ submissionId: s.id, sinkKey: router.routes(s)[0]!.sinkKey, submission: s }));
    await expect(droppingMidBatch(queue, 2).enqueueMany(jobs)).rejects.toThrow('Connection is closed.');
    expect((await queue.enqueueMany(jobs)).map((r) => r.added)).toEqual([false, false, true, true]);
    // The same job twice in one batch is added once.
    const again = await commitAll(new MemorySessionStore(), 1);
    const job = { submissionId: again[0]!.id, sinkKey: jobs[0]!.sinkKey, submission: again[0]! };
    expect((await queue.enqueueMany([job, job])).map((r) => r.added)).toEqual([true, false]);
  });

  it('many submissions handed over at once (more than one batch) are all queued, acknowledged and delivered once', async () => {
    const { queue, router } = setup();
    const store = new MemorySessionStore();
    const subs = await commitAll(store, 1_200);
    const relay = new OutboxRelay({ store, queue, router, logger });
    for (const s of subs) relay.enqueue([s]);
    await relay.idle();
    expect(await store.pendingSubmissions()).toEqual([]);
    const ids = subs.map((s) => s.id);
    await waitFor(() => deliveriesOf(ids).every((n) => n >= 1), 30_000);
    expect(deliveriesOf(ids).filter((n) => n !== 1)).toEqual([]);
  });
});
