/**
 * Attendance as module services (issue 13, "On the day"): the attendance store (Redis when the
 * process has it, else memory) and the effects the attendance dialog requests (flow.ts):
 * `volunteer.on_shift`, `volunteer.check_in` (idempotent; undone when the turn is not committed)
 * and `volunteer.my_hours`; and for staff, `POST /admin/volunteering/shifts/:id/attendance`
 * `{ "volunteer": <pseudonym>, "attended": true|false }` (a person on the shift's confirmed roster
 * marked attended or not; 404 unknown shift, 409 not on its roster; a new mark goes to the agency
 * as a `volunteer_attendance` with `markedBy: "staff"`); "delete my data" drops the
 * person's marks (erasure-sink.ts).
 */
import express from 'express';
import { z } from 'zod';
import type { ModuleHost, ModuleServices } from '../../../src/modules/services';
import type { EffectDone, EffectRequest } from '../../../src/runtime/effects';
import { sendError } from '../../../src/server/api-error';
import { findShift } from '../listing';
import { forwardStaffMark } from '../roster/staff-attendance';
import { VOLUNTEER_SCOPE } from '../signups/services';
import type { SignUpStore } from '../signups/store';
import { CHECK_IN_EFFECT, MY_HOURS_EFFECT, ON_SHIFT_EFFECT } from './flow';
import { CHECK_IN_RADIUS_M, checkInOpen, haversineMeters, shiftHours } from './hours';
import { ATTENDANCE_ERASURE_SINK_KEY, AttendanceErasureSink } from './erasure-sink';
import { RedisAttendanceStore } from './redis-store';
import { MemoryAttendanceStore, type AttendanceStore } from './store';

const checkInArgs = z.strictObject({ shiftId: z.string().min(1), location: z.strictObject({ lat: z.number(), lon: z.number() }).nullable() });
const staffBody = z.strictObject({ volunteer: z.string().min(1), attended: z.boolean() });

/** The process's attendance store: Redis when it has one, else memory (one per process: the rosters read it too). */
export function attendanceStore(host: Pick<ModuleHost, 'stores'>): AttendanceStore {
  return host.stores.redis ? new RedisAttendanceStore(host.stores.redis) : new MemoryAttendanceStore();
}

export function attendanceServices(host: ModuleHost, signUps: SignUpStore, store: AttendanceStore = attendanceStore(host)): ModuleServices {
  const confirmed = async (volunteer: string) => (await signUps.ofPerson(volunteer)).filter((s) => s.status === 'confirmed');

  /** The person's confirmed place on a shift open for check-in now (the soonest starting), and whether they are already checked in. */
  const onShift = async (req: EffectRequest): Promise<EffectDone> => {
    const now = host.now().getTime();
    const volunteer = host.pseudonym(VOLUNTEER_SCOPE, req.person);
    const open = (await confirmed(volunteer))
      .flatMap((s) => {
        const found = findShift(host.catalog, s.shiftId);
        return found && checkInOpen(found.shift, now) ? [found.shift] : [];
      })
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    if (!open[0]) return { result: { outcome: 'none' } };
    // Already checked in: said at once, without asking for a location again.
    const held = await store.ofPerson(volunteer, [open[0].id]);
    return { result: { outcome: held[open[0].id] ? 'already' : 'found', shiftId: open[0].id } };
  };

  const checkIn = async (req: EffectRequest): Promise<EffectDone> => {
    const args = checkInArgs.safeParse(req.args);
    const found = args.success ? findShift(host.catalog, args.data.shiftId) : undefined;
    if (!args.success || !found) return { result: { outcome: 'unavailable' } };
    const volunteer = host.pseudonym(VOLUNTEER_SCOPE, req.person);
    const now = host.now();
    const signUp = (await confirmed(volunteer)).find((s) => s.shiftId === found.shift.id);
    if (!signUp || !checkInOpen(found.shift, now.getTime())) return { result: { outcome: 'none' } };
    const distance = args.data.location ? Math.round(haversineMeters(args.data.location, found.opportunity.place)) : undefined;
    if (distance !== undefined && distance > CHECK_IN_RADIUS_M) return { result: { outcome: 'too_far', distanceMeters: distance } };
    const marked = await store.mark(found.shift.id, volunteer, { at: now.toISOString(), by: 'volunteer' });
    if (marked.already) return { result: { outcome: 'already', at: marked.attendance.at } };
    return {
      result: { outcome: 'checked_in', volunteer, signUpId: signUp.id, at: marked.attendance.at, ...(distance !== undefined ? { distanceMeters: distance } : {}) },
      undo: async () => void (await store.unmark(found.shift.id, volunteer)),
    };
  };

  /** Hours over the shifts that have ended and the person attended (hours.ts: full shift length). */
  const myHours = async (req: EffectRequest): Promise<EffectDone> => {
    const volunteer = host.pseudonym(VOLUNTEER_SCOPE, req.person);
    const now = host.now().getTime();
    const ended = (await confirmed(volunteer)).flatMap((s) => {
      const found = findShift(host.catalog, s.shiftId);
      return found && Date.parse(found.shift.endsAt) <= now ? [found.shift] : [];
    });
    const attended = await store.ofPerson(volunteer, ended.map((s) => s.id));
    const counted = ended.filter((s) => attended[s.id]);
    const hours = counted.reduce((sum, s) => sum + shiftHours(s), 0);
    return { result: { outcome: 'hours', hours, shifts: counted.length } };
  };

  const adminRouter = express.Router();
  adminRouter.post('/volunteering/shifts/:id/attendance', express.json(), async (req, res) => {
    const body = staffBody.safeParse(req.body);
    if (!body.success) return sendError(res, 400, 'invalid_body', 'send { "volunteer": <pseudonym>, "attended": true|false }');
    const found = findShift(host.catalog, req.params.id);
    if (!found) return sendError(res, 404, 'not_found', 'no such shift');
    const { volunteer, attended } = body.data;
    const signUp = (await signUps.roster(found.shift.id)).confirmed.find((s) => s.person === volunteer);
    if (!signUp) return sendError(res, 409, 'bad_request', 'that volunteer has no confirmed place on this shift');
    if (attended) {
      const now = host.now();
      // A new mark reaches the agency like a check-in (roster/staff-attendance.ts).
      if (!(await store.mark(found.shift.id, volunteer, { at: now.toISOString(), by: 'staff' })).already) await forwardStaffMark({ host, attendance: store }, found, signUp, now);
    } else await store.unmark(found.shift.id, volunteer);
    res.json({ shiftId: found.shift.id, volunteer, attended });
  });

  const sinks = [{ sinkKey: ATTENDANCE_ERASURE_SINK_KEY, sink: new AttendanceErasureSink({ host, store }) }];
  return { adminRouter, sinks, effects: { [ON_SHIFT_EFFECT]: onShift, [CHECK_IN_EFFECT]: checkIn, [MY_HOURS_EFFECT]: myHours } };
}
