/**
 * The in-memory reminder scheduler (no Redis) with a shift more than 24.8 days ahead: Node's
 * setTimeout caps a delay at 2^31-1 ms and fires a longer one at once, so such a reminder used to
 * be sent the moment the person signed up. Under Jest's fake clock: nothing is sent a day later or
 * just before the reminder is due, and it is sent once when due.
 */
import { MemoryReminderScheduler } from '../../../dialogs/volunteer/reminders/memory';
import type { Reminder } from '../../../dialogs/volunteer/reminders/scheduler';

const DAY = 86_400_000;

afterEach(() => {
  jest.useRealTimers();
});

it('a reminder 40 days ahead is sent when due, not at once', async () => {
  jest.useFakeTimers({ now: new Date('2026-12-01T15:00:00Z') });
  const scheduler = new MemoryReminderScheduler({ now: () => Date.now() });
  const sent: Reminder[] = [];
  scheduler.startWorker(async (r) => void sent.push(r));
  const startsAt = new Date(Date.now() + 40 * DAY).toISOString();
  await scheduler.schedule({ signUpId: 'su-far', shiftId: 'far', conversationId: 'conv', opportunityId: 'o', startsAt }, [24 * 60]);
  await jest.advanceTimersByTimeAsync(DAY);
  expect(sent).toEqual([]);
  // Due a day before the start (39 days on): a minute before, still nothing.
  await jest.advanceTimersByTimeAsync(38 * DAY - 60_000);
  expect(sent).toEqual([]);
  await jest.advanceTimersByTimeAsync(60_000);
  expect(sent.map((r) => [r.signUpId, r.minutesBefore])).toEqual([['su-far', 24 * 60]]);
  await scheduler.close();
});
