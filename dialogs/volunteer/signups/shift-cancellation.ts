/**
 * Telling everyone on a shift the agency cancelled (issue 13; shifts/cancel.ts and imports mark
 * it). For each cancellation still to tell (ShiftStore.cancelling): the shift is closed to
 * sign-ups and every sign-up on it ends as `cancelled_by_agency` in one atomic step (nobody is
 * promoted); each person's reminders are withdrawn and they are told in their own conversation and
 * language (notice `shift_cancelled`, with the reason in their language or the default one); the
 * agency gets a `volunteer_shift_cancellation` through the outbox (ModuleHost.submit); then the
 * cancellation leaves the set. Like adopt's delisting (dialogs/adopt/imports/delisting.ts), every
 * step is idempotent (the store's second close returns the same people, the notice's dedupe id is
 * the sign-up's, the result's id the shift's and instant), so a crash or two processes at once
 * repeat nothing. Runs where people's turns run: right after a cancellation there, and after each
 * snapshot refresh otherwise (a `wegov volunteer:cancel` from the shell).
 */
import { serialPasses, type SerialPasses } from '../../../src/modules/serial-passes';
import type { ModuleHost } from '../../../src/modules/services';
import type { Submission } from '../../../src/state/types';
import { findShift } from '../listing';
import type { ReminderScheduler } from '../reminders/scheduler';
import { VOLUNTEER_SHIFT_CANCELLATION, type VolunteerShiftCancellation } from '../result';
import type { ShiftStore } from '../shifts/store';
import type { SignUpStore } from './store';

export interface ShiftCancellationDeps {
  host: Pick<ModuleHost, 'catalog' | 'submit' | 'notify' | 'logger'>;
  shifts: ShiftStore;
  signUps: SignUpStore;
  reminders: ReminderScheduler | undefined;
}

/** The conversation a result no person's turn submitted names (the agency's own act). */
const AGENCY_ACT = 'volunteering:agency';

/** Tells the people of every cancellation pending; returns how many people were told. */
export async function tellCancelledShifts(deps: ShiftCancellationDeps): Promise<number> {
  const { host, shifts, signUps, reminders } = deps;
  let told = 0;
  for (const shiftId of await shifts.cancelling()) {
    const found = findShift(host.catalog, shiftId);
    // Not in this snapshot yet (cancelled in another process a moment ago): the next refresh brings it.
    if (found && !found.shift.cancelled) continue;
    if (!found) {
      await shifts.cancellingDone([shiftId]);
      continue;
    }
    const { opportunity: o, shift } = found;
    const cancelled = shift.cancelled!;
    const ended = await signUps.cancelShift(shiftId);
    for (const s of ended) {
      await reminders?.withdraw(s.id);
      const out = await host.notify(s.conversationId, {
        module: 'volunteer',
        notice: 'shift_cancelled',
        data: { shiftId, ...(cancelled.reason ? { reason: cancelled.reason } : {}) },
        dedupeId: `shift_cancelled:${s.id}`,
      });
      if (out === 'conversation_gone') host.logger.info({ shiftId }, 'a volunteer of a cancelled shift has no conversation left to tell');
      else told += 1;
    }
    const id = `shift-cancelled-${shiftId}-${String(Date.parse(cancelled.at))}`;
    const payload: VolunteerShiftCancellation = {
      id,
      opportunityId: o.id,
      shiftId,
      agencyId: o.agency,
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      cancelledAt: cancelled.at,
      ...(cancelled.reason ? { reason: cancelled.reason } : {}),
      signUps: ended.map((s) => ({ signUpId: s.id, volunteer: s.person, status: s.status === 'confirmed' ? 'confirmed' : 'waitlisted' })),
    };
    const submission: Submission = { id, kind: VOLUNTEER_SHIFT_CANCELLATION, agencyId: o.agency, conversationId: AGENCY_ACT, createdAt: cancelled.at, payload };
    await host.submit(submission);
    await shifts.cancellingDone([shiftId]);
  }
  return told;
}

/** Runs passes one at a time; one asked for while one runs follows it. Failures are logged and retried by the next pass. */
export function shiftCancellationRunner(deps: ShiftCancellationDeps): SerialPasses {
  return serialPasses(deps.host.logger, () => tellCancelledShifts(deps), {
    key: 'told',
    done: 'volunteers of cancelled shifts told',
    failed: 'cancelled shifts not all told; the next pass retries',
  });
}
