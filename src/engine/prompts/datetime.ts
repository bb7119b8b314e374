import * as chrono from 'chrono-node';
import type { Input } from '../input';
import { t } from '../text';
import { DATETIME_MAX } from './answer-length';
import { answer, invalid, type Recognition } from './recognition';

export interface DatetimeRules {
  timezone: string;
  /** Reject dates in the future ("when did it start?"). */
  notFuture?: boolean;
}

const PARSERS: Record<string, chrono.Chrono> = { en: chrono.en.casual, es: chrono.es.casual };

/** Minutes east of UTC of `timezone` at `at` (e.g. -360 for America/Chicago in winter). */
export function offsetMinutes(timezone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * A date and time in natural language ("yesterday at 9pm", "ayer", "2026-11-20 14:00"),
 * read with chrono-node in the person's language and the jurisdiction's time zone.
 *
 * chrono's patterns backtrack on long runs of spaces and digits (a digit and 400 spaces cost
 * its Spanish parser 3 s): spaces are collapsed first, and a text longer than any date is
 * refused with a message saying so, before chrono sees it.
 */
export function recognizeDatetime(input: Input, rules: DatetimeRules, locale: string, now: Date): Recognition {
  if (input.kind !== 'text') return invalid('datetime_expected', [t('errors.datetime_expected')]);
  const text = input.text.length > DATETIME_MAX * 10 ? input.text : input.text.trim().replace(/\s+/g, ' ');
  if (text.length > DATETIME_MAX) return invalid('datetime_too_long', [t('errors.datetime_too_long')]);
  const parser = PARSERS[locale.split('-')[0] ?? ''] ?? chrono.en.casual;
  const reference = { instant: now, timezone: offsetMinutes(rules.timezone, now) };
  const parsed = parser.parseDate(text, reference, { forwardDate: false }) ?? chrono.en.casual.parseDate(text, reference);
  if (!parsed || Number.isNaN(parsed.getTime())) return invalid('datetime_invalid', [t('errors.datetime_invalid')]);
  if (rules.notFuture && parsed.getTime() > now.getTime() + 5 * 60_000) {
    return invalid('datetime_future', [t('errors.datetime_future')]);
  }
  return answer(parsed.toISOString());
}

/** How a stored date reads to a person, in their language and the jurisdiction's time zone. */
export function formatDatetime(iso: string, locale: string, timezone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: timezone }).format(new Date(iso));
}
