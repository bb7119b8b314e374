/**
 * On the day (issue 13): "I'm here" checks a volunteer in, and "how many hours have I given?"
 * answers with their total. Both read the stores through effects run by the runtime in the turn
 * (services.ts): `volunteer.on_shift` finds the person's confirmed place on a shift open for
 * check-in now (a person without one, or already checked in, is told so before being asked anything), then the person
 * may share their location (or skip), then `volunteer.check_in` records the attendance, refusing
 * a location further than 300 m from the opportunity's place. A check-in submits a
 * `volunteer_attendance` result. `volunteer.my_hours` totals the shifts that have ended.
 */
import type { FlowCtx, FlowDef, Outcome } from '../../../src/engine/flow';
import { newSubmissionId } from '../../../src/engine/ids';
import type { Json } from '../../../src/engine/json';
import { localized } from '../../../src/engine/locale';
import { lit, t, type Text } from '../../../src/engine/text';
import { findShift } from '../listing';
import { shiftTime } from '../time';
import { shiftHours } from './hours';
import { VOLUNTEER_ATTENDANCE, type VolunteerAttendance } from './result';

export const ATTENDANCE_FLOW = 'volunteer_attendance';
export const ON_SHIFT_EFFECT = 'volunteer.on_shift';
export const CHECK_IN_EFFECT = 'volunteer.check_in';
export const MY_HOURS_EFFECT = 'volunteer.my_hours';
/** `checkin` or `hours`. */
export const WANT = 'want';
const SHIFT = 'shift';
const WHERE = 'where';

type Reply = { outcome?: string; shiftId?: string; signUpId?: string; volunteer?: string; at?: string; distanceMeters?: number; hours?: number; shifts?: number };

const say = (text: Text[]): Outcome => ({ messages: [{ text, expects: 'none' }], events: [] });

/** "Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM" */
function what(ctx: FlowCtx, shiftId: string): Text {
  const found = findShift(ctx.env.catalog, shiftId);
  if (!found) return lit(shiftId);
  return lit(`${localized(found.opportunity.title, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale)}, ${shiftTime(ctx, found.shift)}`);
}

function request(effect: string, id: string, args: Json): Outcome {
  return { messages: [], events: [{ type: 'effect_requested', effect, id, args }], wait: { effect, id } };
}

export const attendanceFlow: FlowDef = {
  id: ATTENDANCE_FLOW,
  version: 1,
  steps(ctx) {
    const shiftId = ctx.frame.answers[SHIFT];
    if (ctx.frame.answers[WANT] === 'hours' || typeof shiftId !== 'string') return [];
    const found = findShift(ctx.env.catalog, shiftId);
    if (!found) return [];
    const j = ctx.env.catalog.jurisdiction;
    const place = lit(localized(found.opportunity.place.address, ctx.locale, j.defaultLocale));
    return [{ id: WHERE, prompt: { kind: 'location', ask: [t('volunteer.checkin.where_ask', { what: what(ctx, shiftId), place })], boundary: j.boundary, areaName: localized(j.name, ctx.locale, j.defaultLocale), optional: true } }];
  },
  complete(ctx): Outcome {
    const id = newSubmissionId(ctx.env);
    const a = ctx.frame.answers;
    if (a[WANT] === 'hours') return request(MY_HOURS_EFFECT, id, {});
    if (typeof a[SHIFT] !== 'string') return request(ON_SHIFT_EFFECT, id, {});
    const where = a[WHERE];
    // Only a pin can be measured; a typed address counts as not shared.
    const pin = typeof where === 'object' && where !== null && !Array.isArray(where) && typeof where.lat === 'number' && typeof where.lon === 'number' ? { lat: where.lat, lon: where.lon } : null;
    return request(CHECK_IN_EFFECT, id, { shiftId: a[SHIFT], location: pin });
  },
  onEffect(ctx, { id, effect, result }): Outcome {
    const r = (typeof result === 'object' && result !== null && !Array.isArray(result) ? result : {}) as Reply;
    if (effect === MY_HOURS_EFFECT) {
      if (r.outcome !== 'hours' || typeof r.hours !== 'number' || typeof r.shifts !== 'number') return say([t('volunteer.checkin.unavailable')]);
      if (r.shifts === 0) return say([t('volunteer.hours.none')]);
      return say([t('volunteer.hours.total', { hours: r.hours, count: r.shifts })]);
    }
    if (r.outcome === 'none') return say([t('volunteer.checkin.none')]);
    if (effect === ON_SHIFT_EFFECT) {
      if (r.outcome === 'already' && typeof r.shiftId === 'string') return say([t('volunteer.checkin.already', { what: what(ctx, r.shiftId) })]);
      if (r.outcome !== 'found' || typeof r.shiftId !== 'string') return say([t('volunteer.checkin.unavailable')]);
      return { messages: [], events: [], next: { flow: ATTENDANCE_FLOW, answers: { [WANT]: 'checkin', [SHIFT]: r.shiftId } } };
    }
    const shiftId = ctx.frame.answers[SHIFT];
    const found = typeof shiftId === 'string' ? findShift(ctx.env.catalog, shiftId) : undefined;
    if (!found) return say([t('volunteer.checkin.unavailable')]);
    const named = what(ctx, found.shift.id);
    if (r.outcome === 'already') return say([t('volunteer.checkin.already', { what: named })]);
    if (r.outcome === 'too_far') {
      const place = lit(localized(found.opportunity.place.address, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale));
      return say([t('volunteer.checkin.too_far', { meters: r.distanceMeters ?? 0, place })]);
    }
    if (r.outcome !== 'checked_in' || !r.volunteer || !r.signUpId) return say([t('volunteer.checkin.unavailable')]);
    const payload: VolunteerAttendance = {
      id,
      signUpId: r.signUpId,
      opportunityId: found.opportunity.id,
      shiftId: found.shift.id,
      agencyId: found.opportunity.agency,
      checkedInAt: r.at ?? ctx.env.now().toISOString(),
      ...(typeof r.distanceMeters === 'number' ? { distanceMeters: r.distanceMeters } : {}),
      hours: shiftHours(found.shift),
      volunteer: r.volunteer,
    };
    return {
      messages: [{ text: [t('volunteer.checkin.done', { what: named })], expects: 'none' }],
      events: [{ type: 'result_submitted', kind: VOLUNTEER_ATTENDANCE, id, agencyId: found.opportunity.agency, payload: payload as unknown as Json }],
    };
  },
};
