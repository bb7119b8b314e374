/**
 * What an adopter hears from the agency (src/runtime/notices.ts): a nudge ("heavy rain tonight:
 * please check your drain"), data `{ message: { en, es, ar, ... } }`, said in the session's
 * language (else the jurisdiction's default), with "My adoptions" offered after it.
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
