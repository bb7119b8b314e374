/**
 * Shift reminders on a real Redis and a real BullMQ queue, with a fake clock: the scheduler
 * computes each job's delay from the injected `now`, so a shift starting 24 h + 50 ms after
 * the fake now has its day-before reminder due in 50 ms of real time. Offsets a fraction of a
 * minute apart (1440, 1439.99, ...) put several reminders of one sign-up a few hundred ms
 * apart. Tests wait on deliveries (with a timeout) and never assert timing.
 */
import { randomUUID } from 'node:crypto';
import { BullmqReminderScheduler } from '../../../dialogs/volunteer/reminders/bullmq';
import { MemoryReminderScheduler } from '../../../dialogs/volunteer/reminders/memory';
import { reminderId, type Reminder, type ReminderScheduler, type ReminderTarget } from '../../../dialogs/volunteer/reminders/scheduler';
import { testRedisUrl } from '../../setup/redis';

const FAKE_NOW = Date.parse('2027-03-01T08:00:00.000Z');
const DAY = 1440 * 60_000;
const now = (): number => FAKE_NOW;
/** The shift starts a day and `ms` after the fake now. */
const startsIn = (ms: number): string => new Date(FAKE_NOW + DAY + ms).toISOString();
/** Three reminders 0.6 s apart; the first is due `ms` after the fake now (with startsIn(ms)). */
const CLOSE_OFFSETS = [1440, 1439.99, 1439.98];

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function target(startsAt: string, signUpId = `su-${randomUUID()}`): ReminderTarget {
  return { signUpId, shiftId: 'shift-1', conversationId: `conv-${signUpId}`, opportunityId: 'beach-cleanup', startsAt };
}

const summary = (r: Reminder): string => `${r.signUpId}/${r.minutesBefore}@${r.startsAt}`;

type Kind = 'bullmq' | 'memory';
const open: ReminderScheduler[] = [];
const queueName = (): string => `reminders-test-${randomUUID()}`;

function scheduler(kind: Kind, name: string, extra: { lockDurationMs?: number; stalledIntervalMs?: number; concurrency?: number } = {}): ReminderScheduler {
  const s = kind === 'bullmq' ? new BullmqReminderScheduler({ redisUrl: testRedisUrl(), name, now, backoffMs: 50, ...extra }) : new MemoryReminderScheduler({ now, backoffMs: 50 });
  open.push(s);
  return s;
}

afterEach(async () => {
  for (const s of open.splice(0)) {
    if (s instanceof BullmqReminderScheduler) await s.queue.obliterate({ force: true }).catch(() => undefined);
    await s.close();
  }
});

describe.each(['bullmq', 'memory'] as Kind[])('ReminderScheduler (%s)', (kind) => {
  it('delivers each reminder once, in order, with what the message needs; scheduling twice changes nothing', async () => {
    const s = scheduler(kind, queueName(), { concurrency: 1 });
    const t = target(startsIn(50));
    const sentinel = target(startsIn(1000));
    expect(await s.schedule(t, CLOSE_OFFSETS.slice(0, 2))).toEqual({ scheduled: [1440, 1439.99], skipped: [] });
    expect(await s.schedule(t, CLOSE_OFFSETS.slice(0, 2))).toEqual({ scheduled: [1440, 1439.99], skipped: [] });
    expect((await s.pending(t.signUpId)).map((p) => p.minutesBefore)).toEqual([1440, 1439.99]);
    const got: Reminder[] = [];
    s.startWorker(async (r) => {
      got.push(r);
    });
    await waitFor(() => got.length === 2, 'two reminders');
    expect(got[0]).toEqual({ ...t, minutesBefore: 1440 });
    expect(got[1]).toEqual({ ...t, minutesBefore: 1439.99 });
    // Scheduled again after delivery (same ids): nothing is sent again. A later reminder of
    // another sign-up shows the queue has moved past them.
    await s.schedule(t, CLOSE_OFFSETS.slice(0, 2));
    await s.schedule(sentinel, [1440]);
    await waitFor(() => got.some((r) => r.signUpId === sentinel.signUpId), 'the later reminder');
    expect(got.map(summary)).toEqual([`${t.signUpId}/1440@${t.startsAt}`, `${t.signUpId}/1439.99@${t.startsAt}`, `${sentinel.signUpId}/1440@${sentinel.startsAt}`]);
    expect(await s.pending(t.signUpId)).toEqual([]);
  });

  it('a delivery that fails is retried and then sent once', async () => {
    const s = scheduler(kind, queueName());
    const t = target(startsIn(50));
    await s.schedule(t, [1440]);
    let attempts = 0;
    const got: Reminder[] = [];
    s.startWorker(async (r) => {
      attempts += 1;
      if (attempts < 3) throw new Error('the conversation store is unavailable');
      got.push(r);
    });
    await waitFor(() => got.length === 1, 'the third attempt');
    const sentinel = target(startsIn(400));
    await s.schedule(sentinel, [1440]);
    await waitFor(() => got.length === 2, 'the later reminder');
    expect(got.map(summary)).toEqual([`${t.signUpId}/1440@${t.startsAt}`, `${sentinel.signUpId}/1440@${sentinel.startsAt}`]);
    expect(attempts).toBe(4);
  });

  it('with the default offsets, skips the day-before reminder when the shift is under a day away', async () => {
    const s = scheduler(kind, queueName());
    const t = target(new Date(FAKE_NOW + 120 * 60_000 + 50).toISOString());
    expect(await s.schedule(t)).toEqual({ scheduled: [120], skipped: [1440] });
    const got: Reminder[] = [];
    s.startWorker(async (r) => {
      got.push(r);
    });
    await waitFor(() => got.length === 1, 'the two-hour reminder');
    expect(got).toEqual([{ ...t, minutesBefore: 120 }]);
  });

  it('after withdraw (a cancellation) none of its reminders arrive; other sign-ups still get theirs', async () => {
    const s = scheduler(kind, queueName());
    const cancelled = target(startsIn(50));
    const kept = target(startsIn(800));
    await s.schedule(cancelled, CLOSE_OFFSETS.slice(0, 2));
    await s.schedule(kept, [1440]);
    expect(await s.withdraw(cancelled.signUpId)).toBe(2);
    expect(await s.withdraw(cancelled.signUpId)).toBe(0);
    expect(await s.pending(cancelled.signUpId)).toEqual([]);
    const got: Reminder[] = [];
    s.startWorker(async (r) => {
      got.push(r);
    });
    await waitFor(() => got.length >= 1, 'the kept reminder');
    // The withdrawn ones were due before the kept one: had they survived they would be here.
    expect(got.map(summary)).toEqual([`${kept.signUpId}/1440@${kept.startsAt}`]);
  });

  it('reschedule: a moved shift never sends the old reminders, and sends the new ones once', async () => {
    const s = scheduler(kind, queueName());
    const a = target(startsIn(50));
    const b = target(startsIn(60));
    await s.schedule(a, CLOSE_OFFSETS.slice(0, 2));
    await s.schedule(b, CLOSE_OFFSETS.slice(0, 2));
    const moved = startsIn(400);
    await s.reschedule('shift-1', moved, [a, b].map(({ signUpId, conversationId, opportunityId }) => ({ signUpId, conversationId, opportunityId })), CLOSE_OFFSETS.slice(0, 2));
    const pendingA = await s.pending(a.signUpId);
    expect(pendingA.map((p) => [p.startsAt, p.minutesBefore])).toEqual([
      [moved, 1440],
      [moved, 1439.99],
    ]);
    expect(pendingA[0]!.id).toBe(reminderId(a.signUpId, 1440, moved));
    expect(pendingA[0]!.id).not.toBe(reminderId(a.signUpId, 1440, a.startsAt));
    const got: Reminder[] = [];
    s.startWorker(async (r) => {
      got.push(r);
    });
    await waitFor(() => got.length >= 4, 'four reminders at the new time');
    const sentinel = target(startsIn(1500));
    await s.schedule(sentinel, [1440]);
    await waitFor(() => got.some((r) => r.signUpId === sentinel.signUpId), 'the later reminder');
    expect(got.filter((r) => r.signUpId !== sentinel.signUpId).map(summary).sort()).toEqual(
      [`${a.signUpId}/1440@${moved}`, `${a.signUpId}/1439.99@${moved}`, `${b.signUpId}/1440@${moved}`, `${b.signUpId}/1439.99@${moved}`].sort(),
    );
  });
});

describe('ReminderScheduler (bullmq) across a worker restart', () => {
  it('a worker that dies while sending never repeats that reminder; the next one arrives once from the new worker', async () => {
    const name = queueName();
    // Process A: one reminder at a time; it dies while sending the second. (Short lock and
    // stalled-check intervals for both: BullMQ throttles the stalled check queue-wide.)
    const a = scheduler('bullmq', name, { concurrency: 1, lockDurationMs: 1000, stalledIntervalMs: 200 }) as BullmqReminderScheduler;
    const t = target(startsIn(50));
    expect(await a.schedule(t, CLOSE_OFFSETS)).toEqual({ scheduled: CLOSE_OFFSETS, skipped: [] });
    const sent: string[] = [];
    let stuck: (() => void) | undefined;
    a.startWorker(async (r) => {
      sent.push(`A:${r.minutesBefore}`);
      if (r.minutesBefore === 1439.99) await new Promise<void>((resolve) => (stuck = resolve));
    });
    await waitFor(() => sent.length === 2, 'A to start sending the second reminder');
    await a.killWorker();

    // Process B on the same queue: the third reminder is still pending and arrives once; the
    // second (claimed by A when it died) is found stalled, run again, and skipped.
    const b = scheduler('bullmq', name, { stalledIntervalMs: 200 }) as BullmqReminderScheduler;
    expect((await b.pending(t.signUpId)).map((p) => p.minutesBefore)).toEqual([1439.98]);
    b.startWorker(async (r) => {
      sent.push(`B:${r.minutesBefore}`);
    });
    const second = reminderId(t.signUpId, 1439.99, t.startsAt);
    await waitFor(async () => (await b.queue.getJob(second))?.returnvalue === 'skipped', 'the stalled reminder to be looked at again');
    await waitFor(() => sent.includes('B:1439.98'), 'the third reminder');
    expect(sent).toEqual(['A:1440', 'A:1439.99', 'B:1439.98']);
    expect(await (await b.queue.getJob(reminderId(t.signUpId, 1440, t.startsAt)))?.isCompleted()).toBe(true);
    stuck?.();
  });

  it('reminders scheduled before a restart arrive once from the new worker; delivered ones are not repeated', async () => {
    const name = queueName();
    const first = target(startsIn(50));
    const later = target(startsIn(300));
    const sentinel = target(startsIn(1500));
    const label = (r: Reminder): string => `${r.signUpId === first.signUpId ? 'first' : r.signUpId === later.signUpId ? 'later' : 'sentinel'}/${r.minutesBefore}`;
    const sent: string[] = [];
    // Worker process A delivers the first reminder and stops.
    const a = scheduler('bullmq', name);
    await a.schedule(first, [1440]);
    a.startWorker(async (r) => {
      sent.push(`A:${label(r)}`);
    });
    await waitFor(() => sent.length === 1, 'the first reminder');
    await a.close();
    // While no worker runs, a web process schedules more (and the first again: a no-op).
    const web = scheduler('bullmq', name);
    await web.schedule(first, [1440]);
    await web.schedule(later, CLOSE_OFFSETS.slice(0, 2));
    await web.schedule(sentinel, [1440]);
    // Worker process B starts: the pending ones arrive once, in order; the first is not repeated.
    const b = scheduler('bullmq', name, { concurrency: 1 });
    b.startWorker(async (r) => {
      sent.push(`B:${label(r)}`);
    });
    await waitFor(() => sent.includes('B:sentinel/1440'), 'the last reminder');
    expect(sent).toEqual(['A:first/1440', 'B:later/1440', 'B:later/1439.99', 'B:sentinel/1440']);
  });
});
