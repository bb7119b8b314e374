import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { sendError } from '../../src/server/api-error';

const WINDOW_MS = 60_000;

function limited(req: Request, res: Response, what: string): void {
  const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
  const seconds = info?.resetTime ? Math.max(1, Math.ceil((info.resetTime.getTime() - Date.now()) / 1000)) : 60;
  res.set('Retry-After', String(seconds));
  sendError(res, 429, 'rate_limited', `too many ${what}; try again in ${seconds} s`);
}

/** Session creation per client IP (set WEGOV_TRUST_PROXY behind a proxy so the IP is the client's). */
export function sessionCreationLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: (req, res) => limited(req, res, 'new sessions from this address'),
  });
}

/** Messages per web chat session id. */
export function messageLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => `session:${String(req.params.id)}`,
    handler: (req, res) => limited(req, res, 'messages for this session'),
  });
}
