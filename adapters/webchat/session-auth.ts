/**
 * Authentication of the web chat's per-session routes, before anything is counted, parsed or
 * streamed: a stranger who knows a session id gets 401 (or 404) and uses up nothing of the
 * owner's (no message allowance, no stream slot, no body parsing).
 *
 * It is cheap on the hot path. A session's token hash never changes (ids are random and never
 * reused), so once a request has proven it holds a session's token, this process remembers the
 * hash (an LRU of `cacheSize` entries, filled at creation and by successful checks): the owner's next
 * requests are checked in memory, without a store round trip. A miss costs one load (the same
 * read `authorizeRead` does). The turn itself still authorizes against the stored session.
 *
 * Failures (no token, wrong token, unknown or malformed id) are counted per client IP
 * (rate-limits.ts `authFailureLimit`); an address past its allowance gets 429 with Retry-After,
 * and this process then refuses its unproven requests at once, before any load, until the
 * window resets. Requests for sessions the address has already proven it holds still pass: a
 * neighbour behind the same NAT who guesses tokens does not lock residents out of their chats.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { loadChannelData } from '../../src/runtime/conversation';
import { ApiError, sendError } from '../../src/server/api-error';
import type { SessionStore } from '../../src/state/types';
import { clientKey } from './rate-limits';
import { bearerToken, hashMatches, hashToken, isSessionId, TOKEN_HASH_KEY } from './token';

/** What a request proved: set on `res.locals.webchat` by the middleware. */
export interface AuthenticatedSession {
  sessionId: string;
  token: string;
  /** `hashToken(token)`, computed once: the turn checks it against the stored session too. */
  tokenHash: string;
}

export interface SessionAuthOptions {
  store: SessionStore;
  /** `authFailureLimit(...)`: counts a failure, then next() or 429. */
  countFailure: RequestHandler;
  /** Token hashes remembered (about 150 bytes each). Default 10,000. */
  cacheSize?: number;
  now?: () => number;
}

const NOT_FOUND = (): ApiError => new ApiError(404, 'session_not_found', 'no such session (it may have expired)');
const MISSING = (): ApiError => new ApiError(401, 'unauthorized', 'missing session token: send Authorization: Bearer <token>');
const WRONG = (): ApiError => new ApiError(401, 'unauthorized', 'wrong session token');

/** Checks web chat session tokens; see the file comment. */
export class SessionAuth {
  private readonly hashes: LRUCache<string, string>;
  /** Client keys past their failure allowance, and when that ends (ms). */
  private readonly blocked = new LRUCache<string, number>({ max: 10_000 });
  private readonly now: () => number;

  constructor(private readonly opts: SessionAuthOptions) {
    this.hashes = new LRUCache({ max: opts.cacheSize ?? 10_000 });
    this.now = opts.now ?? Date.now;
  }

  /** Remembers a session's token hash (at creation: the creator holds the token). */
  remember(sessionId: string, tokenHash: string): void {
    this.hashes.set(sessionId, tokenHash);
  }

  /** Remembers that `key` is past its allowance until `until` (ms); for `authFailureLimit`'s `onBlocked`. */
  block(key: string, until: number): void {
    this.blocked.set(key, until);
  }

  /**
   * Middleware for `/sessions/:id/...`: on success sets `res.locals.webchat` (AuthenticatedSession)
   * and calls next(); otherwise answers 401/404, or 429 past the address's allowance.
   * `queryToken`: also accept `?token=` (EventSource cannot set headers).
   */
  middleware(opts: { queryToken: boolean } = { queryToken: false }): RequestHandler {
    return (req, res, next) => {
      this.check(req, res, next, opts.queryToken).catch(next);
    };
  }

  private async check(req: Request, res: Response, next: NextFunction, queryToken: boolean): Promise<void> {
    const id = String(req.params.id);
    const fromQuery = queryToken && typeof req.query.token === 'string' ? req.query.token : undefined;
    const token = bearerToken(req) ?? fromQuery;
    const known = isSessionId(id) ? this.hashes.get(id) : undefined;
    // Hashed once here; the turn checks the same hash against the stored session.
    const presented = known !== undefined && token !== undefined ? hashToken(token) : undefined;
    if (token !== undefined && presented !== undefined && hashMatches(presented, known)) return this.pass(res, next, { sessionId: id, token, tokenHash: presented });

    const until = this.blocked.get(clientKey(req));
    if (until !== undefined && until > this.now()) {
      const seconds = Math.max(1, Math.ceil((until - this.now()) / 1000));
      res.set('Retry-After', String(seconds));
      return sendError(res, 429, 'rate_limited', `too many failed attempts from this address; try again in ${seconds} s`);
    }
    if (!isSessionId(id)) return this.fail(req, res, next, NOT_FOUND());
    if (token === undefined) return this.fail(req, res, next, MISSING());
    if (known !== undefined) return this.fail(req, res, next, WRONG());

    const channelData = await loadChannelData(this.opts.store, id);
    if (channelData === null) return this.fail(req, res, next, NOT_FOUND());
    const stored = channelData[TOKEN_HASH_KEY];
    const tokenHash = hashToken(token);
    if (stored === undefined || !hashMatches(tokenHash, stored)) return this.fail(req, res, next, WRONG());
    this.hashes.set(id, stored);
    this.pass(res, next, { sessionId: id, token, tokenHash });
  }

  private pass(res: Response, next: NextFunction, auth: AuthenticatedSession): void {
    res.locals.webchat = auth;
    next();
  }

  /** Counts the failure; within the allowance the request ends with `answer`. */
  private fail(req: Request, res: Response, next: NextFunction, answer: ApiError): void {
    this.opts.countFailure(req, res, (err?: unknown) => next(err ?? answer));
  }
}

/** The session the middleware authenticated (throws if it did not run: a wiring fault). */
export function authenticated(res: Response): AuthenticatedSession {
  const auth = res.locals.webchat as AuthenticatedSession | undefined;
  if (auth === undefined) throw new Error('SessionAuth middleware did not run for this route');
  return auth;
}
