/**
 * Signed, expiring links to a sign-up's calendar file:
 * `<publicUrl>/volunteer/calendar/<signUpId>.ics?exp=<unix seconds>&sig=<sig>`.
 *
 * The signer is the photo links' (src/media/signed-url.ts mediaSignature: base64url HMAC-SHA256
 * over "<subject>.<exp>"), with the subject `cal.<signUpId>`: a media id never contains a dot,
 * so a photo signature can never pass for a calendar link or the other way round, even under
 * one secret. `exp` is covered by the signature; verification is constant-time, and a forged
 * link never reads as merely expired (the signature is checked first).
 */
import crypto from 'node:crypto';
import { mediaSignature } from '../../../src/media/signed-url';

/** Sign-up ids as they appear in a link path (URL-safe; the store's ids are). */
const SIGN_UP_ID = /^[A-Za-z0-9_-]{1,100}$/;

export const CALENDAR_PATH = '/volunteer/calendar';

function signature(signUpId: string, exp: number, secret: string): string {
  return mediaSignature(`cal.${signUpId}`, exp, secret);
}

const base = (publicUrl: string): string => `${publicUrl.replace(/(?<!\/)\/+$/, '')}${CALENDAR_PATH}/`;

/** The signed link to one sign-up's `.ics`, working until `expiresAt`. */
export function calendarUrl(publicUrl: string, secret: string, signUpId: string, expiresAt: Date): string {
  if (!SIGN_UP_ID.test(signUpId)) throw new RangeError(`not a sign-up id for a link: ${JSON.stringify(signUpId)}`);
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `${base(publicUrl)}${signUpId}.ics?exp=${exp}&sig=${signature(signUpId, exp, secret)}`;
}

/**
 * The parts of a link calendarUrl made under `publicUrl` (not yet verified: verifyCalendarLink
 * does that), or null for any other URL. A missing `exp` or `sig` is left undefined.
 */
export function calendarLinkParts(publicUrl: string, url: string): { signUpId: string; exp: string | undefined; sig: string | undefined } | null {
  const prefix = base(publicUrl);
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  if (!path.startsWith(prefix) || !path.endsWith('.ics')) return null;
  const signUpId = path.slice(prefix.length, -'.ics'.length);
  if (!SIGN_UP_ID.test(signUpId)) return null;
  const params = new URLSearchParams(query < 0 ? '' : url.slice(query + 1));
  return { signUpId, exp: params.get('exp') ?? undefined, sig: params.get('sig') ?? undefined };
}

export type CalendarLinkCheck = { ok: true; expiresAt: Date } | { ok: false; reason: 'bad_signature' | 'expired' };

/** Checks a link's parts as the route receives them (query values may be anything). */
export function verifyCalendarLink(input: { signUpId: string; exp: unknown; sig: unknown; secret: string; now?: Date }): CalendarLinkCheck {
  const { signUpId, exp, sig, secret } = input;
  if (!SIGN_UP_ID.test(signUpId) || typeof exp !== 'string' || typeof sig !== 'string') return { ok: false, reason: 'bad_signature' };
  if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return { ok: false, reason: 'bad_signature' };
  const expected = Buffer.from(signature(signUpId, Number(exp), secret), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  const expiresAt = new Date(Number(exp) * 1000);
  if (expiresAt.getTime() <= (input.now ?? new Date()).getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt };
}
