import { backoffDelay, deliveryJobId, type AttemptOutcome, type DeliveryJob, type DeliveryQueue } from '../../src/outbox/queue';
import { MemoryDeliveryQueue } from '../../src/outbox/memory-queue';
import { testRedisCluster } from '../setup/redis-cluster';
import { makeQueue, PermanentFailure, sub, waitFor, type QueueKind } from './support';

describe('backoffDelay', () => {
  it('doubles per attempt, is capped, and jitters within [exp/2, exp]', () => {
    const o = { baseMs: 1000, maxMs: 10_000 };
    expect(backoffDelay(1, { ...o, random: () => 1 })).toBe(1000);
    expect(backoffDelay(3, { ...o, random: () => 1 })).toBe(4000);
    expect(backoffDelay(3, { ...o, random: () => 0 })).toBe(2000);
    expect(backoffDelay(10, { ...o, random: () => 1 })).toBe(10_000);
  });
});

const QUEUES: readonly (readonly [string, QueueKind, (() => Promise<string>) | undefined])[] = [
  ['memory', 'memory', undefined],
  ['bullmq', 'bullmq', undefined],
  ['bullmq on a Redis Cluster', 'bullmq', testRedisCluster],
];

describe.each(QUEUES)('DeliveryQueue (%s)', (_label, kind, clusterUrl) => {
  const open: DeliveryQueue[] = [];
  let redisUrl: string | undefined;
  beforeAll(async () => {
    redisUrl = await clusterUrl?.();
  });
  const queue = (attempts = 4): DeliveryQueue => {
    const q = makeQueue(kind, attempts, redisUrl === undefined ? {} : { redisUrl });
    open.push(q);
    return q;
  };
  afterEach(async () => {
    for (const q of open.splice(0)) await q.close();
  });

  it('a job enqueued twice is processed once', async () => {
    const q = queue();
    const seen: string[] = [];
    const job: DeliveryJob = { submissionId: 's1', sinkKey: 'agency.0', submission: sub('s1') };
    expect(await q.enqueue(job)).toEqual({ id: deliveryJobId('s1', 'agency.0'), added: true });
    expect(await q.enqueue(job)).toEqual({ id: 's1@agency.0', added: false });
    q.startWorker(async (j) => {
      seen.push(j.submissionId);
    });
    await waitFor(() => seen.length === 1);
    expect(await q.enqueue(job)).toMatchObject({ added: false }); // completed ids are remembered
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toEqual(['s1']);
  });

  it('retries with backoff until the sink recovers, then delivers once', async () => {
    const q = queue(5);
    let calls = 0;
    const outcomes: AttemptOutcome['outcome'][] = [];
    q.startWorker(
      async () => {
        calls += 1;
        if (calls <= 3) throw new Error('agency down');
      },
      { onAttempt: (_j, r) => outcomes.push(r.outcome) },
    );
    await q.enqueue({ submissionId: 's2', sinkKey: 'a.0', submission: sub('s2') });
    await waitFor(() => outcomes.includes('delivered'));
    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'delivered']);
    expect(await q.deadLetters()).toEqual([]);
  });

  it('a permanent error is dead-lettered at once with its reason, and replay re-runs it', async () => {
    const q = queue(5);
    let fixed = false;
    let calls = 0;
    q.startWorker(async () => {
      calls += 1;
      if (!fixed) throw new PermanentFailure('rejected with 400', '400: service_code not found');
    });
    await q.enqueue({ submissionId: 's3', sinkKey: 'a.0', submission: sub('s3') });
    await waitFor(async () => (await q.deadLetters()).length === 1);
    const [dead] = await q.deadLetters();
    expect(dead).toMatchObject({ id: 's3@a.0', submissionId: 's3', sinkKey: 'a.0', attempts: 1 });
    expect(dead!.reason).toContain('400: service_code not found');
    expect(calls).toBe(1);

    fixed = true;
    expect(await q.replay('s3@a.0')).toBe(true);
    expect(await q.replay('nope@a.0')).toBe(false);
    await waitFor(() => calls === 2);
    await waitFor(async () => (await q.deadLetters()).length === 0);
  });

  it('retention purges dead letters that failed before the cutoff; newer ones stay', async () => {
    const q = queue(5);
    q.startWorker(async () => {
      throw new PermanentFailure('rejected with 400', '400: gone');
    });
    await q.enqueue({ submissionId: 'p1', sinkKey: 'a.0', submission: sub('p1') });
    await waitFor(async () => (await q.deadLetters()).length === 1);
    expect(await q.purgeDeadLetters(new Date(Date.now() - 3_600_000))).toBe(0);
    expect(await q.deadLetters()).toHaveLength(1);
    expect(await q.purgeDeadLetters(new Date(Date.now() + 1000))).toBe(1);
    expect(await q.deadLetters()).toEqual([]);
  });

  it('rewrites the submission a job carries, in any state ("delete my data")', async () => {
    const q = queue(5);
    q.startWorker(async () => {
      throw new PermanentFailure('rejected with 400', '400: gone');
    });
    await q.enqueue({ submissionId: 'r1', sinkKey: 'a.0', submission: sub('r1') });
    await waitFor(async () => (await q.deadLetters()).length === 1);
    expect(await q.rewriteSubmission('r1@a.0', (s) => ({ ...s, payload: { redacted: true } }))).toBe(true);
    expect((await q.deadLetters())[0]?.submission?.payload).toEqual({ redacted: true });
    expect(await q.rewriteSubmission('nope@a.0', (s) => s)).toBe(false);
  });

  it('dead-letters after the configured attempts', async () => {
    const q = queue(3);
    let calls = 0;
    q.startWorker(async () => {
      calls += 1;
      throw new Error('still down');
    });
    await q.enqueue({ submissionId: 's4', sinkKey: 'a.0', submission: sub('s4') });
    await waitFor(async () => (await q.deadLetters()).length === 1);
    expect(calls).toBe(3);
    expect((await q.deadLetters())[0]).toMatchObject({ attempts: 3, reason: 'still down' });
  });
});

describe('MemoryDeliveryQueue.drain (memory mode stopping on SIGTERM)', () => {
  it('delivers delayed retries at once and reports none left', async () => {
    // A backoff of a minute: without drain, the retry would outlive the process.
    const q = new MemoryDeliveryQueue({ attempts: 5, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    const delivered: string[] = [];
    let failFirst = true;
    q.startWorker(async (j) => {
      if (failFirst) {
        failFirst = false;
        throw new Error('agency down for a moment');
      }
      delivered.push(j.submissionId);
    });
    await q.enqueue({ submissionId: 'a', sinkKey: 'agency.0', submission: sub('a') });
    await q.enqueue({ submissionId: 'b', sinkKey: 'agency.0', submission: sub('b') });
    await waitFor(() => q.counts().delayed === 1);
    expect(await q.drain(5000)).toBe(0);
    expect(delivered.sort()).toEqual(['a', 'b']);
    await q.close();
  });

  it('says how many are left when the agency does not answer in time', async () => {
    const q = new MemoryDeliveryQueue({ attempts: 5, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    q.startWorker(() => new Promise<void>(() => undefined)); // never answers
    await q.enqueue({ submissionId: 'a', sinkKey: 'agency.0', submission: sub('a') });
    await q.enqueue({ submissionId: 'b', sinkKey: 'agency.1', submission: sub('b') });
    expect(await q.drain(100)).toBe(2);
  });
});
