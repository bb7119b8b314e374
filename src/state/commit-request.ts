/** Checks shared by every SessionStore: a malformed request is API misuse, not a store fault. */
import { SESSION_MAX_BYTES } from './store-limits';
import { SessionTooLargeError, type Allowance, type CommitRequest } from './types';

/** Throws a RangeError/TypeError for a request no store should accept. */
export function checkCommitRequest(req: CommitRequest): void {
  if (!Number.isSafeInteger(req.expectedVersion) || req.expectedVersion < 0) {
    throw new RangeError(`expectedVersion must be a non-negative integer, got ${req.expectedVersion}`);
  }
  if (!Number.isSafeInteger(req.ttlSeconds) || req.ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${req.ttlSeconds}`);
  }
  if (req.dedupe && (!Number.isSafeInteger(req.dedupe.ttlSeconds) || req.dedupe.ttlSeconds <= 0)) {
    throw new RangeError(`dedupe.ttlSeconds must be a positive integer, got ${req.dedupe.ttlSeconds}`);
  }
  const allowance = req.allowance;
  if (allowance && !(Number.isSafeInteger(allowance.perWindow) && allowance.perWindow > 0 && Number.isSafeInteger(allowance.windowMs) && allowance.windowMs > 0)) {
    throw new RangeError(`allowance must count a positive whole number of messages per positive window, got ${allowance.perWindow} per ${allowance.windowMs} ms`);
  }
  const burst = allowance?.burst;
  if (burst && !(Number.isSafeInteger(burst.perWindow) && burst.perWindow > 0 && Number.isSafeInteger(burst.windowMs) && burst.windowMs > 0)) {
    throw new RangeError(`allowance.burst must count a positive whole number of messages per positive window, got ${burst.perWindow} per ${burst.windowMs} ms`);
  }
  if (burst && allowance?.counter !== undefined) throw new RangeError('allowance.burst is a window of the conversation\'s own: not with a shared counter');
}

/** Checks of a `countMessage` request, shared by every SessionStore (as checkCommitRequest's). */
export function checkCountRequest(allowance: Allowance): void {
  if (allowance.counter !== undefined) throw new RangeError('countMessage counts the conversation\'s own windows, not a shared counter');
  checkCommitRequest({ expectedVersion: 0, ttlSeconds: 1, allowance } as CommitRequest);
}

/** JSON text of a value that must be storable (undefined and functions are not). */
export function toJson(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${what} is not JSON-serialisable`);
  return json;
}

/** Only the messages strictly after `afterId` (ids are zero-padded: string order is numeric). */
export function messagesAfter<T extends { id: string }>(messages: T[], afterId?: string): T[] {
  return afterId === undefined ? messages : messages.filter((m) => m.id > afterId);
}

/**
 * A session the caller has serialised already (the runtime keeps this text in its cache): a
 * store writes `json` as is instead of serialising the session a second time.
 */
export class SessionText {
  constructor(readonly json: string) {}
}

/** The session's JSON text, refused (SessionTooLargeError) when over SESSION_MAX_BYTES. */
export function sessionJson(session: unknown): string {
  const json = session instanceof SessionText ? session.json : toJson(session, 'session');
  // Cheap first: a string of n UTF-16 units has at most 3n UTF-8 bytes.
  if (json.length * 3 > SESSION_MAX_BYTES) {
    const bytes = Buffer.byteLength(json);
    if (bytes > SESSION_MAX_BYTES) throw new SessionTooLargeError(bytes, SESSION_MAX_BYTES);
  }
  return json;
}
