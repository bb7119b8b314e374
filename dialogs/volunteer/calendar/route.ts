/**
 * `GET /volunteer/calendar/:signUpId.ics?exp=..&sig=..`: a sign-up's shift as a calendar file,
 * behind a signed, expiring link (links.ts). The signature is checked before anything is looked
 * up, so a stranger learns nothing about which sign-ups exist.
 *
 *   200 text/calendar   the file (ics.ts), in the person's language
 *   403 bad_signature   signature missing, malformed or wrong (or the id/exp was changed)
 *   403 expired         a genuine link past its exp
 *   404 not_found       no such sign-up (cancelled, or its shift is gone)
 */
import { Router, type Response } from 'express';
import type { Opportunity, Shift } from '../../../src/catalog/volunteer-types';
import type { ApiErrorBody } from '../../../src/server/api-error';
import { shiftCalendar } from './ics';
import { CALENDAR_PATH, verifyCalendarLink } from './links';

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

export interface CalendarRouteOptions {
  /** The secret calendarUrl signed with. */
  secret: string;
  defaultLocale?: string;
  now?: () => Date;
}

type CalendarErrorCode = ApiErrorBody['error']['code'] | 'expired';

function fail(res: Response, status: number, code: CalendarErrorCode, message: string): void {
  res.set('Cache-Control', 'no-store');
  res.status(status).json({ error: { code, message } });
}

/** A router serving the calendar files; mount it at the root of the public app. */
export function calendarRoute(lookup: CalendarLookup, opts: CalendarRouteOptions): Router {
  const router = Router();
  router.get(`${CALENDAR_PATH}/:signUpId.ics`, async (req, res) => {
    const now = opts.now?.() ?? new Date();
    const signUpId = req.params.signUpId;
    const check = verifyCalendarLink({ signUpId, exp: req.query.exp, sig: req.query.sig, secret: opts.secret, now });
    if (!check.ok) {
      if (check.reason === 'expired') return fail(res, 403, 'expired', 'this calendar link has expired');
      return fail(res, 403, 'bad_signature', 'missing or invalid calendar link signature');
    }
    const entry = await lookup(signUpId);
    if (!entry) return fail(res, 404, 'not_found', 'no such sign-up (it may have been cancelled)');
    const body = shiftCalendar(entry.opportunity, entry.shift, entry.locale, {
      signUpId,
      ...(entry.url ? { url: entry.url } : {}),
      ...(opts.defaultLocale ? { defaultLocale: opts.defaultLocale } : {}),
      now,
    });
    res.set({
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'attachment; filename="volunteer-shift.ics"',
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.status(200).send(body);
  });
  return router;
}
