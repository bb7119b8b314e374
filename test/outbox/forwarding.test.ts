/**
 * End to end through the outbox: relay -> queue (memory, and BullMQ on the run's Redis) ->
 * worker -> real sinks over HTTP to a local webhook receiver that verifies signatures and to
 * the validating fake Open311 server.
 */
import { randomUUID } from 'node:crypto';
import type { AlertConfig, Catalog, SinkConfig } from '../../src/catalog/types';
import { listDeadLetters, replayDeadLetter } from '../../src/cli/outbox';
import { createLogger } from '../../src/log';
import { deliveryWorker } from '../../src/outbox/delivery';
import type { DeliveryQueue } from '../../src/outbox/queue';
import { OutboxRelay } from '../../src/outbox/relay';
import { SinkRouter } from '../../src/outbox/routing';
import { createMetrics } from '../../src/metrics';
import { MemorySessionStore } from '../../src/state/memory-store';
import type { SessionStore, Submission } from '../../src/state/types';
import { FakeOpen311Server } from '../sinks/open311/fake-open311-server';
import { report } from '../sinks/open311/fixtures';
import { SECRET, startReceiver, type Receiver } from '../sinks/webhook/support';
import { makeQueue, waitFor, type QueueKind } from './support';

const logger = createLogger({ level: 'silent' });
const noMedia = { put: async () => undefined, get: async () => null, delete: async () => undefined };

function catalog(sinks: SinkConfig[], alerts: AlertConfig[] = []): Catalog {
  return { agencies: [{ id: 'public-works', name: { en: 'PW' }, sinks, alerts }], categories: [{ id: 'pothole', agency: 'public-works' }] } as unknown as Catalog;
}

async function eventuallyFound<T>(find: () => T | undefined): Promise<T> {
  await waitFor(() => find() !== undefined);
  return find()!;
}

function submission(id = `sub-${randomUUID().slice(0, 8)}`): Submission {
  return { id, kind: 'report', conversationId: `conv-${id}`, createdAt: '2026-11-27T10:00:00.000Z', payload: report({ id }) };
}

/** A store holding one committed submission, as after a turn. */
async function committed(s: Submission): Promise<SessionStore> {
  const store = new MemorySessionStore();
  await store.commit({ conversationId: s.conversationId, expectedVersion: 0, session: {}, ttlSeconds: 600, history: [], publish: [], submissions: [s] });
  return store;
}

describe.each(['memory', 'bullmq'] as QueueKind[])('forwarding through the outbox (%s queue)', (kind) => {
  let receiver: Receiver;
  let open311: FakeOpen311Server;
  const queues: DeliveryQueue[] = [];
  beforeAll(async () => {
    receiver = await startReceiver();
    open311 = await new FakeOpen311Server().start();
  });
  afterAll(async () => {
    await receiver.close();
    await open311.stop();
  });
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
  });

  function setup(sinks: SinkConfig[], attempts = 4, alerts: AlertConfig[] = []) {
    const router = new SinkRouter({ catalog: catalog(sinks, alerts), submissionsFile: '/tmp/wegov-unused.jsonl', env: { HOOK_SECRET: SECRET }, logger });
    const queue = makeQueue(kind, attempts);
    queues.push(queue);
    const metrics = createMetrics();
    const w = deliveryWorker({ router, media: noMedia, logger, metrics });
    queue.startWorker(w.processor, w.options);
    return { router, queue, metrics };
  }

  it('webhook: delivered once even when the submission is handed over twice', async () => {
    const { router, queue, metrics } = setup([{ type: 'webhook', url: receiver.url('/hook'), secretEnv: 'HOOK_SECRET' }]);
    const s = submission();
    const store = await committed(s);
    const relay = new OutboxRelay({ store, queue, router, logger });
    expect(await relay.forwardOne(s)).toEqual({ ok: true, jobs: 1 });
    // The same submission again (a sweep racing the first hand-over, or a crash before the ack).
    await queue.enqueue({ submissionId: s.id, sinkKey: 'public-works.0', submission: s });
    await waitFor(() => receiver.requests.some((r) => r.headers['idempotency-key'] === s.id));
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.requests.filter((r) => r.headers['idempotency-key'] === s.id)).toHaveLength(1);
    expect(receiver.rejected).toEqual([]);
    expect(await store.pendingSubmissions()).toEqual([]);
    expect((await metrics.deliveries.get()).values).toEqual([expect.objectContaining({ labels: { sink: 'public-works.0', outcome: 'delivered' }, value: 1 })]);
  });

  it('open311: the agency is down for three attempts, then back: one case', async () => {
    const { router, queue, metrics } = setup([{ type: 'open311', endpoint: open311.endpoint }], 6);
    for (let i = 0; i < 3; i += 1) open311.nextPost.push((res) => void res.status(503).json([{ code: 503, description: 'maintenance' }]));
    const s = submission();
    const before = open311.cases.size;
    await new OutboxRelay({ store: await committed(s), queue, router, logger }).forwardOne(s);
    await waitFor(() => open311.cases.size === before + 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(open311.cases.size).toBe(before + 1);
    expect(open311.violations).toEqual([]);
    const outcomes = (await metrics.deliveries.get()).values.map((v) => [v.labels.outcome, v.value]);
    expect(outcomes).toEqual(expect.arrayContaining([['retry', 3], ['delivered', 1]]));
    expect(await queue.deadLetters()).toEqual([]);
  });

  it("open311: a permanent 400 is a dead letter with the agency's reason; announced to the agency; listed; replayed after the fix", async () => {
    const { router, queue, metrics } = setup([{ type: 'open311', endpoint: open311.endpoint }], 6, [{ type: 'webhook', url: receiver.url('/hook'), secretEnv: 'HOOK_SECRET' }]);
    open311.nextPost.push((res) => void res.status(400).json([{ code: 400, description: 'service_code 001 is retired' }]));
    const s = submission();
    const before = open311.cases.size;
    await new OutboxRelay({ store: await committed(s), queue, router, logger }).forwardOne(s);
    await waitFor(async () => (await queue.deadLetters()).length === 1);
    const [dead] = await queue.deadLetters();
    expect(dead).toMatchObject({ id: `${s.id}@public-works.0`, submissionId: s.id, sinkKey: 'public-works.0', attempts: 1 });
    expect(dead!.reason).toContain('400: service_code 001 is retired');
    expect((await metrics.deadLettersTotal.get()).values[0]?.value).toBe(1);

    // The agency hears of it on its alerts webhook: signed (the receiver verified it), ids and
    // the reason only, nothing personal, with a key of its own.
    const alert = await eventuallyFound(() => receiver.requests.find((r) => (r.body as { submission_id?: string }).submission_id === s.id));
    expect(alert.body).toMatchObject({
      type: 'delivery.dead_lettered',
      version: 1,
      job_id: `${s.id}@public-works.0`,
      reference: 'WG-7K3QX9',
      agency_id: 'public-works',
      sink: 'public-works.0',
      attempts: 1,
      permanent: true,
    });
    expect((alert.body as { reason: string }).reason).toContain('service_code 001 is retired');
    expect(alert.raw).not.toMatch(/pothole in the right lane|30\.2672|97\.7431|description/i);
    expect(String(alert.headers['idempotency-key'])).toMatch(new RegExp(`^dead-letter:${s.id}@public-works.0:`));

    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(`ERR ${l}`) };
    expect(await listDeadLetters(queue, io)).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`${s.id}@public-works.0 \\| ${s.id} \\| public-works.0 \\| 1 \\| .* \\| .*service_code 001 is retired`));

    // The agency fixed its service list: the next POST succeeds.
    expect(await replayDeadLetter(queue, `${s.id}@public-works.0`, io)).toBe(0);
    await waitFor(() => open311.cases.size === before + 1);
    await waitFor(async () => (await queue.deadLetters()).length === 0);
    expect(await replayDeadLetter(queue, 'nope@x.0', io)).toBe(1);
  });
});
