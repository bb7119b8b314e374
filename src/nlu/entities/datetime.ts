/**
 * Dates and times in free text, read with chrono-node in the person's language (English,
 * Spanish, French; Arabic best effort, below) and the jurisdiction's time zone.
 *
 * Questions about the past ("When did you first notice it?") read what was typed as the latest
 * past instant consistent with it. chrono fills the parts nobody typed (a bare weekday gets noon,
 * a date without a year the current year), and those guesses can land ahead of now: "since
 * Monday" typed on a Monday morning is today at noon. So, for the past: a day that is today with
 * no time typed is now; a weekday named alone that lies ahead is the one before (a week back); a
 * day and month without a year ahead are last year's. What the person did type is never moved:
 * "today at 5pm" typed at 9am stays in the future, and the question refuses it.
 *
 * Arabic: chrono has no Arabic parser. Common words (today, yesterday, weekdays, "N days ago",
 * morning/evening) are read as their English equivalents first; the entity then spans the whole
 * text rather than the words.
 */
import type * as chrono from 'chrono-node';
import { toInstant } from '../../catalog/local-time';
import { westernDigits } from '../digits';

export interface DatetimeEntity {
  text: string;
  start: number;
  end: number;
  /** ISO 8601, UTC. */
  value: string;
  /** True when the instant was moved back into the past (implied parts only; see the file comment). */
  adjusted?: boolean;
}

export interface DatetimeOptions {
  locale: string;
  now: Date;
  /** IANA zone the text's wall times are in (the jurisdiction's). */
  timezone: string;
  /** A question about the past: read implied parts as the latest past instant (file comment). */
  past?: boolean;
}

/** Longer than any date people type; longer texts are read up to here (chrono backtracks on long runs). */
export const DATETIME_CHARS = 300;
/** Within this of now is not "the future" (a clock a little ahead, a slow typist). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * chrono's French parser reads "avant-hier" (the day before yesterday) as "hier" and
 * "après-demain" as "demain", the word inside them: a report dated a day off, silently. This
 * parser reads the whole words (hyphen, space or nothing between, with or without the accent),
 * the day two back or ahead in the reference's time zone with the time implied as chrono's "hier"
 * does; chrono keeps the longer of two overlapping results, so "avant-hier à 18 h" is 18:00 then.
 */
const FRENCH_TWO_DAYS: chrono.Parser = {
  pattern: () => /(?<![\p{L}\p{N}])(?:avant[-\s]?hier|apr[eè]s[-\s]?demain)(?![\p{L}\p{N}])/iu,
  extract: (context, match) => {
    const day = context.reference.getDateWithAdjustedTimezone();
    day.setDate(day.getDate() + (/^avant/i.test(match[0]) ? -2 : 2));
    const components = context.createParsingComponents({ day: day.getDate(), month: day.getMonth() + 1, year: day.getFullYear() });
    components.imply('hour', day.getHours());
    components.imply('minute', day.getMinutes());
    components.imply('second', day.getSeconds());
    components.imply('millisecond', day.getMilliseconds());
    return components;
  },
};

// Only the languages WeGov reads (chrono-node's index loads all twelve of its locales: about
// 5 MB more resident memory for parsers nobody uses).
const en = require('chrono-node/en') as typeof chrono.en;
const es = require('chrono-node/es') as typeof chrono.es;
const fr = require('chrono-node/fr') as typeof chrono.fr;

function frenchParser(): chrono.Chrono {
  const parser = fr.casual.clone();
  parser.parsers.unshift(FRENCH_TWO_DAYS);
  return parser;
}

const PARSERS: Record<string, chrono.Chrono> = { en: en.casual, es: es.casual, fr: frenchParser() };

/** Every date or time in `text`, in order. */
export function extractDatetimes(text: string, opts: DatetimeOptions): DatetimeEntity[] {
  const language = opts.locale.split('-')[0] ?? 'en';
  const head = text.slice(0, DATETIME_CHARS).replace(/\s+/g, ' ');
  const arabic = language === 'ar';
  const read = arabic ? arabicAsEnglish(head) : head;
  const reference = { instant: opts.now, timezone: offsetMinutes(opts.timezone, opts.now) };
  const parser = PARSERS[language] ?? en.casual;
  let results = parser.parse(read, reference, { forwardDate: false });
  if (results.length === 0 && parser !== en.casual) results = en.casual.parse(read, reference, { forwardDate: false });
  return results.flatMap((r) => {
    const found = opts.past ? latestPast(r.start, opts) : { date: r.start.date(), adjusted: false };
    if (Number.isNaN(found.date.getTime())) return [];
    const where = arabic ? { text: head.trim(), start: text.indexOf(head.trim()), end: text.indexOf(head.trim()) + head.trim().length } : { text: r.text, start: r.index, end: r.index + r.text.length };
    return [{ ...where, value: found.date.toISOString(), ...(found.adjusted ? { adjusted: true } : {}) }];
  });
}

/** The first date or time in `text`, or undefined. */
export function firstDatetime(text: string, opts: DatetimeOptions): DatetimeEntity | undefined {
  return extractDatetimes(text, opts)[0];
}

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

/** The calendar day of `at` in `timezone`, as YYYY-MM-DD. */
function localDay(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The wall time of `at` in `timezone`, as YYYY-MM-DD HH:MM. */
function localWall(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The same wall time a year earlier (29 February becomes the 28th). */
function yearBefore(at: Date, timezone: string): Date {
  const wall = localWall(at, timezone);
  const year = Number(wall.slice(0, 4)) - 1;
  let text = `${String(year)}${wall.slice(4)}`;
  if (text.slice(5, 10) === '02-29') text = `${String(year)}-02-28${wall.slice(10)}`;
  const instant = toInstant(text, timezone);
  return instant.ok ? new Date(instant.iso) : new Date(at.getTime() - 365 * 86_400_000);
}

/** See the file comment: implied parts moved back until the instant is not ahead of now. */
function latestPast(start: chrono.ParsedComponents, opts: DatetimeOptions): { date: Date; adjusted: boolean } {
  const now = opts.now.getTime();
  let date = start.date();
  let adjusted = false;
  const ahead = (): boolean => date.getTime() > now + FUTURE_TOLERANCE_MS;
  if (!start.isCertain('day') && start.isCertain('weekday')) {
    // A weekday named alone: the last one that is not ahead (today's counts, at most now).
    for (let i = 0; i < 2 && ahead() && localDay(date, opts.timezone) !== localDay(opts.now, opts.timezone); i++) {
      date = new Date(date.getTime() - 7 * 86_400_000);
      adjusted = true;
    }
  } else if (start.isCertain('day') && start.isCertain('month') && !start.isCertain('year') && ahead() && localDay(date, opts.timezone) !== localDay(opts.now, opts.timezone)) {
    date = yearBefore(date, opts.timezone);
    adjusted = true;
  }
  if (ahead() && localDay(date, opts.timezone) === localDay(opts.now, opts.timezone) && !start.isCertain('hour')) {
    date = opts.now;
    adjusted = true;
  }
  return { date, adjusted };
}

/** Arabic words for days and times, as English chrono reads them (best effort; the file comment). */
const ARABIC_WORDS: Readonly<Record<string, string>> = {
  'أول أمس': '2 days ago', 'اول امس': '2 days ago', 'أمس': 'yesterday', 'امس': 'yesterday', 'البارحة': 'yesterday',
  'اليوم': 'today', 'غدا': 'tomorrow', 'غداً': 'tomorrow', 'الإثنين': 'Monday', 'الاثنين': 'Monday', 'الثلاثاء': 'Tuesday',
  'الأربعاء': 'Wednesday', 'الاربعاء': 'Wednesday', 'الخميس': 'Thursday', 'الجمعة': 'Friday', 'السبت': 'Saturday',
  'الأحد': 'Sunday', 'الاحد': 'Sunday', 'صباحاً': 'am', 'صباحا': 'am', 'هذا الصباح': 'this morning', 'مساءً': 'pm', 'مساء': 'pm',
  'الساعة': 'at', 'الأسبوع الماضي': 'last week', 'الاسبوع الماضي': 'last week',
};
const ARABIC_PHRASES = /أول أمس|اول امس|هذا الصباح|الأسبوع الماضي|الاسبوع الماضي|البارحة|الإثنين|الاثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|الأحد|الاحد|اليوم|صباحاً|صباحا|مساءً|مساء|الساعة|غداً|غدا|أمس|امس/g;
const ARABIC_AGO = /منذ (\d{1,3}) ?(?:أيام|ايام|يوم|يوما|يوماً)/g;

function arabicAsEnglish(text: string): string {
  return westernDigits(text)
    .replace(ARABIC_AGO, (_, n: string) => ` ${n} days ago `)
    .replace(/منذ (?:أسبوع|اسبوع)/g, ' 1 week ago ')
    .replace(ARABIC_PHRASES, (w) => ` ${ARABIC_WORDS[w] ?? w} `);
}
