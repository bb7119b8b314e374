/** Sorting ioredis failures into "Redis is unavailable" (answer 503) and genuine faults. */
import { ReplyError } from 'ioredis';
import { StoreUnavailableError } from './types';

/**
 * Server replies that mean "not now" rather than "wrong": loading, busy script, failover,
 * cluster down, out of memory, persistence failing.
 */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|CLUSTERDOWN|TRYAGAIN|OOM|NOREPLICAS|MISCONF)\b/;

/** ioredis's ReplyError class (its typings say `any`). */
const ReplyErrorClass = ReplyError as new (...args: never[]) => Error;

/**
 * What to throw for an error raised by an ioredis call made for `operation`:
 * transport failures (connection closed or refused, command timeout, stream not writeable,
 * retries exhausted) and "not now" replies become StoreUnavailableError with the original as
 * `cause`; other server replies (WRONGTYPE, a script error) are faults and pass unchanged.
 */
export function toStoreError(err: unknown, operation: string): unknown {
  if (err instanceof StoreUnavailableError) return err;
  if (err instanceof ReplyErrorClass && !UNAVAILABLE_REPLY.test(err.message)) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreUnavailableError(`redis ${operation} failed: ${detail}`, { cause: err });
}
