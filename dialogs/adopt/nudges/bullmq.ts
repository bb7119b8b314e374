/**
 * Nudges as BullMQ jobs on the stores' Redis (connection, worker and close from the shared base,
 * src/queues/bullmq-base.ts: a hash-tagged prefix so every key of the queue, and ours, hashes to
 * one Redis Cluster slot). One
 * job per (nudge, adopter), job id `n.<nudge id>.<adopter>`: BullMQ ignores an add whose id exists,
 * so a nudge posted twice queues nobody twice. The workers share the deployment's rate
 * (`perMinute`, BullMQ's limiter, kept in Redis for every worker of the queue).
 *
 * Keys of our own, beside BullMQ's, under `{wegov-nudges}:<queue>:nudge:<id>` (kept 7 days):
 * the HASH itself (type, message, createdAt, delivered, unreachable), `:targets` (SET of
 * adopters) and `:outcomes` (HASH adopter -> delivered | unreachable). An outcome is recorded
 * once per adopter with its count, in one script; a job whose adopter has one returns at once.
 * A worker that dies after telling and before recording leaves the job to be run again (BullMQ's
 * stalled-job check): the notice's dedupe id then makes the second telling a no-op (queue.ts).
 */
import { Job, Queue } from 'bullmq';
import { BullmqBase, type QueueConnection, type QueueEndpoint } from '../../../src/queues/bullmq-base';
import { messageKey, NUDGE_ATTEMPTS, type DeliverNudge, type Nudge, type NudgeProgress, type NudgeQueue, type NudgeTarget, type StartOutcome } from './queue';

export const NUDGES_PREFIX = '{wegov-nudges}';
export const NUDGES_QUEUE = 'nudges';
const KEEP_MS = 7 * 86_400_000;
/** Jobs added per round trip. */
const BULK = 500;

interface NudgeJob extends NudgeTarget {
  nudgeId: string;
}

/**
 * KEYS nudge, targets, outcomes. ARGV type, message key, message JSON, createdAt, keep ms, adopters...
 * Returns { 1, adopters } or { 0, the stored type } when the id is another nudge's.
 */
const START = `
local t = redis.call('HGET', KEYS[1], 'type')
if t then
  if t ~= ARGV[1] or redis.call('HGET', KEYS[1], 'key') ~= ARGV[2] then return { 0, t } end
else
  redis.call('HSET', KEYS[1], 'type', ARGV[1], 'key', ARGV[2], 'message', ARGV[3], 'createdAt', ARGV[4], 'delivered', 0, 'unreachable', 0)
end
for i = 6, #ARGV do redis.call('SADD', KEYS[2], ARGV[i]) end
for _, k in ipairs(KEYS) do redis.call('PEXPIRE', k, ARGV[5]) end
return { 1, redis.call('SCARD', KEYS[2]) }
`;

/** KEYS nudge, outcomes. ARGV adopter, outcome. Counts it only the first time. */
const RECORD = `
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then redis.call('HINCRBY', KEYS[1], ARGV[2], 1) end
return 0
`;

export type BullmqNudgeOptions = QueueEndpoint & {
  /** Queue name (tests give each app its own). Default `nudges`. */
  name?: string;
  /** Adopters told per minute across every worker of the queue. */
  perMinute?: number;
  /** Adopters one worker tells at once. Default 4. */
  concurrency?: number;
  /** First retry delay after a failed delivery, doubling per attempt. Default 1000 ms. */
  backoffMs?: number;
};

export class BullmqNudgeQueue implements NudgeQueue {
  readonly kind = 'bullmq' as const;
  readonly queue: Queue<NudgeJob>;
  private readonly base: BullmqBase<NudgeJob>;
  private readonly connection: QueueConnection;

  constructor(private readonly opts: BullmqNudgeOptions) {
    this.base = new BullmqBase<NudgeJob>({ ...opts, prefix: NUDGES_PREFIX, name: opts.name ?? NUDGES_QUEUE });
    this.queue = this.base.queue;
    this.connection = this.base.connection;
  }

  async start(nudge: Nudge, targets: readonly NudgeTarget[], at: string): Promise<StartOutcome> {
    const k = this.keys(nudge.id);
    const [ok, value] = (await this.connection.eval(START, 3, k.nudge, k.targets, k.outcomes, nudge.type, messageKey(nudge.message), JSON.stringify(nudge.message), at, KEEP_MS, ...targets.map((t) => t.adopter))) as [number, string | number];
    if (ok === 0) return { outcome: 'conflict', type: String(value) };
    for (let i = 0; i < targets.length; i += BULK) {
      await this.queue.addBulk(
        targets.slice(i, i + BULK).map((t) => ({
          name: 'nudge',
          data: { nudgeId: nudge.id, adopter: t.adopter, conversationId: t.conversationId },
          opts: {
            jobId: `n.${encodeURIComponent(nudge.id)}.${t.adopter}`,
            attempts: NUDGE_ATTEMPTS,
            backoff: { type: 'exponential', delay: this.opts.backoffMs ?? 1000 },
            removeOnComplete: { age: KEEP_MS / 1000 },
            removeOnFail: { age: KEEP_MS / 1000 },
          },
        })),
      );
    }
    return { outcome: 'queued', adopters: Number(value) };
  }

  async progress(nudgeId: string): Promise<NudgeProgress | null> {
    const k = this.keys(nudgeId);
    const replies = await this.connection.multi().hmget(k.nudge, 'type', 'delivered', 'unreachable').scard(k.targets).exec();
    const [type, delivered, unreachable] = (replies?.[0]?.[1] ?? []) as (string | null)[];
    if (!type) return null;
    const adopters = Number(replies?.[1]?.[1] ?? 0);
    const d = Number(delivered ?? 0);
    const u = Number(unreachable ?? 0);
    return { nudgeId, type, adopters, delivered: d, unreachable: u, pending: adopters - d - u };
  }

  startWorker(deliver: DeliverNudge): void {
    this.base.startWorker(
      async (job: Job<NudgeJob>) => {
        const { nudgeId, adopter, conversationId } = job.data;
        const k = this.keys(nudgeId);
        const replies = await this.connection.multi().hexists(k.outcomes, adopter).hget(k.nudge, 'message').exec();
        if (replies?.[0]?.[1] === 1) return 'done';
        const message = replies?.[1]?.[1];
        if (typeof message !== 'string') return 'expired';
        let outcome: 'delivered' | 'unreachable';
        try {
          const told = await deliver({ id: nudgeId, message: JSON.parse(message) as Record<string, string> }, { adopter, conversationId });
          outcome = told === 'delivered' ? 'delivered' : 'unreachable';
        } catch (error) {
          // Retried with backoff; after the last attempt the adopter counts as unreachable.
          if (job.attemptsMade + 1 < (job.opts.attempts ?? NUDGE_ATTEMPTS)) throw error;
          outcome = 'unreachable';
        }
        await this.connection.eval(RECORD, 2, k.nudge, k.outcomes, adopter, outcome);
        return outcome;
      },
      {
        concurrency: this.opts.concurrency ?? 4,
        ...(this.opts.perMinute ? { limiter: { max: this.opts.perMinute, duration: 60_000 } } : {}),
      },
    );
  }

  close(): Promise<void> {
    return this.base.close();
  }

  private keys(nudgeId: string): { nudge: string; targets: string; outcomes: string } {
    const nudge = this.base.key('nudge', encodeURIComponent(nudgeId));
    return { nudge, targets: `${nudge}:targets`, outcomes: `${nudge}:outcomes` };
  }
}
