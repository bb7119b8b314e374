import type { Shift } from '../../src/catalog/types';
import type { FlowCtx } from '../../src/engine/flow';

/** "Sat, Dec 6, 9:00 AM – 12:00 PM" in the person's language and the jurisdiction's zone (plain spaces: they read and match the same everywhere). */
export function shiftTime(ctx: Pick<FlowCtx, 'env' | 'locale'>, shift: Shift): string {
  const format = new Intl.DateTimeFormat(ctx.locale, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: ctx.env.catalog.jurisdiction.timezone });
  return format.formatRange(new Date(shift.startsAt), new Date(shift.endsAt)).replace(/[\u00a0\u2009\u202f]/g, ' ');
}
