import { firstDatetime, FUTURE_TOLERANCE_MS, offsetMinutes } from '../../nlu/entities/datetime';
import type { Input } from '../input';
import { t } from '../text';
import { DATETIME_MAX } from './answer-length';
import { answer, invalid, type Recognition } from './recognition';

export { offsetMinutes };

export interface DatetimeRules {
  timezone: string;
  /** Reject dates in the future ("when did it start?"). */
  notFuture?: boolean;
}

/**
 * A date and time in natural language ("yesterday at 9pm", "ayer", "2026-11-20 14:00"),
 * read with chrono-node in the person's language and the jurisdiction's time zone
 * (src/nlu/entities/datetime.ts).
 *
 * A question about the past (`notFuture`) never refuses an answer for a time the person did not
 * type: "since Monday" typed on a Monday morning is today, now (not today at noon, chrono's
 * guess); only a time typed in the future ("today at 5pm" at 9am) is refused.
 *
 * chrono's patterns backtrack on long runs of spaces and digits (a digit and 400 spaces cost
 * its Spanish parser 3 s): spaces are collapsed first, and a text longer than any date is
 * refused with a message saying so, before chrono sees it.
 */
export function recognizeDatetime(input: Input, rules: DatetimeRules, locale: string, now: Date): Recognition {
  if (input.kind !== 'text') return invalid('datetime_expected', [t('errors.datetime_expected')]);
  const text = input.text.length > DATETIME_MAX * 10 ? input.text : input.text.trim().replace(/\s+/g, ' ');
  if (text.length > DATETIME_MAX) return invalid('datetime_too_long', [t('errors.datetime_too_long')]);
  const found = firstDatetime(text, { locale, now, timezone: rules.timezone, past: rules.notFuture === true });
  if (!found) return invalid('datetime_invalid', [t('errors.datetime_invalid')]);
  if (rules.notFuture && Date.parse(found.value) > now.getTime() + FUTURE_TOLERANCE_MS) {
    return invalid('datetime_future', [t('errors.datetime_future')]);
  }
  return answer(found.value);
}

/** How a stored date reads to a person, in their language and the jurisdiction's time zone. */
export function formatDatetime(iso: string, locale: string, timezone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: timezone }).format(new Date(iso));
}
