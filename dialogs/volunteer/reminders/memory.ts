/**
 * Reminders in memory, for the embedded default (no REDIS_URL): one unref'd timer per reminder,
 * so a pending reminder never keeps the process alive. Same contract as the BullMQ scheduler,
 * but nothing survives a restart. Due reminders fire only while a worker is started; one that
 * comes due before then waits for `startWorker`.
 */
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

interface Entry {
  reminder: PendingReminder;
  timer: LongTimer;
}

/** setTimeout caps delays at 2^31-1 ms (about 24.8 days) and fires a longer one at once: longer waits are chained. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** An unref'd timer for any delay; `handle` is the current link of the chain. */
interface LongTimer {
  handle: NodeJS.Timeout;
}

function later(fn: () => void, delayMs: number, timer: Partial<LongTimer> = {}): LongTimer {
  const step = Math.min(Math.max(delayMs, 0), MAX_DELAY_MS);
  timer.handle = setTimeout(() => (delayMs > MAX_DELAY_MS ? later(fn, delayMs - MAX_DELAY_MS, timer) : fn()), step);
  timer.handle.unref();
  return timer as LongTimer;
}

export interface MemoryReminderOptions {
  offsetsMinutes?: readonly number[];
  now?: () => number;
  /** Delivery attempts when `deliver` throws. Default 3. */
  attempts?: number;
  /** Delay before the next attempt after a failed delivery. Default 1000 ms. */
  backoffMs?: number;
  /** A failed delivery attempt (it is retried until `attempts`). Default: ignored. */
  onError?: (reminder: Reminder, error: unknown, attempt: number) => void;
}

export class MemoryReminderScheduler implements ReminderScheduler {
  readonly kind = 'memory' as const;
  private readonly now: () => number;
  private readonly offsets: readonly number[];
  /** Pending reminders by sign-up, then by reminder id. */
  private readonly bySignUp = new Map<string, Map<string, Entry>>();
  /** Ids claimed for delivery (never delivered twice). */
  private readonly delivered = new Set<string>();
  /** Failed deliveries waiting for their next attempt, by reminder id. */
  private readonly retries = new Map<string, { signUpId: string; timer: NodeJS.Timeout }>();
  /** Due before a worker started. */
  private readonly due: PendingReminder[] = [];
  private deliver: DeliverReminder | undefined;
  private closed = false;

  constructor(private readonly opts: MemoryReminderOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.offsets = opts.offsetsMinutes ?? DEFAULT_OFFSETS_MINUTES;
  }

  async schedule(target: ReminderTarget, offsetsMinutes: readonly number[] = this.offsets): Promise<ScheduleResult> {
    const { plan, skipped } = planReminders(target, offsetsMinutes, this.now());
    if (this.closed) return { scheduled: [], skipped };
    const entries = this.bySignUp.get(target.signUpId) ?? new Map<string, Entry>();
    this.bySignUp.set(target.signUpId, entries);
    for (const p of plan) {
      if (entries.has(p.id) || this.delivered.has(p.id)) continue;
      const reminder: PendingReminder = { ...target, minutesBefore: p.minutesBefore, id: p.id, dueAt: new Date(p.dueAtMs).toISOString() };
      const timer = later(() => this.fire(reminder), p.delayMs);
      entries.set(p.id, { reminder, timer });
    }
    return { scheduled: plan.map((p) => p.minutesBefore), skipped };
  }

  async withdraw(signUpId: string): Promise<number> {
    const entries = this.bySignUp.get(signUpId);
    this.bySignUp.delete(signUpId);
    for (let i = this.due.length - 1; i >= 0; i -= 1) if (this.due[i]!.signUpId === signUpId) this.due.splice(i, 1);
    for (const [id, r] of this.retries) {
      if (r.signUpId !== signUpId) continue;
      clearTimeout(r.timer);
      this.retries.delete(id);
    }
    if (!entries) return 0;
    for (const e of entries.values()) clearTimeout(e.timer.handle);
    return entries.size;
  }

  async reschedule(shiftId: string, newStartsAt: string, signUps: readonly ReminderSignUp[], offsetsMinutes?: readonly number[]): Promise<void> {
    for (const s of signUps) {
      await this.withdraw(s.signUpId);
      await this.schedule({ ...s, shiftId, startsAt: newStartsAt }, offsetsMinutes);
    }
  }

  async pending(signUpId: string): Promise<PendingReminder[]> {
    const entries = [...(this.bySignUp.get(signUpId)?.values() ?? [])].map((e) => e.reminder);
    return entries.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  startWorker(deliver: DeliverReminder): void {
    if (this.deliver || this.closed) return;
    this.deliver = deliver;
    for (const r of this.due.splice(0)) void this.send(r, 1);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entries of this.bySignUp.values()) for (const e of entries.values()) clearTimeout(e.timer.handle);
    this.bySignUp.clear();
    for (const r of this.retries.values()) clearTimeout(r.timer);
    this.retries.clear();
    this.due.length = 0;
  }

  private fire(reminder: PendingReminder): void {
    const entries = this.bySignUp.get(reminder.signUpId);
    entries?.delete(reminder.id);
    if (entries?.size === 0) this.bySignUp.delete(reminder.signUpId);
    if (this.delivered.has(reminder.id)) return;
    if (!this.deliver) this.due.push(reminder);
    else void this.send(reminder, 1);
  }

  private async send(reminder: PendingReminder, attempt: number): Promise<void> {
    if (this.closed || !this.deliver || this.delivered.has(reminder.id)) return;
    this.delivered.add(reminder.id);
    const { id: _id, dueAt: _dueAt, ...plain } = reminder;
    const data: Reminder = plain;
    try {
      await this.deliver(data);
    } catch (error) {
      // Not delivered: release the claim and try again, up to `attempts` in all.
      this.delivered.delete(reminder.id);
      this.opts.onError?.(data, error, attempt);
      if (attempt >= (this.opts.attempts ?? 3)) return;
      const timer = setTimeout(() => {
        this.retries.delete(reminder.id);
        void this.send(reminder, attempt + 1);
      }, this.opts.backoffMs ?? 1000);
      timer.unref();
      this.retries.set(reminder.id, { signUpId: reminder.signUpId, timer });
    }
  }
}
