import type { Response } from 'express';
import { sendJson } from './json-response';

/** Stable error codes of the HTTP API. */
export type ApiErrorCode =
  | 'invalid_json'
  | 'invalid_body'
  | 'unauthorized'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'session_not_found'
  | 'not_found'
  /** The id names something else already (a nudge id reused for another message). */
  | 'conflict'
  /** The shift (or other thing) was cancelled already. */
  | 'already_cancelled'
  /** No consultation with that id in the catalogue. */
  | 'unknown_consultation'
  /** The consultation's results are not public (staff only, or only after it closes). */
  | 'results_withheld'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unsupported_encoding'
  | 'invalid_encoding'
  | 'invalid_length'
  | 'request_aborted'
  | 'bad_request'
  | 'rate_limited'
  | 'too_many_streams'
  | 'streams_at_capacity'
  | 'store_unavailable'
  | 'busy'
  | 'internal';

/** The JSON body of every error answer. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

/** Sends `{ "error": { "code", "message" } }` with `status`. */
export function sendError(res: Response, status: number, code: ApiErrorCode, message: string): void {
  const body: ApiErrorBody = { error: { code, message } };
  sendJson(res, status, body);
}

/** An API error raised where returning is awkward (middleware); the app's error handler renders it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
