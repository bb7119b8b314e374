/**
 * The web chat's rate limit on failed authentications per client address (express-rate-limit;
 * counts in Redis when REDIS_URL is set, see src/server/limit-stores.ts, so it holds across
 * processes): missing or wrong token, unknown session, counted only when one fails; past the
 * limit the address gets 429 instead of 401/404. New sessions per address and messages per
 * session are counted in the turn's own commit instead (session-allowance.ts, message-allowance.ts).
 * Client IPs come from express's `req.ip` (WEGOV_TRUST_PROXY decides which proxies to believe);
 * IPv6 addresses are grouped by /56, as one household or server gets a whole prefix.
 */
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import type { Logger } from '../../src/log';
import { sendError } from '../../src/server/api-error';

const WINDOW_MS = 60_000;

/** The rate-limit key of a request's client address. */
export function clientKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? 'unknown');
}

/** Seconds until the window of the limit that refused `req` resets (at least 1). */
function retryAfterSeconds(req: Request): number {
  const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
  return info?.resetTime ? Math.max(1, Math.ceil((info.resetTime.getTime() - Date.now()) / 1000)) : 60;
}

function limited(req: Request, res: Response, what: string): void {
  const seconds = retryAfterSeconds(req);
  res.set('Retry-After', String(seconds));
  sendError(res, 429, 'rate_limited', `too many ${what}; try again in ${seconds} s`);
}

/** What every limiter shares: the window, the store, and express-rate-limit's own warnings on our log. */
function common(store: Store, logger: Logger) {
  return {
    windowMs: WINDOW_MS,
    store,
    // Only the code: some of these messages quote the client's address.
    logger: {
      warn: (error: unknown) => logger.warn({ code: codeOf(error) }, 'rate limiter warning'),
      error: (error: unknown) => logger.warn({ code: codeOf(error) }, 'rate limiter check failed'),
    },
    // WEGOV_TRUST_PROXY=true is warned about once at start (src/server/app.ts); any client can
    // send X-Forwarded-For, so its presence says nothing about the deployment.
    validate: { trustProxy: false, xForwardedForHeader: false },
  } as const;
}

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}

/**
 * Failed authentications per client IP. Call it only for a request that failed: it counts the
 * failure and calls `next()` while the address is within its allowance (the caller then sends
 * the 401/404); past it, it answers 429 with Retry-After and calls `onBlocked` with the time the
 * window resets, so the caller can refuse that address early (no store round trip) until then.
 */
export function authFailureLimit(perMinute: number, store: Store, logger: Logger, onBlocked: (key: string, until: number) => void): RequestHandler {
  return rateLimit({
    ...common(store, logger),
    limit: perMinute,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: clientKey,
    handler: (req, res) => {
      onBlocked(clientKey(req), Date.now() + retryAfterSeconds(req) * 1000);
      limited(req, res, 'failed attempts from this address');
    },
  });
}
