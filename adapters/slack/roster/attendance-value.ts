/**
 * The "Mark attended" / "Not attended" buttons of a roster card (card.ts) and what they carry:
 * action id `wegov_attendance:mark` or `wegov_attendance:unmark`, value a small JSON object
 * `{ k: <sink key>, s: <shift id>, r: <volunteer ref> }` (Slack allows 2,000 characters), checked
 * with zod before anything is looked up. The value is only a pointer: attendance.ts accepts a
 * click only from the card that sink keeps for that shift, from a member of its channel, and the
 * module resolves the ref among that shift's confirmed volunteers only (a ref means nothing on
 * another shift), so an edited value can name no one it could not already see.
 */
import { z } from 'zod';
import { SHIFT_ID } from '../../../src/modules/rosters';

export const ATTENDANCE_PREFIX = 'wegov_attendance:';
export const MARK_ATTENDED = `${ATTENDANCE_PREFIX}mark`;
export const MARK_NOT_ATTENDED = `${ATTENDANCE_PREFIX}unmark`;
/** Both buttons' action ids (Bolt's action matcher). */
export const ATTENDANCE_ACTION = /^wegov_attendance:(?:mark|unmark)$/;

const valueSchema = z.strictObject({
  k: z.string().regex(/^[\w.:-]{1,120}$/),
  s: z.string().regex(SHIFT_ID),
  r: z.string().regex(/^[0-9A-Za-z_-]{4,64}$/),
});

export interface AttendanceButton {
  sinkKey: string;
  shiftId: string;
  ref: string;
  attended: boolean;
}

export function attendanceValue(v: Omit<AttendanceButton, 'attended'>): string {
  return JSON.stringify({ k: v.sinkKey, s: v.shiftId, r: v.ref });
}

/** A click's action id and value as a button of ours, or null (a forged or foreign value). */
export function parseAttendanceButton(actionId: string, value: string | undefined): AttendanceButton | null {
  if (actionId !== MARK_ATTENDED && actionId !== MARK_NOT_ATTENDED) return null;
  if (typeof value !== 'string' || value.length > 2000) return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    // Not JSON: not one of our buttons.
    return null;
  }
  const v = valueSchema.safeParse(json);
  return v.success ? { sinkKey: v.data.k, shiftId: v.data.s, ref: v.data.r, attended: actionId === MARK_ATTENDED } : null;
}
