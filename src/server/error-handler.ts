import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log';
import { StoreUnavailableError } from '../state/types';
import { ApiError, sendError } from './api-error';
import { errorSummary } from '../outbox/relay';
import { BusyError } from '../runtime/status-updates';

/** body-parser's errors carry a `type` and a `status`. */
function bodyParserType(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const type = (err as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

/**
 * The last middleware: every error becomes `{ "error": { "code", "message" } }`. Internals
 * (stack traces, driver messages) are logged, never sent.
 */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      logger.warn({ err: errorSummary(err) }, 'error after the response had started');
      next(err);
      return;
    }
    if (err instanceof ApiError) return sendError(res, err.status, err.code, err.message);
    switch (bodyParserType(err)) {
      case 'entity.too.large':
        return sendError(res, 413, 'payload_too_large', 'the request body is too large');
      case 'entity.parse.failed':
        return sendError(res, 400, 'invalid_json', 'the request body is not valid JSON');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return sendError(res, 415, 'unsupported_media_type', 'the request body must be UTF-8 JSON');
      default:
        break;
    }
    if (err instanceof StoreUnavailableError) {
      logger.error({ err: errorSummary(err) }, 'store unavailable');
      res.set('Retry-After', '5');
      return sendError(res, 503, 'store_unavailable', 'the conversation store is unreachable; nothing was changed, please try again shortly');
    }
    if (err instanceof BusyError) {
      res.set('Retry-After', '1');
      return sendError(res, 503, 'busy', err.message);
    }
    logger.error({ err: errorSummary(err), method: req.method }, 'unhandled error');
    sendError(res, 500, 'internal', 'something went wrong on our side');
  };
}
