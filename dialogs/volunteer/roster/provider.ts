/**
 * The volunteer module's RosterProvider (src/modules/rosters.ts): a shift's places from the
 * sign-up store (signups/store.ts), its opportunity from the live catalogue, each sign-up's
 * answers (answers-store.ts) as text in the reader's language (option labels, yes/no), each
 * person's per-shift reference (ref.ts) and attendance (attendance/store.ts: checked in, or
 * marked by staff), and staff's attendance marks (staff-attendance.ts).
 */
import type { Opportunity, Shift } from '../../../src/catalog/types';
import type { Question } from '../../../src/catalog/consultation-types';
import type { Json } from '../../../src/engine/json';
import { localized } from '../../../src/engine/locale';
import type { ModuleHost } from '../../../src/modules/services';
import type { PendingAnswers, RosterProvider, RosterSnapshot, RosterSummary, RosterVolunteer } from '../../../src/modules/rosters';
import { staffMarkWindow } from '../attendance/hours';
import type { Attendance, AttendanceStore } from '../attendance/store';
import type { SignUp, SignUpStore } from '../signups/store';
import type { AnswersStore, SignUpAnswers } from './answers-store';
import { volunteerRef } from './ref';
import { markAttendance } from './staff-attendance';

export interface RosterDeps {
  host: Pick<ModuleHost, 'catalog' | 'i18n' | 'linkSecret'> & Partial<Pick<ModuleHost, 'submit'>>;
  signUps: SignUpStore;
  answers: AnswersStore;
  /** Who attended (the store people's check-ins go to). */
  attendance: AttendanceStore;
}

const attendedAs = (a: Attendance | undefined): RosterVolunteer['attended'] => (a ? (a.by === 'volunteer' ? 'checked_in' : 'marked') : undefined);

/** The opportunity and shift of a shift id, in the live catalogue. */
export function findShift(host: Pick<ModuleHost, 'catalog'>, shiftId: string): { opportunity: Opportunity; shift: Shift } | undefined {
  for (const opportunity of host.catalog.opportunities) {
    const shift = opportunity.shifts.find((s) => s.id === shiftId);
    if (shift) return { opportunity, shift };
  }
  return undefined;
}

export function rosterProvider(deps: RosterDeps): RosterProvider {
  const { host } = deps;
  const def = host.catalog.jurisdiction.defaultLocale;
  const snapshot = async (shiftId: string, locale: string, pending?: PendingAnswers): Promise<RosterSnapshot | null> => {
    const found = findShift(host, shiftId);
    if (!found) return null;
    const { opportunity: o, shift } = found;
    const [places, answers, attended] = await Promise.all([deps.signUps.roster(shiftId), deps.answers.of(shiftId), deps.attendance.ofShift(shiftId)]);
    const secret = host.linkSecret();
    // Answers still on their way to the store (answers-sink.ts) come with the caller's result.
    if (pending && answers[pending.signUpId] === undefined) answers[pending.signUpId] = pending.answers as SignUpAnswers;
    const questions = o.questions.filter((q) => q.type !== 'statement');
    const on = new Set([...places.confirmed, ...places.waitlist].map((s) => s.id));
    const stale = Object.keys(answers).filter((id) => !on.has(id));
    if (stale.length > 0) await deps.answers.prune(shiftId, stale);
    const entry = (s: SignUp, i: number): RosterVolunteer => {
      const how = s.status === 'confirmed' ? attendedAs(attended[s.person]) : undefined;
      return {
        signUpId: s.id,
        volunteer: s.person,
        status: s.status === 'confirmed' ? 'confirmed' : 'waitlisted',
        position: i + 1,
        signedUpAt: s.at,
        answers: Object.fromEntries(questions.map((q) => [q.id, answerText(q, answers[s.id]?.[q.id], locale, def, host)])),
        ref: volunteerRef(secret, shiftId, s.id),
        ...(how ? { attended: how } : {}),
      };
    };
    return {
      shiftId,
      opportunityId: o.id,
      agencyId: o.agency,
      title: localized(o.title, locale, def),
      address: localized(o.place.address, locale, def),
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      capacity: shift.capacity,
      confirmed: places.confirmed.length,
      waitlisted: places.waitlist.length,
      waitlist: o.waitlist,
      questions: questions.map((q) => ({ id: q.id, text: localized(q.text, locale, def) })),
      volunteers: [...places.confirmed.map(entry), ...places.waitlist.map(entry)],
      contactDetails: false,
      attendance: staffMarkWindow(shift),
      ...(shift.cancelled ? { cancelled: { at: shift.cancelled.at, ...(shift.cancelled.reason ? { reason: localized(shift.cancelled.reason, locale, def) } : {}) } } : {}),
    };
  };
  return {
    roster: snapshot,
    markAttendance: (mark, now) => markAttendance(deps, mark, now),
    async upcoming(locale: string, now: Date): Promise<RosterSummary[]> {
      const shifts = host.catalog.opportunities.flatMap((o) => o.shifts.filter((s) => Date.parse(s.endsAt) > now.getTime() && !s.cancelled).map((s) => ({ o, s })));
      const counts = shifts.length > 0 ? await deps.signUps.counts(shifts.map(({ s }) => s.id)) : {};
      return shifts
        .map(({ o, s }) => ({
          shiftId: s.id,
          opportunityId: o.id,
          agencyId: o.agency,
          title: localized(o.title, locale, def),
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          capacity: s.capacity,
          confirmed: counts[s.id]?.confirmed ?? 0,
          waitlisted: counts[s.id]?.waitlisted ?? 0,
        }))
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.shiftId.localeCompare(b.shiftId));
    },
  };
}

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One answer as text: option labels, yes/no in the reader's language, "other" text, numbers, an address or a point. */
export function answerText(q: Question, v: SignUpAnswers[string] | undefined, locale: string, def: string, host: Pick<ModuleHost, 'i18n'>): string {
  if (v === undefined || v === null) return '';
  const label = (id: string): string => {
    const options = 'options' in q ? q.options : [];
    const o = options.find((x) => x.id === id);
    return o ? localized(o.label, locale, def) : id;
  };
  if (typeof v === 'boolean') return host.i18n.renderText([{ key: v ? 'choices.yes' : 'choices.no' }], locale);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return 'options' in q ? label(v) : v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? label(x) : isObject(x) && typeof x.other === 'string' ? x.other : '')).filter((x) => x !== '').join(q.type === 'ranking' ? ' > ' : '; ');
  if (typeof v.other === 'string') return v.other;
  if (typeof v.address === 'string') return v.address;
  if (typeof v.lat === 'number' && typeof v.lon === 'number') return `${v.lat.toFixed(5)}, ${v.lon.toFixed(5)}`;
  return '';
}
