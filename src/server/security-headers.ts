/**
 * helmet's security headers, decided by helmet once at start and set on every response by one
 * middleware. helmet (the well-kept library for these headers) stays the source of every name
 * and value: its middleware runs once against a recording response, and each request then gets
 * the recorded headers. Per request that replaces helmet's chain of a dozen middleware calls
 * with one loop of `setHeader`, the same headers on every route.
 *
 * Valid only while the options are static: a directive computed per request (a CSP nonce
 * function) would be frozen at its first value, so `securityHeaders` refuses options holding a
 * function.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/** A header helmet sets (name as helmet spells it) or removes (`value` undefined). */
export interface RecordedHeader {
  name: string;
  value: string | undefined;
}

function holdsFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(holdsFunction);
}

/** What helmet's middleware does to a response with these options, in order. */
export function recordHelmetHeaders(options: Readonly<HelmetOptions>): RecordedHeader[] {
  if (holdsFunction(options)) throw new Error('securityHeaders: options computed per request (functions) cannot be recorded once');
  const recorded: RecordedHeader[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.push({ name, value: String(value) });
      return res;
    },
    removeHeader(name: string) {
      recorded.push({ name, value: undefined });
    },
  };
  let failure: unknown;
  let done = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
    done = true;
  });
  // helmet's middleware is synchronous with static options; anything else is not recordable.
  if (!done) throw new Error('securityHeaders: helmet did not finish synchronously');
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  return recorded;
}

/** Middleware setting helmet's headers (recorded once from `options`) on every response. */
export function securityHeaders(options: Readonly<HelmetOptions>): RequestHandler {
  const recorded = recordHelmetHeaders(options);
  return (_req, res, next) => {
    for (const h of recorded) {
      if (h.value === undefined) res.removeHeader(h.name);
      else res.setHeader(h.name, h.value);
    }
    next();
  };
}
