/**
 * A sign-up's shift as an iCalendar file (RFC 5545), for "add to my calendar": a signed link
 * (links.ts, route.ts) and a document in Telegram.
 *
 * Generator: `ics` (adamgibbons/ics, 3.x, ISC; the calendar library named in STACK.md). It is
 * small (three dependencies), typed, escapes text (`,` `;` `\n`), folds long lines, writes UTC
 * instants, GEO and VALARM, and is widely used (about 1.6 M downloads a month). ical-generator
 * (11.x) does the same with a larger builder API and time-zone plumbing we do not need: every
 * time here is a UTC instant.
 *
 * Long lines are folded at 75 characters with a tab (ics counts characters, not the RFC's octets; never
 * inside a character, and calendar apps read them).
 *
 * The UID is derived from the sign-up, so downloading the file again (after the shift moved)
 * updates the same event in the person's calendar instead of adding a second one.
 */
import { createEvent, type EventAttributes } from 'ics';
import type { Opportunity, Shift } from '../../../src/catalog/volunteer-types';
import { localized } from '../../../src/engine/locale';

export interface ShiftCalendarOptions {
  /** The sign-up this file is for (the event's UID). */
  signUpId: string;
  /** A page about the opportunity (the event's URL, also at the end of the description). */
  url?: string;
  /** The catalogue's default locale, when a text lacks the person's. Default `en`. */
  defaultLocale?: string;
  /** DTSTAMP. Default now. */
  now?: Date;
}

/** Hours before the start at which the calendar app alerts. */
export const CALENDAR_ALARM_HOURS = 2;

/** The UID of a sign-up's event: stable for the sign-up, whatever the shift's times. */
export function calendarUid(signUpId: string): string {
  return `volunteer-signup-${signUpId}@wegov`;
}

/** `text/calendar` content (CRLF lines) with one VEVENT for the shift, in the person's locale. */
export function shiftCalendar(opportunity: Opportunity, shift: Shift, locale: string, opts: ShiftCalendarOptions): string {
  const fallback = opts.defaultLocale ?? 'en';
  const title = localized(opportunity.title, locale, fallback);
  const about = localized(opportunity.description, locale, fallback);
  const start = Date.parse(shift.startsAt);
  const end = Date.parse(shift.endsAt);
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) throw new RangeError(`shift ${shift.id} has no valid start and end`);
  // `timestamp` (DTSTAMP) is read by ics but missing from its type declarations.
  const event: EventAttributes & { timestamp: number } = {
    uid: calendarUid(opts.signUpId),
    productId: 'wegov',
    title,
    description: opts.url ? `${about}\n\n${opts.url}` : about,
    start,
    startInputType: 'utc',
    startOutputType: 'utc',
    end,
    endInputType: 'utc',
    endOutputType: 'utc',
    location: localized(opportunity.place.address, locale, fallback),
    geo: { lat: opportunity.place.lat, lon: opportunity.place.lon },
    status: 'CONFIRMED',
    ...(opts.url ? { url: opts.url } : {}),
    alarms: [{ action: 'display', description: title, trigger: { hours: CALENDAR_ALARM_HOURS, before: true } }],
    timestamp: (opts.now ?? new Date()).getTime(),
  };
  const { error, value } = createEvent(event);
  if (error || value === null) throw new Error(`calendar file for shift ${shift.id}: ${error?.message ?? 'no output'}`);
  return value;
}
