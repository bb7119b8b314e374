/**
 * Issue 5: a crash between committing a session and delivering its submission, or in the middle
 * of a delivery, loses nothing and duplicates nothing.
 *
 * Each test runs a real WeGov outbox (RedisSessionStore, BullmqDeliveryQueue, OutboxRelay,
 * deliveryWorker, SinkRouter -> WebhookSink) in a child process (crash-child.ts), SIGKILLs it at
 * one step, then starts a fresh child that recovers as a restarted process would (sweep at start,
 * workers with BullMQ's stalled-job recovery), and checks what the agency's receiver got.
 * Every child gets a queue of its own and sweeps only its own conversation, so other test files
 * on the shared Redis neither see nor disturb it.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { RedisClient } from '../../src/state/redis-connection';
import { BullmqDeliveryQueue } from '../../src/outbox/bullmq-queue';
import { MemoryCaseStore } from '../../src/cases';
import { createLogger } from '../../src/log';
import { crashedDeadLetterAnnouncer, type DeadLetterNotice } from '../../src/outbox/dead-letter-alerts';
import { deliveryJobId } from '../../src/outbox/queue';
import { OutboxRelay } from '../../src/outbox/relay';
import type { SessionStore } from '../../src/state/types';
import { createRedisClient } from '../../src/state/redis-connection';
import { historyKey, outboxKey, sessionKey } from '../../src/state/redis-keys';
import { testRedisUrl } from '../setup/redis';
import { sampleReport, sampleSubmission } from '../sinks/webhook/support';
import { spawnTsChild, type TsChild } from '../support/ts-child';
import { startCrashReceiver, type ChildConfig, type ChildMessage, type CrashReceiver } from './crash-support';
import { waitFor } from './support';

const CHILD = path.join(__dirname, 'crash-child.ts');
const SECRET = 'crash-test-secret-5d1e';
const SINK_KEY = 'public-works.0';
/** Stalled-job recovery needs the dead lock to expire (1 s) and two stalled checks (1 s apart). */
const RECOVERY_MS = 15_000;

// Each test starts and kills child processes several times: minutes on a loaded 2-core machine.
jest.setTimeout(180_000);

let receiver: CrashReceiver;
let redis: RedisClient;
const children: TsChild<ChildMessage>[] = [];
const queues: BullmqDeliveryQueue[] = [];
const conversations: string[] = [];

beforeAll(async () => {
  receiver = await startCrashReceiver(SECRET);
  redis = createRedisClient(testRedisUrl());
});

afterEach(async () => {
  // A failed test must not leave a process delivering in the background.
  await Promise.all(children.splice(0).map((c) => c.kill()));
});

afterAll(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
  for (const q of queues.splice(0)) {
    await q.queue.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  if (redis) {
    for (const c of conversations) await redis.del(outboxKey(c), sessionKey(c), historyKey(c)).catch(() => undefined);
    redis.disconnect();
  }
  await receiver?.close();
});

/** One submission, one queue, and the children that handle them. */
function scenario() {
  const tag = randomUUID().slice(0, 8);
  const id = `sub_crash_${tag}`;
  const conversationId = `web:crash-${randomUUID()}`;
  conversations.push(conversationId);
  const submission = sampleSubmission(sampleReport({ id, conversationId, reference: `WG-C${tag.toUpperCase()}` }));
  const queueName = `crash-${randomUUID()}`;
  // For inspection only (no worker): job state and dead letters, as an operator would see them.
  const inspect = new BullmqDeliveryQueue({ redisUrl: testRedisUrl(), name: queueName });
  queues.push(inspect);
  const jobId = deliveryJobId(id, SINK_KEY);

  return {
    id,
    reference: `WG-C${tag.toUpperCase()}`,
    jobId,
    inspect,
    start(cfg: Pick<ChildConfig, 'role' | 'workers'> & Partial<ChildConfig>): TsChild<ChildMessage> {
      const full: ChildConfig = {
        redisUrl: testRedisUrl(),
        queueName,
        hookUrl: receiver.url,
        secret: SECRET,
        submission,
        attempts: 5,
        backoffMs: 2000,
        ...cfg,
      };
      const child = spawnTsChild<ChildMessage>(CHILD, { CRASH_CHILD_CONFIG: JSON.stringify(full) });
      children.push(child);
      return child;
    },
    /** BullMQ's state of the delivery job, `missing` when there is none. */
    async state(): Promise<string> {
      const job = await inspect.queue.getJob(jobId);
      return job ? job.getState() : 'missing';
    },
    /** Submission ids still in the conversation's outbox (committed, not acknowledged). */
    outbox: () => redis.hkeys(outboxKey(conversationId)),
  };
}

/** Graceful stop (waits for jobs in progress): after it, nothing more can reach the receiver. */
async function stop(child: TsChild<ChildMessage>): Promise<void> {
  child.send({ type: 'stop' });
  await child.waitForMessage((m) => m.type === 'closed');
  expect(await child.exited).toEqual({ code: 0, signal: null });
}

/**
 * The process dies in the middle of the delivery (the agency got the POST, the answer never
 * came back); the restarted one recovers the stalled job and dies in the middle of it too.
 */
async function killMidDeliveryTwice(t: ReturnType<typeof scenario>, attempts?: number): Promise<void> {
  const opts = attempts !== undefined ? { attempts } : {};
  receiver.script(t.id, ['hold', 'hold']);
  const a = t.start({ role: 'turn', workers: true, ...opts });
  await waitFor(() => receiver.postsFor(t.id).length === 1, 60_000);
  await a.kill();
  receiver.releaseHeld();
  const b = t.start({ role: 'recover', workers: true, ...opts });
  await waitFor(() => receiver.postsFor(t.id).length === 2, RECOVERY_MS);
  await b.kill();
  receiver.releaseHeld();
}

const attempts = (child: TsChild<ChildMessage>) => child.messages.filter((m) => m.type === 'attempt');
const statuses = (id: string) => receiver.postsFor(id).map((p) => p.status);

describe('a crash anywhere between the commit and the delivery', () => {
  it('killed after the commit, before the enqueue: the sweep at restart queues it, delivered exactly once', async () => {
    const t = scenario();
    const a = t.start({ role: 'turn', workers: false, killAt: 'enqueue' });
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(a.messages).toEqual([expect.objectContaining({ type: 'committed' })]);
    // Committed and durable, but nothing queued and nothing sent.
    expect(await t.outbox()).toEqual([t.id]);
    expect(await t.state()).toBe('missing');
    expect(receiver.postsFor(t.id)).toEqual([]);

    const b = t.start({ role: 'recover', workers: true });
    await b.waitForMessage((m) => m.type === 'swept');
    expect(b.messages).toContainEqual({ type: 'enqueued', id: t.jobId, added: true });
    expect(b.messages).toContainEqual({ type: 'swept', forwarded: 1 });
    await waitFor(async () => (await t.state()) === 'completed', 60_000);
    await stop(b);

    expect(statuses(t.id)).toEqual([201]);
    expect(await t.outbox()).toEqual([]);
    expect(attempts(b)).toEqual([{ type: 'attempt', outcome: 'delivered', attempt: 1 }]);
    expect(receiver.rejected).toEqual([]);
  });

  it('killed after the enqueue, before the ack: the re-sweep is a no-op on the same job id, one delivery', async () => {
    const t = scenario();
    const a = t.start({ role: 'turn', workers: false, killAt: 'ack' });
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(a.messages).toEqual([expect.objectContaining({ type: 'committed' }), { type: 'enqueued', id: t.jobId, added: true }]);
    // Queued, and still pending in the store: the restart will hand it over a second time.
    expect(await t.outbox()).toEqual([t.id]);
    expect(await t.state()).toBe('waiting');

    const b = t.start({ role: 'recover', workers: true });
    await b.waitForMessage((m) => m.type === 'swept');
    expect(b.messages).toContainEqual({ type: 'enqueued', id: t.jobId, added: false });
    expect(b.messages).toContainEqual({ type: 'acked', submissionId: t.id });
    await waitFor(async () => (await t.state()) === 'completed', 60_000);
    await stop(b);

    expect(statuses(t.id)).toEqual([201]);
    expect(await t.outbox()).toEqual([]);
    expect(attempts(b)).toEqual([{ type: 'attempt', outcome: 'delivered', attempt: 1 }]);
    expect(receiver.rejected).toEqual([]);
  });

  it('killed mid-delivery (the agency got the POST, the 2xx never came back): stalled-job recovery re-delivers with the same Idempotency-Key', async () => {
    const t = scenario();
    receiver.script(t.id, ['hold']);
    const a = t.start({ role: 'turn', workers: true });
    await waitFor(() => receiver.postsFor(t.id).length === 1, 60_000);
    await waitFor(async () => (await t.outbox()).length === 0); // queued and acknowledged
    expect(await t.state()).toBe('active');
    // The answer is still held by the receiver: the process dies with the request in flight.
    expect(await a.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(attempts(a)).toEqual([]);
    receiver.releaseHeld();
    expect(await t.state()).toBe('active'); // locked by a dead worker

    const b = t.start({ role: 'recover', workers: true });
    await waitFor(async () => (await t.state()) === 'completed', RECOVERY_MS);
    await stop(b);

    const posts = receiver.postsFor(t.id);
    expect(posts).toHaveLength(2);
    const [first, second] = posts as [(typeof posts)[0], (typeof posts)[0]];
    expect(new Set(posts.map((p) => p.headers['idempotency-key']))).toEqual(new Set([t.id]));
    expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
    expect(second.raw).toBe(first.raw); // the same payload, byte for byte
    // No answer to the first; the agency recognises the second as a duplicate (200, not 201).
    expect(posts.map((p) => p.status)).toEqual([undefined, 200]);
    expect(attempts(b)).toEqual([expect.objectContaining({ outcome: 'delivered' })]);
    expect(await t.inspect.deadLetters()).toEqual([]);
    expect(await t.outbox()).toEqual([]);
    expect(receiver.rejected).toEqual([]);
  });

  /**
   * Regression: with BullMQ's default `maxStalledCount: 1` the second crash in the middle of the
   * same job's delivery moved it to the failed set ("job stalled more than allowable limit")
   * after 1 attempt, silently. The queue now allows as many stalls as attempts.
   */
  it('killed mid-delivery twice in a row (two restarts): still delivered, not dead-lettered', async () => {
    const t = scenario();
    await killMidDeliveryTwice(t);
    const c = t.start({ role: 'recover', workers: true });
    await waitFor(async () => ['completed', 'failed'].includes(await t.state()), RECOVERY_MS);
    const deadLetters = await t.inspect.deadLetters();
    await stop(c);
    expect(deadLetters).toEqual([]);
    expect(await t.state()).toBe('completed');
    expect(statuses(t.id)).toEqual([undefined, undefined, 200]);
  });

  it("a job whose workers keep dying runs out of attempts: any process's next sweep tells the agency, once", async () => {
    const t = scenario();
    await killMidDeliveryTwice(t, 1);
    // One crash per attempt allowed: the next stalled check gives up on the job.
    const c = t.start({ role: 'recover', workers: true, attempts: 1 });
    await waitFor(async () => (await t.state()) === 'failed', RECOVERY_MS);
    await stop(c);
    const [dead] = await t.inspect.deadLetters();
    expect(dead).toMatchObject({ id: t.jobId, submissionId: t.id, crashed: true });

    // No attempt reported it, so the sweep does: once, even when sweeps repeat.
    const notices: DeadLetterNotice[] = [];
    const onDeadLetters = crashedDeadLetterAnnouncer({
      cases: new MemoryCaseStore(),
      router: { agencyOf: () => 'public-works', alerts: () => [{ kind: 'test', announce: async (n) => void notices.push(n) }] },
      logger: createLogger({ level: 'silent' }),
    });
    const noPending = { pendingSubmissions: async () => [], ackSubmission: async () => undefined } as unknown as SessionStore;
    const relay = new OutboxRelay({ store: noPending, queue: t.inspect, router: { routes: () => [] }, logger: createLogger({ level: 'silent' }), onDeadLetters });
    await relay.forwardPending();
    await relay.forwardPending();
    expect(notices).toEqual([expect.objectContaining({ jobId: t.jobId, agencyId: 'public-works', reference: t.reference, permanent: false })]);
    expect(notices[0]!.reason).toMatch(/stalled/);
  });

  describe('a delivery that fails (500, then 200) across a kill: exactly one accepted delivery', () => {
    it('killed while the retry waits (failure recorded, job delayed)', async () => {
      const t = scenario();
      receiver.script(t.id, [{ status: 500 }, 'accept']);
      const a = t.start({ role: 'turn', workers: true, backoffMs: 3000 }); // retry in 1.5-3 s
      await a.waitForMessage((m) => m.type === 'attempt' && m.outcome === 'retry');
      await waitFor(async () => (await t.state()) === 'delayed');
      expect(await a.kill()).toEqual({ code: null, signal: 'SIGKILL' });
      expect(statuses(t.id)).toEqual([500]);

      const b = t.start({ role: 'recover', workers: true });
      await waitFor(async () => (await t.state()) === 'completed', RECOVERY_MS);
      await stop(b);

      expect(statuses(t.id)).toEqual([500, 201]);
      expect(receiver.postsFor(t.id).filter((p) => p.status !== undefined && p.status < 300)).toHaveLength(1);
      expect(new Set(receiver.postsFor(t.id).map((p) => p.raw)).size).toBe(1);
      expect(attempts(b)).toEqual([{ type: 'attempt', outcome: 'delivered', attempt: 2 }]);
      expect(await t.inspect.deadLetters()).toEqual([]);
      expect(receiver.rejected).toEqual([]);
    });

    it('killed between the 500 and BullMQ recording the failure (job left active)', async () => {
      const t = scenario();
      receiver.script(t.id, [{ status: 500 }, 'accept']);
      const a = t.start({ role: 'turn', workers: true, killAt: 'retry' });
      expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(attempts(a)).toEqual([{ type: 'attempt', outcome: 'retry', attempt: 1 }]);
      expect(statuses(t.id)).toEqual([500]);
      expect(await t.state()).toBe('active');

      const b = t.start({ role: 'recover', workers: true });
      await waitFor(async () => (await t.state()) === 'completed', RECOVERY_MS);
      await stop(b);

      expect(statuses(t.id)).toEqual([500, 201]);
      expect(new Set(receiver.postsFor(t.id).map((p) => p.headers['idempotency-key']))).toEqual(new Set([t.id]));
      expect(new Set(receiver.postsFor(t.id).map((p) => p.raw)).size).toBe(1);
      expect(attempts(b)).toEqual([expect.objectContaining({ outcome: 'delivered' })]);
      expect(await t.inspect.deadLetters()).toEqual([]);
      expect(receiver.rejected).toEqual([]);
    });
  });
});
