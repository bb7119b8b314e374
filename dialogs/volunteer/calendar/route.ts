/**
 * `GET /volunteer/calendar/:signUpId.ics?exp=..&sig=..`: a sign-up's shift as a calendar file,
 * behind a signed, expiring link (links.ts). The checks and the file are file.ts's (shared with
 * the Telegram document, document.ts); this is their HTTP face.
 *
 *   200 text/calendar   the file (ics.ts), in the person's language
 *   403 bad_signature   signature missing, malformed or wrong (or the id/exp was changed)
 *   403 expired         a genuine link past its exp
 *   404 not_found       no such sign-up (cancelled, or its shift is gone)
 */
import { Router, type Response } from 'express';
import type { ApiErrorBody } from '../../../src/server/api-error';
import { CALENDAR_FILENAME, calendarFile, type CalendarFileOptions, type CalendarLookup } from './file';
import { CALENDAR_PATH } from './links';

export type { CalendarEntry, CalendarLookup } from './file';
export type CalendarRouteOptions = CalendarFileOptions;

type CalendarErrorCode = ApiErrorBody['error']['code'] | 'expired';

const MESSAGES: Record<'bad_signature' | 'expired' | 'not_found', string> = {
  bad_signature: 'missing or invalid calendar link signature',
  expired: 'this calendar link has expired',
  not_found: 'no such sign-up (it may have been cancelled)',
};

function fail(res: Response, status: number, code: CalendarErrorCode, message: string): void {
  res.set('Cache-Control', 'no-store');
  res.status(status).json({ error: { code, message } });
}

/** A router serving the calendar files; mount it at the root of the public app. */
export function calendarRoute(lookup: CalendarLookup, opts: CalendarRouteOptions): Router {
  const router = Router();
  router.get(`${CALENDAR_PATH}/:signUpId.ics`, async (req, res) => {
    const file = await calendarFile(lookup, opts, { signUpId: req.params.signUpId, exp: req.query.exp, sig: req.query.sig });
    if (!file.ok) return fail(res, file.status, file.code, MESSAGES[file.code]);
    res.set({
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${CALENDAR_FILENAME}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.status(200).send(file.body);
  });
  return router;
}
