/**
 * Shift reminders (issue 13): "your shift is tomorrow" a day before and two hours before
 * (configurable), one delayed job per sign-up and offset. The contract is shared by the BullMQ
 * scheduler (production: survives restarts, see bullmq.ts) and the in-memory one (embedded
 * default, timers; see memory.ts).
 *
 * - A reminder's id is derived from (sign-up, offset, shift start): scheduling twice is a no-op,
 *   and a shift that moves gets new ids (the old ones are withdrawn by `reschedule`).
 * - Offsets already in the past (by the injected clock) are skipped, not sent late.
 * - Delivery is at most once per id: the worker claims the id before calling `deliver`; a
 *   worker that dies after the claim never sends it again (a reminder may then be lost,
 *   never doubled). A `deliver` that throws releases the claim and is retried.
 * - The clock is injectable: a job's delay is `dueAt - now()`, so a test with a fake `now`
 *   and a shift starting 24 h + 50 ms later gets the day-before reminder in 50 ms.
 */

/** What a reminder is about. `startsAt` is the shift's start, an ISO instant. */
export interface ReminderTarget {
  signUpId: string;
  shiftId: string;
  conversationId: string;
  opportunityId: string;
  startsAt: string;
}

/** A reminder that is due: handed to `deliver` once. */
export interface Reminder extends ReminderTarget {
  /** How long before the shift's start it is due (one of the scheduled offsets). */
  minutesBefore: number;
}

/** A scheduled reminder not yet delivered. */
export interface PendingReminder extends Reminder {
  id: string;
  /** ISO instant it is due. */
  dueAt: string;
}

/** Sends one reminder (the runtime injects an input into `conversationId`). Throw to have it retried. */
export type DeliverReminder = (reminder: Reminder) => Promise<void>;

export interface ScheduleResult {
  /** Offsets (minutes) with a reminder pending now (new or already scheduled). */
  scheduled: number[];
  /** Offsets whose due time had already passed. */
  skipped: number[];
}

/** A sign-up on a shift that moved, as `reschedule` needs it. */
export type ReminderSignUp = Omit<ReminderTarget, 'shiftId' | 'startsAt'>;

export interface ReminderScheduler {
  readonly kind: 'bullmq' | 'memory';
  /** One reminder per offset (minutes before `startsAt`), skipping those already past. Idempotent. */
  schedule(target: ReminderTarget, offsetsMinutes?: readonly number[]): Promise<ScheduleResult>;
  /** Removes the sign-up's pending reminders (a cancellation); returns how many were pending. */
  withdraw(signUpId: string): Promise<number>;
  /** The shift moved: withdraws each sign-up's reminders and schedules them for `newStartsAt`. */
  reschedule(shiftId: string, newStartsAt: string, signUps: readonly ReminderSignUp[], offsetsMinutes?: readonly number[]): Promise<void>;
  /** The sign-up's reminders still to come, soonest first. */
  pending(signUpId: string): Promise<PendingReminder[]>;
  /** Starts delivering due reminders (once per process; later calls are ignored). */
  startWorker(deliver: DeliverReminder): void;
  /** Stops the worker (reminders stay scheduled) and releases connections and timers. */
  close(): Promise<void>;
}

/** A day before and two hours before. */
export const DEFAULT_OFFSETS_MINUTES: readonly number[] = [1440, 120];

export interface ReminderClock {
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** One reminder to create: its id, due time and delay by the scheduler's clock. */
export interface PlannedReminder {
  id: string;
  minutesBefore: number;
  dueAtMs: number;
  delayMs: number;
}

/**
 * The reminder id: sign-up, offset and the shift start in epoch ms. The sign-up id is
 * URI-encoded: BullMQ refuses `:` in a job id.
 */
export function reminderId(signUpId: string, minutesBefore: number, startsAt: string): string {
  return `r.${encodeURIComponent(signUpId)}.${minutesBefore}.${startMs(startsAt)}`;
}

/** The reminders to create for `target` at `nowMs`, and the offsets already past. */
export function planReminders(target: ReminderTarget, offsetsMinutes: readonly number[], nowMs: number): { plan: PlannedReminder[]; skipped: number[] } {
  const start = startMs(target.startsAt);
  const plan: PlannedReminder[] = [];
  const skipped: number[] = [];
  for (const minutes of [...new Set(offsetsMinutes)].sort((a, b) => b - a)) {
    if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`reminder offset must be minutes >= 0: ${minutes}`);
    const dueAtMs = start - minutes * 60_000;
    if (dueAtMs <= nowMs) skipped.push(minutes);
    else plan.push({ id: reminderId(target.signUpId, minutes, target.startsAt), minutesBefore: minutes, dueAtMs, delayMs: dueAtMs - nowMs });
  }
  return { plan, skipped };
}

function startMs(startsAt: string): number {
  const ms = Date.parse(startsAt);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${JSON.stringify(startsAt)}`);
  return ms;
}
