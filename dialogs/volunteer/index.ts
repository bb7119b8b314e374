import type { ParticipationModule } from '../../src/engine/module';
import { volunteerEntry } from './entry';
import { volunteerFlow } from './flow';
import { VOLUNTEER_CANCELLATION, VOLUNTEER_CANCELLATION_RESULT, VOLUNTEER_SHIFT_CANCELLATION, VOLUNTEER_SHIFT_CANCELLATION_RESULT, VOLUNTEER_SIGNUP, VOLUNTEER_SIGNUP_RESULT } from './result';
import { mineFlow } from './mine';
import { moved, promoted, reminder, shiftCancelled } from './notices';
import { volunteerIntents } from './intents';

/**
 * Volunteering (issue 13): on the menu while any opportunity has an upcoming shift ("Volunteer"),
 * and behind the deep link `volunteer` (Telegram `/start volunteer`, the widget's `data-start`).
 * Submits `volunteer_signup` results (webhook `volunteer.signed_up`, the file; never Open311).
 */
export const volunteerModule: ParticipationModule = {
  id: 'volunteer',
  flows: [volunteerFlow, mineFlow],
  menuEntry: volunteerEntry,
  deepLinks: [(payload) => (payload.trim().toLowerCase() === 'volunteer' ? { flow: volunteerFlow.id } : null)],
  results: { [VOLUNTEER_SIGNUP]: VOLUNTEER_SIGNUP_RESULT, [VOLUNTEER_CANCELLATION]: VOLUNTEER_CANCELLATION_RESULT, [VOLUNTEER_SHIFT_CANCELLATION]: VOLUNTEER_SHIFT_CANCELLATION_RESULT },
  notices: { promoted, reminder, moved, shift_cancelled: shiftCancelled },
  intents: volunteerIntents,
  // "Delete my data" carries the person's volunteering pseudonym (signups/services.ts VOLUNTEER_SCOPE), so signups/erasure-sink.ts cancels their sign-ups.
  allOnceScopes: () => ['volunteer'],
};
