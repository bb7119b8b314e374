/** What a volunteer hears from elsewhere (src/runtime/notices.ts): a place freed up for them, a reminder, a shift moved or cancelled. */
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

/**
 * `shift_cancelled`, data `{ shiftId, reason? }`: the agency cancelled the shift (its sign-up is
 * over, nobody promoted); the reason, when given, in the person's language or the default one.
 */
export function shiftCancelled(ctx: NoticeCtx, data: Json): Outcome {
  const d = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
  const found = typeof d.shiftId === 'string' ? findShift(ctx.env.catalog, d.shiftId) : undefined;
  if (!found) return { messages: [], events: [] };
  const j = ctx.env.catalog.jurisdiction;
  const args = { title: lit(localized(found.opportunity.title, ctx.locale, j.defaultLocale)), time: shiftTime(ctx, found.shift), address: lit(localized(found.opportunity.place.address, ctx.locale, j.defaultLocale)) };
  const given = typeof d.reason === 'object' && d.reason !== null && !Array.isArray(d.reason) ? Object.fromEntries(Object.entries(d.reason).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  const reason = Object.keys(given).length > 0 ? localized(given, ctx.locale, j.defaultLocale) : '';
  const text = [t('volunteer.shift_cancelled', args), ...(reason ? [t('volunteer.shift_cancelled_reason', { reason: lit(reason) })] : []), t('volunteer.shift_cancelled_thanks')];
  return { messages: [{ text, expects: 'none' }], events: [] };
}
