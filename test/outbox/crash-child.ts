/**
 * A WeGov process for test/outbox/crash.test.ts, run in a child process (test/support/ts-child.ts)
 * so the test can SIGKILL it. The real components: RedisSessionStore on the test Redis,
 * BullmqDeliveryQueue (own queue name, 1 s locks so stalled-job recovery is quick), OutboxRelay,
 * deliveryWorker and SinkRouter with a webhook sink pointed at the test's receiver.
 *
 * Roles (CRASH_CHILD_CONFIG JSON, see ChildConfig):
 * - `turn`: what a turn does: commit the session with the submission, then hand it to the relay.
 *   Workers optional. Stays alive (delivering, if workers are on) until killed or told to stop.
 * - `recover`: a restarted process: workers, and the relay's sweep at start.
 *
 * Fault injection (`killAt`): the real methods are wrapped so the process SIGKILLs itself at
 * that point: `enqueue` (committed, nothing queued), `ack` (queued, not acknowledged), `retry`
 * (a delivery failed and BullMQ has not yet recorded the failure).
 */
import type { Catalog } from '../../src/catalog/types';
import { createLogger } from '../../src/log';
import { BullmqDeliveryQueue } from '../../src/outbox/bullmq-queue';
import { deliveryWorker } from '../../src/outbox/delivery';
import { OutboxRelay } from '../../src/outbox/relay';
import { SinkRouter } from '../../src/outbox/routing';
import { createRedisClient } from '../../src/state/redis-connection';
import { RedisSessionStore } from '../../src/state/redis-store';
import type { MediaStore, Submission } from '../../src/state/types';
import type { ChildConfig, ChildMessage } from './crash-support';

const cfg = JSON.parse(process.env.CRASH_CHILD_CONFIG ?? 'null') as ChildConfig;
if (!cfg) throw new Error('CRASH_CHILD_CONFIG is unset');

const report = (m: ChildMessage): void => {
  process.send?.(m);
};
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL did not stop the process');
};

// The test going away (or the runner crashing) must not leave this process running.
process.on('disconnect', () => process.exit(3));
process.on('unhandledRejection', (err) => {
  process.stderr.write(`crash-child: unhandled rejection: ${String((err as Error)?.stack ?? err)}\n`);
  process.exit(2);
});

async function main(): Promise<void> {
  const logger = createLogger({ level: process.env.CRASH_CHILD_LOG ?? 'silent' });
  const noMedia: MediaStore = { put: async () => undefined, get: async () => null, delete: async () => undefined };
  const store = new RedisSessionStore({ client: createRedisClient(cfg.redisUrl) });
  const queue = new BullmqDeliveryQueue({
    redisUrl: cfg.redisUrl,
    name: cfg.queueName,
    attempts: cfg.attempts,
    backoff: { baseMs: cfg.backoffMs, maxMs: cfg.backoffMs },
    lockDurationMs: 1000,
    stalledIntervalMs: 1000,
  });
  const catalog = {
    agencies: [{ id: 'public-works', name: { en: 'PW' }, sinks: [{ type: 'webhook', url: cfg.hookUrl, secretEnv: 'CRASH_HOOK_SECRET' }] }],
    categories: [{ id: 'pothole', agency: 'public-works' }],
  } as unknown as Catalog;
  const router = new SinkRouter({ catalog, submissionsFile: '/tmp/wegov-crash-unused.jsonl', env: { CRASH_HOOK_SECRET: cfg.secret }, logger });

  // The shared test Redis holds other files' outboxes: this process sweeps only its own conversation.
  const pendingSubmissions = store.pendingSubmissions.bind(store);
  store.pendingSubmissions = async () => (await pendingSubmissions()).filter((s) => s.conversationId === cfg.submission.conversationId);

  const enqueueMany = queue.enqueueMany.bind(queue);
  queue.enqueueMany = async (jobs) => {
    if (cfg.killAt === 'enqueue') die();
    const results = await enqueueMany(jobs);
    for (const result of results) report({ type: 'enqueued', id: result.id, added: result.added });
    return results;
  };
  queue.enqueue = async (job) => (await queue.enqueueMany([job]))[0]!;
  const ackSubmission = store.ackSubmission.bind(store);
  store.ackSubmission = async (conversationId, submissionId) => {
    if (cfg.killAt === 'ack') die();
    await ackSubmission(conversationId, submissionId);
    report({ type: 'acked', submissionId });
  };

  const relay = new OutboxRelay({ store, queue, router, logger });
  const worker = deliveryWorker({ router, media: noMedia, logger });
  const onAttempt = worker.options.onAttempt;
  if (cfg.workers) {
    queue.startWorker(worker.processor, {
      ...worker.options,
      onAttempt: (job, result) => {
        onAttempt?.(job, result);
        report({ type: 'attempt', outcome: result.outcome, attempt: result.attempt });
        // Inside the processor, after the agency's answer and before BullMQ records the failure.
        if (cfg.killAt === 'retry' && result.outcome === 'retry') die();
      },
    });
  }

  let stopping = false;
  process.on('message', (m: { type?: string }) => {
    if (m?.type !== 'stop' || stopping) return;
    stopping = true;
    void (async () => {
      relay.stop();
      await relay.idle();
      await queue.close();
      await store.close();
      report({ type: 'closed' });
      process.disconnect?.();
      process.exit(0);
    })();
  });

  if (cfg.role === 'turn') {
    const s: Submission = cfg.submission;
    const result = await store.commit({
      conversationId: s.conversationId,
      expectedVersion: 0,
      session: { step: 'done' },
      ttlSeconds: 600,
      history: [],
      publish: [],
      submissions: [s],
    });
    if (!result.ok) throw new Error(`commit failed: ${result.reason}`);
    report({ type: 'committed', version: result.version });
    relay.enqueue([s]); // as runTurn does: fire and forget after the commit
    await relay.idle();
    report({ type: 'handed-over' });
  } else {
    relay.start(); // the sweep at start, as every process does
    const forwarded = await relay.forwardPending();
    report({ type: 'swept', forwarded });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-child: ${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
