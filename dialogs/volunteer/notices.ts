/** What a volunteer hears from elsewhere (src/runtime/notices.ts): a place freed up for them, a reminder. */
import type { Outcome } from '../../src/engine/flow';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import type { NoticeCtx } from '../../src/engine/module';
import { lit, t } from '../../src/engine/text';
import { findShift } from './listing';
import { shiftTime } from './time';
import { MINE_FLOW } from './mine';

/** `promoted`, data `{ shiftId }`: someone cancelled and the person, first on the waitlist, now has the place. */
export function promoted(ctx: NoticeCtx, data: Json): Outcome {
  const shiftId = typeof data === 'object' && data !== null && !Array.isArray(data) && typeof data.shiftId === 'string' ? data.shiftId : '';
  const found = findShift(ctx.env.catalog, shiftId);
  if (!found) return { messages: [], events: [] };
  const j = ctx.env.catalog.jurisdiction;
  const args = { title: lit(localized(found.opportunity.title, ctx.locale, j.defaultLocale)), time: shiftTime(ctx, found.shift), address: lit(localized(found.opportunity.place.address, ctx.locale, j.defaultLocale)) };
  return { messages: [{ text: [t('volunteer.promoted', args)], expects: 'none' }], events: [] };
}

/**
 * `reminder`, data `{ shiftId, minutesBefore }`: the shift is tomorrow, or in two hours. Then
 * "My sign-ups" opens, so "can't make it?" is one tap: cancel, and the place goes to the next
 * person waiting.
 */
export function reminder(ctx: NoticeCtx, data: Json): Outcome {
  const d = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
  const found = typeof d.shiftId === 'string' ? findShift(ctx.env.catalog, d.shiftId) : undefined;
  if (!found) return { messages: [], events: [] };
  const j = ctx.env.catalog.jurisdiction;
  const key = typeof d.minutesBefore === 'number' && d.minutesBefore >= 1440 ? 'volunteer.reminder_tomorrow' : 'volunteer.reminder_soon';
  const args = { title: lit(localized(found.opportunity.title, ctx.locale, j.defaultLocale)), time: shiftTime(ctx, found.shift), address: lit(localized(found.opportunity.place.address, ctx.locale, j.defaultLocale)) };
  return { messages: [{ text: [t(key, args), t('volunteer.reminder_cancel')], expects: 'none' }], events: [], next: { flow: MINE_FLOW } };
}

/** `moved`, data `{ shiftId }`: the agency changed the shift's time (an import); "My sign-ups" opens so cancelling is one tap. */
export function moved(ctx: NoticeCtx, data: Json): Outcome {
  const d = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
  const found = typeof d.shiftId === 'string' ? findShift(ctx.env.catalog, d.shiftId) : undefined;
  if (!found) return { messages: [], events: [] };
  const j = ctx.env.catalog.jurisdiction;
  const args = { title: lit(localized(found.opportunity.title, ctx.locale, j.defaultLocale)), time: shiftTime(ctx, found.shift), address: lit(localized(found.opportunity.place.address, ctx.locale, j.defaultLocale)) };
  return { messages: [{ text: [t('volunteer.moved', args), t('volunteer.reminder_cancel')], expects: 'none' }], events: [], next: { flow: MINE_FLOW } };
}
