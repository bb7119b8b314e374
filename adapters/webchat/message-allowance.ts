/**
 * The web chat's per-session message limit (WEGOV_RATE_MESSAGES_PER_MINUTE), counted inside the
 * turn's commit (src/runtime/turn.ts `allowance`, the store's commit script) instead of by a
 * rate limiter with a Redis round trip of its own: an ordinary message is one round trip, and the
 * count is shared by every process on the store, as before. Counted only for a request that has
 * shown the session's token (the route authenticates first) and was processed: a refused
 * message, a duplicate or a malformed body uses none of it.
 *
 * Answers as the express-rate-limit limiters beside it do: 429 `rate_limited` with Retry-After,
 * and the IETF draft-7 headers (`RateLimit-Policy: 60;w=60`, `RateLimit: limit=60, remaining=59,
 * reset=42`) on every counted answer. A session this process knows to be over (its last commit
 * saw the window full) is refused before its body is read: no parsing, no I/O.
 */
import type { RequestHandler, Response } from 'express';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { knownLimited, type AllowanceState } from '../../src/runtime/turn';
import { sendError } from '../../src/server/api-error';
import type { Allowance } from '../../src/state/types';

/** The window, as the other web chat limits'. */
export const WINDOW_MS = 60_000;

/** The allowance for `perMinute` messages per session. */
export function messageAllowance(perMinute: number): Allowance {
  return { perWindow: perMinute, windowMs: WINDOW_MS };
}

const secondsUntil = (atMs: number, nowMs: number): number => Math.max(1, Math.ceil((atMs - nowMs) / 1000));

function setHeaders(res: Response, allowance: Allowance, remaining: number, resetSeconds: number): void {
  res.set('RateLimit-Policy', `${allowance.perWindow};w=${allowance.windowMs / 1000}`);
  res.set('RateLimit', `limit=${allowance.perWindow}, remaining=${remaining}, reset=${resetSeconds}`);
}

/** The draft-7 headers for a counted message. */
export function setAllowanceHeaders(res: Response, allowance: Allowance, state: AllowanceState | undefined, nowMs: number): void {
  if (state) setHeaders(res, allowance, Math.max(0, state.perWindow - state.used), secondsUntil(state.resetAtMs, nowMs));
}

/** 429 `rate_limited` with Retry-After: the allowance (of `what`) is used up until `resetAtMs`. */
export function sendLimited(res: Response, allowance: Allowance, resetAtMs: number, nowMs: number, what = 'messages for this session'): void {
  const seconds = secondsUntil(resetAtMs, nowMs);
  res.set('Retry-After', String(seconds));
  setHeaders(res, allowance, 0, seconds);
  sendError(res, 429, 'rate_limited', `too many ${what}; try again in ${seconds} s`);
}

/** Refuses, before the body is read, a session this process knows to be over its allowance. */
export function refuseKnownOver(deps: RuntimeDeps, allowance: Allowance): RequestHandler {
  return (req, res, next) => {
    const over = knownLimited(deps, String(req.params.id), allowance);
    if (over) sendLimited(res, allowance, over.resetAtMs, deps.env.now().getTime());
    else next();
  };
}
