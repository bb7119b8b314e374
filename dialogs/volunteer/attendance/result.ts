/**
 * A volunteer was at their shift (webhook `volunteer.checked_in`,
 * docs/webhooks/volunteer-attendance-v1.schema.json): the sign-up, shift and opportunity, when
 * they checked in, how far from the opportunity's place their shared location was (when they
 * shared one), the hours the shift counts for them (its length: hours.ts), and their volunteering
 * pseudonym; `markedBy: "staff"` when staff marked them attended (the Slack roster card, the admin
 * API) rather than the volunteer checking in. No chat identity and no coordinates.
 */
import { z } from 'zod';
import type { ResultKind } from '../../../src/engine/module';

export const VOLUNTEER_ATTENDANCE = 'volunteer_attendance';

export const volunteerAttendanceSchema = z.strictObject({
  id: z.string().min(1),
  signUpId: z.string().min(1),
  opportunityId: z.string().min(1),
  shiftId: z.string().min(1),
  agencyId: z.string().min(1),
  checkedInAt: z.string(),
  /** Metres from the opportunity's place, rounded; absent when the person did not share a location. */
  distanceMeters: z.number().int().min(0).optional(),
  hours: z.number().min(0),
  volunteer: z.string().min(1),
  /** Staff marked them attended (never who); absent for the volunteer's own check-in. */
  markedBy: z.literal('staff').optional(),
});

export type VolunteerAttendance = z.infer<typeof volunteerAttendanceSchema>;

export const VOLUNTEER_ATTENDANCE_RESULT: ResultKind = {
  version: 1,
  schema: volunteerAttendanceSchema,
  webhookEvent: { type: 'volunteer.checked_in', schemaFile: 'volunteer-attendance-v1.schema.json' },
};
