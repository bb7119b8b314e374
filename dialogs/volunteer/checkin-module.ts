/**
 * On the day (issue 13), as its own small module beside `volunteer` (a module has one menu
 * entry): while any shift is open for check-in (30 minutes before its start to its end) the menu
 * offers "I'm here" (typed too: "estoy aquí", "أنا هنا"); otherwise, once any shift has started,
 * "My volunteer hours". "How many hours have I given?" typed at the menu works whenever either
 * entry is on it. The menu cannot ask the store whether this person has a shift (entries are
 * computed without I/O), so the flow's first effect tells a person without one. Submits
 * `volunteer_attendance` (webhook `volunteer.checked_in`).
 */
import type { MenuEntry, ParticipationModule } from '../../src/engine/module';
import type { Env } from '../../src/engine/env';
import { says, vocabulary } from '../../src/engine/vocabulary';
import { t } from '../../src/engine/text';
import { ATTENDANCE_FLOW, WANT, attendanceFlow } from './attendance/flow';
import { checkInOpen } from './attendance/hours';
import { VOLUNTEER_ATTENDANCE, VOLUNTEER_ATTENDANCE_RESULT } from './attendance/result';
import { entryIntent } from '../../src/engine/entry-intent';
import examples from './checkin-intents.json';

function entry(env: Env): MenuEntry | null {
  const now = env.now().getTime();
  const shifts = env.catalog.opportunities.flatMap((o) => o.shifts);
  const hours: Pick<MenuEntry, 'interpret'> = { interpret: (input) => (input.kind === 'text' && says(env, input.text, 'my_hours') ? { [WANT]: 'hours' } : null) };
  if (shifts.some((s) => checkInOpen(s, now))) return { id: 'checkin', label: t('volunteer.checkin.menu'), order: 31, match: vocabulary(env, 'checkin'), start: { flow: ATTENDANCE_FLOW, answers: { [WANT]: 'checkin' } }, ...hours };
  if (shifts.some((s) => Date.parse(s.startsAt) <= now)) return { id: 'my_hours', label: t('volunteer.hours.menu'), order: 32, match: vocabulary(env, 'my_hours'), start: { flow: ATTENDANCE_FLOW, answers: { [WANT]: 'hours' } }, ...hours };
  return null;
}

export const checkinModule: ParticipationModule = {
  id: 'volunteer_attendance',
  flows: [attendanceFlow],
  menuEntry: (env) => entry(env),
  results: { [VOLUNTEER_ATTENDANCE]: VOLUNTEER_ATTENDANCE_RESULT },
  // "I've just arrived at the clean-up": check in, while a shift is open for it (examples: checkin-intents.json).
  intents: [entryIntent('checkin', examples.checkin, (env) => (entry(env)?.id === 'checkin' ? entry(env) : null))],
};
