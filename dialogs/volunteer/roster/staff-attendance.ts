/**
 * Staff marking a volunteer attended (or not) from a staff channel (issue 13, "staff can mark
 * attendance in Slack"): the RosterProvider's `markAttendance` (src/modules/rosters.ts). The
 * volunteer is named by their per-shift reference (ref.ts), resolved against the shift's
 * confirmed places only (a waitlisted person, someone who cancelled, or a reference from another
 * shift names nobody), within the marking window (hours.ts: from the start until 7 days after
 * the end). The mark goes to the same attendance store as people's own check-ins, so a check-in
 * already there stands ("unchanged") and "how many hours have I given?" counts the shift for its
 * full length either way. Who marked them is kept in the mark, never shown.
 */
import type { ModuleHost } from '../../../src/modules/services';
import type { AttendanceMark, AttendanceMarkOutcome } from '../../../src/modules/rosters';
import { staffMarkWindow } from '../attendance/hours';
import type { AttendanceStore } from '../attendance/store';
import type { SignUpStore } from '../signups/store';
import { findShift } from '../listing';
import { ROSTER_REF, volunteerRef } from './ref';

export interface StaffAttendanceDeps {
  host: Pick<ModuleHost, 'catalog' | 'linkSecret'>;
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
  const out = await deps.attendance.mark(found.shift.id, signUp.person, { at: now.toISOString(), by: 'staff', staff: mark.by });
  return out.already ? 'unchanged' : 'marked';
}
