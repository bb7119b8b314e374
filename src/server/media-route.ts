/**
 * `GET /media/:id?exp=...&sig=...`: a report's photo for the agency it was forwarded to, behind
 * a signed, expiring URL (src/media/signed-url.ts). The signature is checked before the store is
 * read, so a stranger learns nothing about which ids exist. The bytes were stripped of their
 * metadata before they were stored (src/media/strip-metadata.ts).
 *
 *   403 bad_signature  signature missing, malformed or wrong (or the id/exp was changed)
 *   410 expired        a genuine URL past its exp
 *   404 not_found      the photo is not (or no longer) in the store
 */
import type { RequestHandler, Response } from 'express';
import { SERVABLE_TYPES, verifyMediaUrl } from '../media/signed-url';
import type { MediaStore } from '../state/types';

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
/** Longest a client may cache a photo (never past the URL's expiry). */
const MAX_CACHE_SECONDS = 3600;

export interface MediaRouteDeps {
  media: MediaStore;
  secret: string;
  now?: () => Date;
}

function fail(res: Response, status: number, code: 'bad_signature' | 'expired' | 'not_found', message: string): void {
  res.set('Cache-Control', 'no-store');
  res.status(status).json({ error: { code, message } });
}

export function mediaRoute(deps: MediaRouteDeps): RequestHandler<{ id: string }> {
  return async (req, res) => {
    const now = deps.now?.() ?? new Date();
    const check = verifyMediaUrl({ mediaId: req.params.id, exp: req.query.exp, sig: req.query.sig, secret: deps.secret, now });
    if (!check.ok) {
      if (check.reason === 'expired') return fail(res, 410, 'expired', 'this photo link has expired');
      return fail(res, 403, 'bad_signature', 'missing or invalid photo link signature');
    }
    const stored = await deps.media.get(req.params.id);
    if (stored === null || !SERVABLE_TYPES.has(stored.contentType)) return fail(res, 404, 'not_found', 'no such photo (it may have expired)');
    const remaining = Math.floor((check.expiresAt.getTime() - now.getTime()) / 1000);
    res.set({
      'Content-Type': stored.contentType,
      'Content-Length': String(stored.data.length),
      'Cache-Control': `private, max-age=${Math.max(0, Math.min(remaining, MAX_CACHE_SECONDS))}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `inline; filename="${req.params.id}.${EXTENSIONS[stored.contentType] ?? 'bin'}"`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    res.status(200).end(stored.data);
  };
}
