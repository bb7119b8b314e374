import { z } from 'zod';
import type { ResultKind } from '../../src/engine/module';

export const VOLUNTEER_SIGNUP = 'volunteer_signup';

const answer = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string()), z.object({ other: z.string() }), z.object({ lat: z.number(), lon: z.number() }), z.object({ address: z.string() })]);

/**
 * A sign-up for a shift as the agency receives it (webhook `volunteer.signed_up`,
 * docs/webhooks/volunteer-signup-v1.schema.json): the opportunity and shift, whether the person
 * got a place or a waitlist spot, their answers to the sign-up questions, the language and channel
 * they signed up in, and their pseudonym for volunteering (`volunteer`). No chat identity and no
 * contact details.
 */
export const volunteerSignUpSchema = z.strictObject({
  id: z.string().min(1),
  opportunityId: z.string().min(1),
  shiftId: z.string().min(1),
  agencyId: z.string().min(1),
  status: z.enum(['confirmed', 'waitlisted']),
  /** 1 = next to be promoted (waitlisted only). */
  position: z.number().int().min(1).optional(),
  startsAt: z.string(),
  endsAt: z.string(),
  answers: z.record(z.string(), answer),
  locale: z.string(),
  channel: z.string(),
  submittedAt: z.string(),
  volunteer: z.string().min(1),
});

export type VolunteerSignUp = z.infer<typeof volunteerSignUpSchema>;

export const VOLUNTEER_SIGNUP_RESULT: ResultKind = {
  version: 1,
  schema: volunteerSignUpSchema,
  webhookEvent: { type: 'volunteer.signed_up', schemaFile: 'volunteer-signup-v1.schema.json' },
};

export const VOLUNTEER_CANCELLATION = 'volunteer_cancellation';

/**
 * A person cancelled their sign-up (webhook `volunteer.cancelled`,
 * docs/webhooks/volunteer-cancellation-v1.schema.json): which sign-up, shift and opportunity,
 * when, and the person's volunteering pseudonym. A waitlisted person promoted into the freed
 * place is told in their own conversation.
 */
export const volunteerCancellationSchema = z.strictObject({
  id: z.string().min(1),
  signUpId: z.string().min(1),
  opportunityId: z.string().min(1),
  shiftId: z.string().min(1),
  agencyId: z.string().min(1),
  cancelledAt: z.string(),
  volunteer: z.string(),
});

export type VolunteerCancellation = z.infer<typeof volunteerCancellationSchema>;

export const VOLUNTEER_CANCELLATION_RESULT: ResultKind = {
  version: 1,
  schema: volunteerCancellationSchema,
  webhookEvent: { type: 'volunteer.cancelled', schemaFile: 'volunteer-cancellation-v1.schema.json' },
};

export const VOLUNTEER_SHIFT_CANCELLATION = 'volunteer_shift_cancellation';

/**
 * The agency cancelled a shift (webhook `volunteer.shift_cancelled`,
 * docs/webhooks/volunteer-shift-cancellation-v1.schema.json): the shift and its opportunity, when
 * it was to take place, when it was cancelled, the reason per language if one was given, and every
 * sign-up it ended (pseudonym and the status it had: nobody was promoted). Each person was told
 * in their own conversation and language.
 */
export const volunteerShiftCancellationSchema = z.strictObject({
  id: z.string().min(1),
  opportunityId: z.string().min(1),
  shiftId: z.string().min(1),
  agencyId: z.string().min(1),
  startsAt: z.string(),
  endsAt: z.string(),
  cancelledAt: z.string(),
  reason: z.record(z.string(), z.string()).optional(),
  signUps: z.array(z.strictObject({ signUpId: z.string().min(1), volunteer: z.string(), status: z.enum(['confirmed', 'waitlisted']) })),
});

export type VolunteerShiftCancellation = z.infer<typeof volunteerShiftCancellationSchema>;

export const VOLUNTEER_SHIFT_CANCELLATION_RESULT: ResultKind = {
  version: 1,
  schema: volunteerShiftCancellationSchema,
  webhookEvent: { type: 'volunteer.shift_cancelled', schemaFile: 'volunteer-shift-cancellation-v1.schema.json' },
};
