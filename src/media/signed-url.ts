/**
 * Signed, expiring URLs for photos: `<baseUrl>/media/<mediaId>?exp=<unix seconds>&sig=<sig>`,
 * where `sig` is base64url(HMAC-SHA256(secret, "<mediaId>.<exp>")). The media id is 128 random
 * bits (web chat) or a hash (Telegram), and the signature makes the URL unforgeable; `exp` is
 * covered by the signature, so it cannot be extended. Verification is constant-time.
 */
import crypto from 'node:crypto';
import type { Report } from '../engine/report';
import type { MediaStore } from '../state/types';

/** Media ids as the stores issue them (web chat: 22 base64url chars; Telegram: `tg-` + 24). */
const MEDIA_ID = /^[A-Za-z0-9_-]{1,100}$/;

export interface SignMediaUrlInput {
  /** Where agencies reach WeGov, e.g. `https://wegov.city.example` (no trailing slash needed). */
  baseUrl: string;
  mediaId: string;
  /** When the URL stops working. */
  expiresAt: Date;
  secret: string;
}

export function mediaSignature(mediaId: string, exp: number, secret: string): string {
  return crypto.createHmac('sha256', secret).update(`${mediaId}.${exp}`).digest('base64url');
}

/** The signed URL for one photo. */
export function signMediaUrl({ baseUrl, mediaId, expiresAt, secret }: SignMediaUrlInput): string {
  if (!MEDIA_ID.test(mediaId)) throw new RangeError(`not a media id: ${JSON.stringify(mediaId)}`);
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const sig = mediaSignature(mediaId, exp, secret);
  return `${baseUrl.replace(/(?<!\/)\/+$/, '')}/media/${mediaId}?exp=${exp}&sig=${sig}`;
}

export type MediaUrlCheck = { ok: true; expiresAt: Date } | { ok: false; reason: 'bad_signature' | 'expired' };

/**
 * Checks the parts of a signed URL (as the route receives them). A missing or malformed part,
 * or a signature that does not match, is `bad_signature`; a genuine URL past its `exp` is
 * `expired` (checked after the signature, so a forged `exp` never reads as merely expired).
 */
export function verifyMediaUrl(input: { mediaId: string; exp: unknown; sig: unknown; secret: string; now?: Date }): MediaUrlCheck {
  const { mediaId, exp, sig, secret } = input;
  if (!MEDIA_ID.test(mediaId) || typeof exp !== 'string' || typeof sig !== 'string') return { ok: false, reason: 'bad_signature' };
  if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return { ok: false, reason: 'bad_signature' };
  const expected = Buffer.from(mediaSignature(mediaId, Number(exp), secret), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  const expiresAt = new Date(Number(exp) * 1000);
  if (expiresAt.getTime() <= (input.now ?? new Date()).getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt };
}

/** How WeGov signs photo URLs for agencies (from WEGOV_PUBLIC_URL, WEGOV_MEDIA_URL_*). */
export interface MediaUrlSettings {
  baseUrl: string;
  secret: string;
  /** How long a URL handed to an agency works. */
  ttlSeconds: number;
  now?: () => Date;
}

/** Photo content types the media route serves (anything else in the store is not a photo). */
export const SERVABLE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * A signed link to one stored photo, for an agency (Open311 `media_url`, webhook v2 `url`).
 *
 * The URL must not outlive the bytes: the photo was stored with the session's TTL (a day by
 * default), so at delivery time it is read (a Telegram reference is downloaded and stripped
 * then) and stored again for the URL's lifetime. After the URL expires the route answers 410;
 * once the bytes' own TTL also runs out (a few minutes later) they are gone from the store.
 * Undefined when the photo is gone or is not a servable image.
 */
export function mediaLinkFor(settings: MediaUrlSettings) {
  return async (mediaId: string, media?: MediaStore): Promise<string | undefined> => {
    if (!MEDIA_ID.test(mediaId)) return undefined;
    const now = (settings.now ?? (() => new Date()))();
    if (media !== undefined) {
      const stored = await media.get(mediaId);
      if (stored === null || !SERVABLE_TYPES.has(stored.contentType)) return undefined;
      // A little longer than the URL, so a fetch at the last second still finds the bytes.
      await media.put(mediaId, stored.contentType, stored.data, settings.ttlSeconds + 300);
    }
    return signMediaUrl({ baseUrl: settings.baseUrl, mediaId, expiresAt: new Date(now.getTime() + settings.ttlSeconds * 1000), secret: settings.secret });
  };
}

/**
 * Builds the `mediaUrl(report, submission, media)` callback for Open311Sink: the signed URL of
 * the report's first photo (Open311 takes one `media_url`), or undefined when it has none or
 * the photo is gone.
 */
export function mediaUrlFor(settings: MediaUrlSettings) {
  const link = mediaLinkFor(settings);
  return async (report: Pick<Report, 'media'>, _submission?: unknown, media?: MediaStore): Promise<string | undefined> => {
    const first = report.media[0];
    return first === undefined ? undefined : link(first.mediaId, media);
  };
}
