/**
 * Reminders as BullMQ delayed jobs on the stores' Redis (connection, worker and close from the
 * shared base, src/queues/bullmq-base.ts: a hash-tagged prefix so every key of the queue, and
 * ours, hashes to one Redis Cluster slot).
 *
 * Keys of our own, beside BullMQ's, under `{wegov-reminders}:<queue>:`:
 * - `signup:<signUpId>`: set of the sign-up's reminder (job) ids, to withdraw them.
 * - `state:<reminderId>`: `delivered` (claimed by a worker) or `withdrawn`, kept 8 days.
 *
 * What holds: BullMQ ignores an add whose job id exists, so scheduling is idempotent. A job
 * normally runs once; a worker that dies mid-job leaves it "stalled" and BullMQ runs it again
 * (at least once). The processor therefore claims the id first, atomically (`state` absent ->
 * `delivered`), and calls `deliver` only on a successful claim: at most once per id, across
 * restarts. A `deliver` that throws releases the claim (unless withdrawn meanwhile) and BullMQ
 * retries it with backoff. `withdraw` marks ids `withdrawn` before removing the jobs, so a job
 * that is already running (BullMQ will not remove a locked job) skips delivery at its claim.
 */
import { Job, Queue } from 'bullmq';
import { BullmqBase, type QueueConnection, type QueueEndpoint } from '../../../src/queues/bullmq-base';
import {
  DEFAULT_OFFSETS_MINUTES,
  planReminders,
  type DeliverReminder,
  type PendingReminder,
  type Reminder,
  type ReminderScheduler,
  type ReminderSignUp,
  type ReminderTarget,
  type ScheduleResult,
} from './scheduler';

export const REMINDERS_PREFIX = '{wegov-reminders}';
export const REMINDERS_QUEUE = 'reminders';
const STATE_TTL_MS = 8 * 86_400_000;

/** Claims a reminder: KEYS[1] its state key; ARGV[1] TTL ms. 1 = claimed, 0 = delivered or withdrawn. */
const CLAIM = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], 'delivered', 'PX', ARGV[1])
return 1`;
/** Forgets `withdrawn` tombstones (KEYS: state keys) of reminders scheduled again. */
const REVIVE = `for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == 'withdrawn' then redis.call('DEL', key) end
end
return 0`;
/** Undoes a claim after a failed delivery, unless the reminder was withdrawn meanwhile. */
const RELEASE = `if redis.call('GET', KEYS[1]) == 'delivered' then redis.call('DEL', KEYS[1]) end
return 0`;

export type BullmqReminderOptions = QueueEndpoint & {
  /** Queue name (tests use their own). Default `reminders`. */
  name?: string;
  /** Default offsets in minutes. Default a day and two hours before. */
  offsetsMinutes?: readonly number[];
  now?: () => number;
  /** Delivery attempts when `deliver` throws. Default 3. */
  attempts?: number;
  /** First retry delay after a failed delivery, doubling per attempt. Default 1000 ms. */
  backoffMs?: number;
  /** Lock on a running job; a crashed worker's job is looked at again after about this long. Default 30 s. */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs. Default 30 s. */
  stalledIntervalMs?: number;
  /** Reminders delivered in parallel by one worker. Default 4. */
  concurrency?: number;
};

export class BullmqReminderScheduler implements ReminderScheduler {
  readonly kind = 'bullmq' as const;
  readonly queue: Queue<Reminder>;
  private readonly base: BullmqBase<Reminder>;
  private readonly connection: QueueConnection;
  private readonly now: () => number;
  private readonly offsets: readonly number[];

  constructor(private readonly opts: BullmqReminderOptions) {
    this.base = new BullmqBase<Reminder>({ ...opts, prefix: REMINDERS_PREFIX, name: opts.name ?? REMINDERS_QUEUE });
    this.queue = this.base.queue;
    this.connection = this.base.connection;
    this.now = opts.now ?? Date.now;
    this.offsets = opts.offsetsMinutes ?? DEFAULT_OFFSETS_MINUTES;
  }

  async schedule(target: ReminderTarget, offsetsMinutes: readonly number[] = this.offsets): Promise<ScheduleResult> {
    const { plan, skipped } = planReminders(target, offsetsMinutes, this.now());
    if (plan.length === 0) return { scheduled: [], skipped };
    const ids = plan.map((p) => p.id);
    const setKey = this.signUpKey(target.signUpId);
    const latestDelay = Math.max(...plan.map((p) => p.delayMs));
    await this.connection.multi().sadd(setKey, ...ids).pexpire(setKey, latestDelay + STATE_TTL_MS).exec();
    // A reminder scheduled again after a withdrawal is wanted again (one already delivered is not).
    await this.connection.eval(REVIVE, ids.length, ...ids.map((id) => this.stateKey(id)));
    for (const p of plan) {
      const data: Reminder = { ...target, minutesBefore: p.minutesBefore };
      await this.queue.add('remind', data, {
        jobId: p.id,
        delay: p.delayMs,
        attempts: this.opts.attempts ?? 3,
        backoff: { type: 'exponential', delay: this.opts.backoffMs ?? 1000 },
        removeOnComplete: { age: 7 * 86_400, count: 100_000 },
        removeOnFail: { age: 30 * 86_400 },
      });
    }
    return { scheduled: plan.map((p) => p.minutesBefore), skipped };
  }

  async withdraw(signUpId: string): Promise<number> {
    const setKey = this.signUpKey(signUpId);
    const ids = await this.connection.smembers(setKey);
    if (ids.length === 0) return 0;
    const tx = this.connection.multi();
    for (const id of ids) tx.set(this.stateKey(id), 'withdrawn', 'PX', STATE_TTL_MS);
    await tx.del(setKey).exec();
    let pending = 0;
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (!job || (await job.isCompleted()) || (await job.isFailed())) continue;
      pending += 1;
      // 0 when the job is running (locked): its claim then finds it withdrawn.
      await this.queue.remove(id);
    }
    return pending;
  }

  async reschedule(shiftId: string, newStartsAt: string, signUps: readonly ReminderSignUp[], offsetsMinutes?: readonly number[]): Promise<void> {
    for (const s of signUps) {
      await this.withdraw(s.signUpId);
      await this.schedule({ ...s, shiftId, startsAt: newStartsAt }, offsetsMinutes);
    }
  }

  async pending(signUpId: string): Promise<PendingReminder[]> {
    const ids = await this.connection.smembers(this.signUpKey(signUpId));
    const out: PendingReminder[] = [];
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (!job?.id || !(await job.isDelayed())) continue;
      out.push({ ...job.data, id: job.id, dueAt: new Date(Date.parse(job.data.startsAt) - job.data.minutesBefore * 60_000).toISOString() });
    }
    return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  startWorker(deliver: DeliverReminder): void {
    this.base.startWorker(
      async (job: Job<Reminder>) => {
        const id = job.id ?? '';
        const key = this.stateKey(id);
        const claimed = await this.connection.eval(CLAIM, 1, key, STATE_TTL_MS);
        if (claimed !== 1) return 'skipped';
        try {
          await deliver(job.data);
        } catch (error) {
          await this.connection.eval(RELEASE, 1, key);
          throw error;
        }
        await this.connection.srem(this.signUpKey(job.data.signUpId), id);
        return 'delivered';
      },
      {
        concurrency: this.opts.concurrency ?? 4,
        lockDuration: this.opts.lockDurationMs ?? 30_000,
        stalledInterval: this.opts.stalledIntervalMs ?? 30_000,
      },
    );
  }

  /** Stops the worker at once, as a crash would (a running job stays locked until it stalls). Tests. */
  killWorker(): Promise<void> {
    return this.base.killWorker();
  }

  close(): Promise<void> {
    return this.base.close();
  }

  private signUpKey(signUpId: string): string {
    return this.base.key('signup', signUpId);
  }

  private stateKey(reminderId: string): string {
    return this.base.key('state', reminderId);
  }
}
