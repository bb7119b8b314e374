/**
 * Signing up for shifts, as module services (src/modules/services.ts): the sign-up store
 * (Redis when the process has it, else memory) and the effect `volunteer.sign_up` the volunteer
 * dialog requests (src/runtime/effects.ts): a place is taken atomically with the person's
 * volunteering pseudonym, and the answer (confirmed, waitlisted with a position, full, already)
 * reaches the person in the same turn; a confirmed place (taken or promoted into) gets reminders a
 * day and two hours before, withdrawn when it is cancelled (reminders/: BullMQ delayed jobs in the
 * web process). A turn that is not committed cancels the sign-up it took
 * (a promotion that cancel causes in that instant is not announced: a rare race, noted here).
 */
import { z } from 'zod';
import type { ModuleHost, ModuleServices } from '../../../src/modules/services';
import type { EffectDone, EffectRequest } from '../../../src/runtime/effects';
import type { Json } from '../../../src/engine/json';
import { SIGN_UP_EFFECT } from '../flow';
import { findShift } from '../listing';
import { CANCEL_EFFECT, LIST_EFFECT, type ListedSignUp } from '../mine';
import { errorSummary } from '../../../src/log';
import { MemorySignUpStore } from './memory-store';
import { RedisSignUpStore } from './redis-store';
import type { SignUpStore } from './store';
import type { MovedShift } from '../shifts/import';
import { BullmqReminderScheduler } from '../reminders/bullmq';
import { MemoryReminderScheduler } from '../reminders/memory';
import type { ReminderScheduler } from '../reminders/scheduler';
import { signUpCalendarUrl } from '../calendar/services';
import type { SignUp } from './store';
import type { ShiftStore } from '../shifts/store';
import type { VolunteerCatalog } from '../catalog-view';
import { shiftCancellationRunner } from './shift-cancellation';

/** The scope of volunteering pseudonyms (one per person across every shift). */
export const VOLUNTEER_SCOPE = 'volunteer';

const withCalendar = (url: string | undefined): { calendarUrl?: string } => (url ? { calendarUrl: url } : {});

const cancelArgs = z.strictObject({ shiftId: z.string().min(1) });
const signUpArgs = z.strictObject({ shiftId: z.string().min(1), capacity: z.number().int().min(1), waitlist: z.boolean() });

/** What the other volunteer services (calendar, "delete my data") share with sign-ups. */
export interface SignUpServices extends ModuleServices {
  signUps: SignUpStore;
  /** Reminders (only where people's turns run). */
  reminders: ReminderScheduler | undefined;
  /** Someone was promoted into a place: their reminders are scheduled and they are told in their conversation. */
  tellPromoted(p: SignUp): Promise<void>;
  /** Shifts an import moved: the people on them are told, reminders follow. */
  shiftsMoved(moved: readonly MovedShift[]): Promise<void>;
  /** Shifts were cancelled: everyone on them is told (where people's turns run; elsewhere a no-op). */
  shiftsCancelled(): Promise<void>;
}

export function signUpServices(
  host: ModuleHost,
  store: SignUpStore = host.stores.redis ? new RedisSignUpStore(host.stores.redis) : new MemorySignUpStore(),
  shifts?: { store: ShiftStore; view: VolunteerCatalog },
): SignUpServices {
  // Reminders a day and two hours before (BullMQ delayed jobs on Redis, else timers), only where people's turns run.
  const reminders: ReminderScheduler | undefined = host.serving
    ? host.serving.redisUrl
      ? new BullmqReminderScheduler({ redisUrl: host.serving.redisUrl, now: () => host.now().getTime(), ...(host.serving.queueName ? { name: host.serving.queueName } : {}) })
      : new MemoryReminderScheduler({ now: () => host.now().getTime() })
    : undefined;
  if (host.serving?.background !== false) reminders?.startWorker(async (r) => {
    await host.notify(r.conversationId, { module: 'volunteer', notice: 'reminder', data: { shiftId: r.shiftId, minutesBefore: r.minutesBefore }, dedupeId: `reminder:${r.signUpId}:${String(r.minutesBefore)}:${r.startsAt}` });
  });
  const remind = async (signUpId: string, shiftId: string, conversationId: string): Promise<void> => {
    const found = findShift(host.catalog, shiftId);
    if (!reminders || !found) return;
    await reminders.schedule({ signUpId, shiftId, conversationId, opportunityId: found.opportunity.id, startsAt: found.shift.startsAt });
  };
  /** The person's other sign-ups on shifts whose time overlaps `shiftId`'s. */
  const overlapping = async (volunteer: string, shiftId: string): Promise<string[]> => {
    const target = findShift(host.catalog, shiftId)?.shift;
    if (!target) return [];
    const mine = await store.ofPerson(volunteer);
    return mine.flatMap((s) => {
      if (s.shiftId === shiftId) return [];
      const other = findShift(host.catalog, s.shiftId)?.shift;
      return other && other.startsAt < target.endsAt && target.startsAt < other.endsAt ? [s.shiftId] : [];
    });
  };
  const signUp = async (req: EffectRequest): Promise<EffectDone> => {
    const args = signUpArgs.safeParse(req.args);
    if (!args.success) return { result: { outcome: 'unavailable' } };
    const { shiftId, capacity, waitlist } = args.data;
    const volunteer = host.pseudonym(VOLUNTEER_SCOPE, req.person);
    const out = await store.signUp({ id: req.id, shiftId, person: volunteer, conversationId: req.conversationId, capacity, waitlist, at: host.now().toISOString() });
    // The person's other places at the same time are pointed out (they may still want both: a waitlist spot, a swap).
    const overlaps = out.outcome === 'confirmed' || out.outcome === 'waitlisted' ? await overlapping(volunteer, shiftId) : [];
    const overlapping_: { overlaps?: string[] } = overlaps.length > 0 ? { overlaps } : {};
    switch (out.outcome) {
      case 'confirmed':
        await remind(out.signUp.id, shiftId, req.conversationId);
        return {
          result: { outcome: 'confirmed', volunteer, ...overlapping_, ...withCalendar(signUpCalendarUrl(host, out.signUp.id, shiftId)) },
          undo: async () => {
            await store.cancel(shiftId, volunteer, capacity);
            await reminders?.withdraw(out.signUp.id);
          },
        };
      case 'waitlisted':
        return { result: { outcome: 'waitlisted', position: out.position, volunteer, ...overlapping_ }, undo: async () => void (await store.cancel(shiftId, volunteer, capacity)) };
      case 'full':
        return { result: { outcome: 'full' } };
      case 'cancelled':
        return { result: { outcome: 'shift_cancelled' } };
      case 'already':
        return { result: { outcome: 'already', status: out.signUp.status } };
    }
  };
  /** The person's sign-ups on shifts still ahead, soonest first, with waitlist positions. */
  const list = async (req: EffectRequest): Promise<EffectDone> => {
    const volunteer = host.pseudonym(VOLUNTEER_SCOPE, req.person);
    const now = host.now().getTime();
    const mine: ListedSignUp[] = [];
    for (const s of await store.ofPerson(volunteer)) {
      const found = findShift(host.catalog, s.shiftId);
      if (!found || Date.parse(found.shift.startsAt) <= now) continue;
      const position = s.status === 'waitlisted' ? (await store.roster(s.shiftId)).waitlist.findIndex((w) => w.id === s.id) + 1 : undefined;
      // A shift the agency cancelled shows as cancelled, whatever the store has told so far.
      const status = found.shift.cancelled ? 'cancelled_by_agency' : s.status;
      mine.push({ signUpId: s.id, shiftId: s.shiftId, status, ...(position && status === 'waitlisted' ? { position } : {}) });
    }
    mine.sort((a, b) => (findShift(host.catalog, a.shiftId)?.shift.startsAt ?? '').localeCompare(findShift(host.catalog, b.shiftId)?.shift.startsAt ?? ''));
    return { result: { outcome: 'listed', signUps: mine as unknown as Json } };
  };
  /** Frees the place; whoever it goes to is told in their own conversation. */
  const cancel = async (req: EffectRequest): Promise<EffectDone> => {
    const args = cancelArgs.safeParse(req.args);
    const found = args.success ? findShift(host.catalog, args.data.shiftId) : undefined;
    if (!args.success || !found) return { result: { outcome: 'unavailable' } };
    const volunteer = host.pseudonym(VOLUNTEER_SCOPE, req.person);
    const out = await store.cancel(found.shift.id, volunteer, found.shift.capacity);
    if (!out.cancelled) return { result: { outcome: 'none' } };
    await reminders?.withdraw(out.cancelled.id);
    for (const p of out.promoted) await tellPromoted(p);
    return { result: { outcome: 'cancelled', signUpId: out.cancelled.id, volunteer } };
  };
  const tellPromoted = async (p: SignUp): Promise<void> => {
    await remind(p.id, p.shiftId, p.conversationId);
    // Not awaited: the promoted person's turn is theirs; a failure is logged, their place is kept.
    host
      .notify(p.conversationId, { module: 'volunteer', notice: 'promoted', data: { shiftId: p.shiftId }, dedupeId: `promoted:${p.id}` })
      .catch((error: unknown) => host.logger.warn({ err: errorSummary(error), shiftId: p.shiftId }, 'could not tell a promoted volunteer'));
  };
  /**
   * Shifts an import moved: everyone on them (confirmed or waiting) is told the new time in their
   * own chat, and the confirmed people's reminders move with the shift.
   */
  const shiftsMoved = async (moved: readonly MovedShift[]): Promise<void> => {
    for (const m of moved) {
      const found = findShift(host.catalog, m.shiftId);
      if (!found) continue;
      const { confirmed, waitlist } = await store.roster(m.shiftId);
      await reminders?.reschedule(m.shiftId, m.to.startsAt, confirmed.map((s) => ({ signUpId: s.id, conversationId: s.conversationId, opportunityId: found.opportunity.id })));
      for (const s of [...confirmed, ...waitlist]) {
        await host
          .notify(s.conversationId, { module: 'volunteer', notice: 'moved', data: { shiftId: m.shiftId }, dedupeId: `moved:${s.id}:${m.to.startsAt}:${m.to.endsAt}` })
          .catch((error: unknown) => host.logger.warn({ err: errorSummary(error), shiftId: m.shiftId }, 'could not tell a volunteer their shift moved'));
      }
    }
  };
  // Where people's turns run, cancelled shifts' people are told: after a cancellation here, and after each refresh (one made elsewhere).
  const cancellations = host.serving && shifts ? shiftCancellationRunner({ host, shifts: shifts.store, signUps: store, reminders }) : undefined;
  if (cancellations && shifts) {
    shifts.view.onChange(() => void cancellations.run());
    void cancellations.run();
  }
  const shiftsCancelled = async (): Promise<void> => cancellations?.run();
  return { shiftsMoved, shiftsCancelled, signUps: store, reminders, tellPromoted, effects: { [SIGN_UP_EFFECT]: signUp, [LIST_EFFECT]: list, [CANCEL_EFFECT]: cancel }, close: async () => reminders?.close() };
}
