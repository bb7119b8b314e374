/**
 * What a follower of a report hears when its status changes (issue 16): the notice `followed`
 * (src/runtime/report-records.ts sends it to each conversation that typed "follow WG-…"), data
 * `{ reference, categoryId, status, notes? }`; notes only when the agency's are public.
 */
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import type { NoticeCtx } from '../../src/engine/module';
import type { Outcome } from '../../src/engine/flow';
import { lit, t } from '../../src/engine/text';

const STATUSES = ['open', 'acknowledged', 'in_progress', 'closed', 'rejected'];

export function followed(ctx: NoticeCtx, data: Json): Outcome {
  const d = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
  const { reference, categoryId, status, notes } = d;
  if (typeof reference !== 'string' || typeof status !== 'string' || !STATUSES.includes(status)) return { messages: [], events: [] };
  const { catalog } = ctx.env;
  const category = catalog.categories.find((c) => c.id === categoryId);
  const name = category ? localized(category.name, ctx.locale, catalog.jurisdiction.defaultLocale) : '';
  return {
    messages: [{ text: [t('report_lookup.followed_update', { reference, category: name, status: t(`status.${status}`) }), ...(typeof notes === 'string' ? [t('status.notes', { notes: lit(notes) })] : [])], expects: 'none' }],
    events: [],
  };
}
