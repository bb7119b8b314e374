/**
 * Who attended a shift (issue 13, "On the day"): per shift, person (volunteering pseudonym) ->
 * when they were marked attended and how (they checked in from their chat, or staff marked them).
 * Idempotent: the first mark stands (a second check-in keeps the first time). Staff may also
 * unmark a person (a check-in by mistake); "delete my data" drops all of a person's marks
 * (erasure-sink.ts). A staff mark made from a staff channel keeps who made it (`staff`, e.g.
 * `slack:U0123`: for the agency's own records, never shown on a card or to the volunteer).
 * Memory here; Redis in redis-store.ts.
 */

export interface Attendance {
  /** ISO instant of the check-in (or of staff marking them). */
  at: string;
  by: 'volunteer' | 'staff';
  /** Who marked them, as a staff channel names its user (a staff mark from a channel only). */
  staff?: string;
}

export interface AttendanceStore {
  /** Marks the person attended; returns the mark that stands (the earlier one when already marked). */
  mark(shiftId: string, person: string, attendance: Attendance): Promise<{ attendance: Attendance; already: boolean }>;
  /** Removes the person's mark (staff: "did not attend"); true when there was one. */
  unmark(shiftId: string, person: string): Promise<boolean>;
  /** Every mark on the shift, by person. */
  ofShift(shiftId: string): Promise<Record<string, Attendance>>;
  /** The person's mark on each shift that has one. */
  ofPerson(person: string, shiftIds: readonly string[]): Promise<Record<string, Attendance>>;
  /** "Delete my data": drops the person's marks on these shifts; returns how many there were. */
  forget(person: string, shiftIds: readonly string[]): Promise<number>;
}

export class MemoryAttendanceStore implements AttendanceStore {
  private readonly byShift = new Map<string, Map<string, Attendance>>();

  mark(shiftId: string, person: string, attendance: Attendance): Promise<{ attendance: Attendance; already: boolean }> {
    const shift = this.byShift.get(shiftId) ?? new Map<string, Attendance>();
    this.byShift.set(shiftId, shift);
    const held = shift.get(person);
    if (held) return Promise.resolve({ attendance: held, already: true });
    shift.set(person, attendance);
    return Promise.resolve({ attendance, already: false });
  }

  unmark(shiftId: string, person: string): Promise<boolean> {
    return Promise.resolve(this.byShift.get(shiftId)?.delete(person) ?? false);
  }

  ofShift(shiftId: string): Promise<Record<string, Attendance>> {
    return Promise.resolve(Object.fromEntries(this.byShift.get(shiftId) ?? []));
  }

  ofPerson(person: string, shiftIds: readonly string[]): Promise<Record<string, Attendance>> {
    const out: Record<string, Attendance> = {};
    for (const id of shiftIds) {
      const held = this.byShift.get(id)?.get(person);
      if (held) out[id] = held;
    }
    return Promise.resolve(out);
  }

  forget(person: string, shiftIds: readonly string[]): Promise<number> {
    return Promise.resolve(shiftIds.filter((id) => this.byShift.get(id)?.delete(person) === true).length);
  }
}

/** Parses a stored mark (null for anything else). */
export function parseAttendance(raw: string | null | undefined): Attendance | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { at?: unknown; by?: unknown; staff?: unknown };
    if (typeof v.at !== 'string' || (v.by !== 'volunteer' && v.by !== 'staff')) return null;
    return { at: v.at, by: v.by, ...(typeof v.staff === 'string' ? { staff: v.staff } : {}) };
  } catch {
    // A corrupt entry counts as no mark: the person can check in again.
    return null;
  }
}
