/**
 * What an adopter hears from the agency (src/runtime/notices.ts): a nudge ("heavy rain tonight:
 * please check your drain"), data `{ message: { en, es, ar, ... } }`, said in the session's
 * language (else the jurisdiction's default); and that an asset they adopted is no longer listed
 * (imports/delisting.ts), data `{ type, name: { en, ... }, given? }`: the asset as it was listed,
 * since the catalogue no longer has it.
 */
import type { Outcome } from '../../src/engine/flow';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import type { NoticeCtx } from '../../src/engine/module';
import { lit, t } from '../../src/engine/text';

export function nudge(ctx: NoticeCtx, data: Json): Outcome {
  const message = typeof data === 'object' && data !== null && !Array.isArray(data) ? data.message : undefined;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { messages: [], events: [] };
  const texts: Record<string, string> = {};
  for (const [locale, text] of Object.entries(message)) if (typeof text === 'string' && text.trim()) texts[locale] = text.trim();
  const said = localized(texts, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale);
  if (!said) return { messages: [], events: [] };
  return { messages: [{ text: [t('adopt.nudge', { message: lit(said) })], expects: 'none' }], events: [] };
}

const record = (v: Json | undefined): Record<string, Json> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined);

export function delisted(ctx: NoticeCtx, data: Json): Outcome {
  const d = record(data);
  const names: Record<string, string> = {};
  for (const [locale, text] of Object.entries(record(d?.name) ?? {})) if (typeof text === 'string') names[locale] = text;
  const name = localized(names, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale);
  if (!name) return { messages: [], events: [] };
  const what = typeof d?.given === 'string' ? `“${d.given}” (${name})` : name;
  return { messages: [{ text: [t('adopt.delisted', { what: lit(what) })], expects: 'none' }], events: [] };
}
