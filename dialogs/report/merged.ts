/**
 * What the reporter of a duplicate hears when staff merge it into another report (issue 16):
 * the notice `merged` (src/runtime/report-merge.ts sends it once), data
 * `{ reference, into, categoryId }`: their report is closed, and they hear the surviving
 * report's updates from now on (they follow it).
 */
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import type { NoticeCtx } from '../../src/engine/module';
import type { Outcome } from '../../src/engine/flow';
import { lit, t } from '../../src/engine/text';

export function merged(ctx: NoticeCtx, data: Json): Outcome {
  const d = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
  const { reference, into, categoryId } = d;
  if (typeof reference !== 'string' || typeof into !== 'string') return { messages: [], events: [] };
  const { catalog } = ctx.env;
  const category = catalog.categories.find((c) => c.id === categoryId);
  const name = category ? localized(category.name, ctx.locale, catalog.jurisdiction.defaultLocale) : '';
  return { messages: [{ text: [t('report_lookup.merged', { reference, into, category: lit(name) })], expects: 'none' }], events: [] };
}
