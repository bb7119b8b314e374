/**
 * A sign-up's calendar file from the parts of its signed link: the one check-then-generate both
 * the public route (route.ts) and the in-process document resolver (document.ts, for Telegram's
 * upload) run, so a link that the route refuses never yields a file anywhere else either. The
 * signature is checked before anything is looked up: a stranger learns nothing about which
 * sign-ups exist.
 */
import type { Opportunity, Shift } from '../../../src/catalog/volunteer-types';
import { shiftCalendar } from './ics';
import { verifyCalendarLink } from './links';

/** The name a calendar file is offered under (download, Telegram document). */
export const CALENDAR_FILENAME = 'volunteer-shift.ics';
export const CALENDAR_MIME = 'text/calendar';

/** What the file is made of, for a sign-up id; undefined when there is no such sign-up. */
export interface CalendarEntry {
  opportunity: Opportunity;
  shift: Shift;
  /** The person's language. */
  locale: string;
  /** A page about the opportunity, when there is one. */
  url?: string;
}

export type CalendarLookup = (signUpId: string) => Promise<CalendarEntry | undefined>;

export interface CalendarFileOptions {
  /** The secret calendarUrl signed with. */
  secret: string;
  defaultLocale?: string;
  now?: () => Date;
}

/** A link's parts as they arrive (query values may be anything). */
export interface CalendarLinkParts {
  signUpId: string;
  exp: unknown;
  sig: unknown;
}

export type CalendarFile =
  | { ok: true; body: string }
  | { ok: false; status: 403; code: 'bad_signature' | 'expired' }
  | { ok: false; status: 404; code: 'not_found' };

/** The `.ics` text behind a link, or why there is none (status and code as the route answers). */
export async function calendarFile(lookup: CalendarLookup, opts: CalendarFileOptions, link: CalendarLinkParts): Promise<CalendarFile> {
  const now = opts.now?.() ?? new Date();
  const check = verifyCalendarLink({ signUpId: link.signUpId, exp: link.exp, sig: link.sig, secret: opts.secret, now });
  if (!check.ok) return { ok: false, status: 403, code: check.reason };
  const entry = await lookup(link.signUpId);
  if (!entry) return { ok: false, status: 404, code: 'not_found' };
  const body = shiftCalendar(entry.opportunity, entry.shift, entry.locale, {
    signUpId: link.signUpId,
    ...(entry.url ? { url: entry.url } : {}),
    ...(opts.defaultLocale ? { defaultLocale: opts.defaultLocale } : {}),
    now,
  });
  return { ok: true, body };
}
