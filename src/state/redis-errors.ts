/** Sorting ioredis failures into "Redis is unavailable" (answer 503) and genuine faults. */
import { ReplyError } from 'ioredis';
import { StoreUnavailableError } from './types';

/**
 * Server replies that mean "not now" rather than "wrong": loading, busy script, failover,
 * cluster down, out of memory, persistence failing, and a Redis Cluster's redirections when
 * ioredis hands them back instead of following them (MOVED, ASK: seen in the web processes while a
 * restarted master rejoined; the command ran nowhere, and the resident may try again).
 */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|CLUSTERDOWN|TRYAGAIN|OOM|NOREPLICAS|MISCONF|MOVED|ASK)\b/;

/** ioredis's own refusal of a Redis Cluster pipeline whose keys are in several slots. */
const CROSS_SLOT = /should belong to the same slot/;

/** ioredis's ReplyError class (its typings say `any`). */
const ReplyErrorClass = ReplyError as new (...args: never[]) => Error;

/**
 * What to throw for an error raised by an ioredis call made for `operation`:
 * transport failures (connection closed or refused, command timeout, stream not writeable,
 * retries exhausted) and "not now" replies become StoreUnavailableError with the original as
 * `cause`; other server replies (WRONGTYPE, CROSSSLOT, a script error) and ioredis refusing a
 * cluster pipeline over several slots are faults and pass unchanged.
 */
export function toStoreError(err: unknown, operation: string): unknown {
  if (err instanceof StoreUnavailableError) return err;
  // ioredis refusing a cluster pipeline over several slots: a fault in our code, not an outage.
  if (err instanceof Error && CROSS_SLOT.test(err.message)) return err;
  if (err instanceof ReplyErrorClass && !UNAVAILABLE_REPLY.test(err.message)) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreUnavailableError(`redis ${operation} failed: ${detail}`, { cause: err });
}
