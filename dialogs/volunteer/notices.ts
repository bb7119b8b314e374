/** What a volunteer hears from elsewhere (src/runtime/notices.ts): a place freed up for them. */
import type { Outcome } from '../../src/engine/flow';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import type { NoticeCtx } from '../../src/engine/module';
import { lit, t } from '../../src/engine/text';
import { findShift } from './listing';
import { shiftTime } from './time';

/** `promoted`, data `{ shiftId }`: someone cancelled and the person, first on the waitlist, now has the place. */
export function promoted(ctx: NoticeCtx, data: Json): Outcome {
  const shiftId = typeof data === 'object' && data !== null && !Array.isArray(data) && typeof data.shiftId === 'string' ? data.shiftId : '';
  const found = findShift(ctx.env.catalog, shiftId);
  if (!found) return { messages: [], events: [] };
  const j = ctx.env.catalog.jurisdiction;
  const args = { title: lit(localized(found.opportunity.title, ctx.locale, j.defaultLocale)), time: shiftTime(ctx, found.shift), address: lit(localized(found.opportunity.place.address, ctx.locale, j.defaultLocale)) };
  return { messages: [{ text: [t('volunteer.promoted', args)], expects: 'none' }], events: [] };
}
