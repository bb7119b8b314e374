/**
 * Wall-clock times in the jurisdiction's time zone -> ISO instants (UTC).
 *
 * Operators write `opens_at: 2026-11-15 09:00` meaning 9 am in the city, so the catalogue reads
 * it in `jurisdiction.timezone`. The conversion uses Intl (the IANA database that ships with
 * Node, the same one that validates `timezone`) and no date library: it is one function,
 * Temporal is not in Node 20, and Luxon or date-fns-tz would add a dependency for it.
 *
 * Daylight saving time: a wall time that does not exist (the hour skipped in spring) is an
 * error an operator must fix; one that happens twice (the hour repeated in autumn) is the
 * first of the two, as Temporal's `disambiguation: 'compatible'` does.
 */

/** The instant, or why the text is not one. */
export type InstantResult = { ok: true; iso: string } | { ok: false; reason: string };

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Reads `YYYY-MM-DD HH:MM` in `timeZone`, or a full ISO 8601 instant with an offset
 * (`2026-11-15T15:00:00Z`, `2026-11-15T09:00-06:00`), as an ISO instant in UTC.
 */
export function toInstant(text: string, timeZone: string): InstantResult {
  if (ISO_WITH_OFFSET.test(text)) {
    const ms = Date.parse(text);
    if (Number.isNaN(ms) || !sameCalendarDate(text, ms)) return { ok: false, reason: `'${text}' is not a real date and time` };
    return { ok: true, iso: new Date(ms).toISOString() };
  }
  const m = WALL.exec(text);
  if (m === null) {
    return { ok: false, reason: `expected a date and time like 2026-11-15 09:00 (in ${timeZone}), or an ISO instant with an offset` };
  }
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const asWall = new Date(wall);
  if (asWall.getUTCMonth() !== month - 1 || asWall.getUTCDate() !== day || hour > 23 || minute > 59) {
    return { ok: false, reason: `'${text}' is not a real date and time` };
  }
  // The offsets in force a day either side cover any change on the day itself.
  const offsets = [...new Set([offsetAt(wall - DAY_MS, timeZone), offsetAt(wall + DAY_MS, timeZone)])];
  const candidates = offsets.map((offset) => wall - offset).filter((instant) => instant + offsetAt(instant, timeZone) === wall);
  if (candidates.length === 0) {
    return { ok: false, reason: `${text} does not exist in ${timeZone} (the clocks skip that hour); pick a time outside it` };
  }
  return { ok: true, iso: new Date(Math.min(...candidates)).toISOString() };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds to add to an instant to get the wall-clock time in `timeZone`. */
function offsetAt(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/** Date.parse rolls 2026-02-30 over to March; the written date must be the one parsed. */
function sameCalendarDate(text: string, ms: number): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const shift = offset === null ? 0 : (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000;
  return new Date(ms + shift).toISOString().slice(0, 10) === text.slice(0, 10);
}
