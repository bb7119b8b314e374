/**
 * Staff marking a volunteer attended (or not) from a staff channel (issue 13, "staff can mark
 * attendance in Slack"): the RosterProvider's `markAttendance` (src/modules/rosters.ts). The
 * volunteer is named by their per-shift reference (ref.ts), resolved against the shift's
 * confirmed places only (a waitlisted person, someone who cancelled, or a reference from another
 * shift names nobody), within the marking window (hours.ts: from the start until 7 days after
 * the end). The mark goes to the same attendance store as people's own check-ins, so a check-in
 * already there stands ("unchanged") and "how many hours have I given?" counts the shift for its
 * full length either way. Who marked them is kept in the mark, never shown.
 *
 * A new mark goes to the agency like a check-in does: a `volunteer_attendance` result through the
 * outbox (ModuleHost.submit; webhook `volunteer.checked_in` with `markedBy: "staff"`, and the
 * roster card's redraw), its id from the sign-up and the mark's instant. When it cannot be
 * queued the mark is taken back and the click fails, so staff can click again. Taking a mark
 * back ("Not attended") is not forwarded.
 */
import type { ModuleHost } from '../../../src/modules/services';
import type { Submission } from '../../../src/state/types';
import { shiftHours } from '../attendance/hours';
import { VOLUNTEER_ATTENDANCE, type VolunteerAttendance } from '../attendance/result';
import type { AttendanceMark, AttendanceMarkOutcome } from '../../../src/modules/rosters';
import { staffMarkWindow } from '../attendance/hours';
import type { AttendanceStore } from '../attendance/store';
import type { SignUp, SignUpStore } from '../signups/store';
import type { Opportunity, Shift } from '../../../src/catalog/types';
import { findShift } from '../listing';
import { ROSTER_REF, volunteerRef } from './ref';

export interface StaffAttendanceDeps {
  /** `submit`: where a new mark is forwarded to the agency (absent in unit tests of the card). */
  host: Pick<ModuleHost, 'catalog' | 'linkSecret'> & Partial<Pick<ModuleHost, 'submit'>>;
  signUps: SignUpStore;
  attendance: AttendanceStore;
}

export async function markAttendance(deps: StaffAttendanceDeps, mark: AttendanceMark, now: Date): Promise<AttendanceMarkOutcome> {
  const found = findShift(deps.host.catalog, mark.shiftId);
  if (!found) return 'unknown_shift';
  const window = staffMarkWindow(found.shift);
  if (now.getTime() < Date.parse(window.opensAt)) return 'not_open';
  if (now.getTime() >= Date.parse(window.closesAt)) return 'closed';
  if (!ROSTER_REF.test(mark.ref)) return 'unknown_volunteer';
  const secret = deps.host.linkSecret();
  const { confirmed } = await deps.signUps.roster(found.shift.id);
  const signUp = confirmed.find((s) => volunteerRef(secret, found.shift.id, s.id) === mark.ref);
  if (!signUp) return 'unknown_volunteer';
  if (!mark.attended) return (await deps.attendance.unmark(found.shift.id, signUp.person)) ? 'unmarked' : 'unchanged';
  const at = now.toISOString();
  const out = await deps.attendance.mark(found.shift.id, signUp.person, { at, by: 'staff', staff: mark.by });
  if (out.already) return 'unchanged';
  await forwardStaffMark(deps, found, signUp, now);
  return 'marked';
}

/** Forwards a new staff mark to the agency (see above); takes the mark back and rethrows when it cannot be queued. */
export async function forwardStaffMark(
  deps: Pick<StaffAttendanceDeps, 'host' | 'attendance'>,
  found: { opportunity: Opportunity; shift: Shift },
  signUp: SignUp,
  now: Date,
): Promise<void> {
  const { submit } = deps.host;
  if (!submit) return;
  const { opportunity: o, shift } = found;
  const at = now.toISOString();
  const id = `staff-attended-${signUp.id}-${String(now.getTime())}`;
  const payload: VolunteerAttendance = { id, signUpId: signUp.id, opportunityId: o.id, shiftId: shift.id, agencyId: o.agency, checkedInAt: at, hours: shiftHours(shift), volunteer: signUp.person, markedBy: 'staff' };
  const submission: Submission = { id, kind: VOLUNTEER_ATTENDANCE, agencyId: o.agency, conversationId: signUp.conversationId, createdAt: at, payload };
  try {
    await submit(submission);
  } catch (error) {
    await deps.attendance.unmark(shift.id, signUp.person);
    throw error;
  }
}
