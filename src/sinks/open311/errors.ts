/**
 * Typed outcomes of talking to an Open311 GeoReport v2 endpoint. Every failure is an
 * `Open311Error` with a stable `code` (for logs and metrics) and a `permanent` flag:
 *
 * - `permanent: true` (`Open311PermanentError`): sending the same request again will fail the
 *   same way (the agency rejected it with a 4xx, or the submission is not a valid report). The
 *   relay currently treats every throw as "retry later"; these belong on the dead-letter path
 *   that issue 5 adds, with `agencyErrors` as the reason shown to the agency's operators.
 * - `permanent: false` (`Open311RetryableError`): the agency is down (5xx), slow (timeout),
 *   unreachable (network) or answered something unreadable; a later attempt may succeed.
 */

/** One entry of the GeoReport v2 error array (`[{ "code": 400, "description": "…" }]`). */
export interface Open311AgencyError {
  /** As a string: agencies send the HTTP status as a number, some send their own codes. */
  code: string;
  description: string;
}

export type Open311PermanentCode =
  /** The agency answered 4xx (other than 408/429). */
  | 'rejected'
  /** A status outside 2xx/4xx/5xx (e.g. a redirect, which is never followed for a POST). */
  | 'unexpected_status'
  /** The submission is not a report this sink can send. */
  | 'invalid_report';

export type Open311RetryableCode =
  /** The agency answered 5xx, 408 or 429. */
  | 'unavailable'
  /** No complete answer within `timeoutMs`. */
  | 'timeout'
  /** DNS, refused or reset connection. */
  | 'network'
  /** A 2xx body that is not JSON. */
  | 'invalid_json'
  /** A 2xx JSON body that does not have the GeoReport v2 shape. */
  | 'invalid_shape'
  /** A body longer than `maxResponseBytes` (reading stopped there). */
  | 'response_too_large';

export type Open311ErrorCode = Open311PermanentCode | Open311RetryableCode;

/** Details common to both kinds. */
export interface Open311ErrorDetails {
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** The agency's error array, when it sent one (parsed from any non-2xx body). */
  agencyErrors?: Open311AgencyError[];
  cause?: unknown;
}

/** Base class: check `permanent` (or `instanceof` the subclasses) to decide what to do. */
export abstract class Open311Error extends Error {
  abstract readonly permanent: boolean;
  readonly status?: number;
  readonly agencyErrors: Open311AgencyError[];

  protected constructor(
    readonly code: Open311ErrorCode,
    message: string,
    details: Open311ErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.agencyErrors = details.agencyErrors ?? [];
  }

  /** The agency's reasons as one line, e.g. `400: service_code not found`, for a dead letter. */
  get reason(): string {
    if (this.agencyErrors.length === 0) return this.message;
    return this.agencyErrors.map((e) => `${e.code}: ${e.description}`).join('; ');
  }
}

/** Do not retry: dead-letter it (issue 5) with `reason`. */
export class Open311PermanentError extends Open311Error {
  readonly permanent = true as const;
  override readonly name = 'Open311PermanentError';

  constructor(code: Open311PermanentCode, message: string, details?: Open311ErrorDetails) {
    super(code, message, details);
  }
}

/** Try again later (with backoff). */
export class Open311RetryableError extends Open311Error {
  readonly permanent = false as const;
  override readonly name = 'Open311RetryableError';

  constructor(code: Open311RetryableCode, message: string, details?: Open311ErrorDetails) {
    super(code, message, details);
  }
}
