import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log';
import { StoreUnavailableError } from '../state/types';
import { ApiError, sendError } from './api-error';
import { errorSummary } from '../log';
import { BusyError } from '../runtime/status-updates';
import { clientErrorAnswer } from './body-errors';

/**
 * The last middleware: every error becomes `{ "error": { "code", "message" } }`. Internals
 * (stack traces, driver messages) are logged, never sent. Errors the client caused (see
 * body-errors.ts) are 4xx and not logged at all: the request log line has the status.
 */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      logger.warn({ err: errorSummary(err) }, 'error after the response had started');
      next(err);
      return;
    }
    if (err instanceof ApiError) return sendError(res, err.status, err.code, err.message);
    // A body that does not parse or decompress, an aborted upload, an undecodable path: the
    // client's doing, answered with its code and not logged as a fault.
    const client = clientErrorAnswer(err);
    if (client !== undefined) return sendError(res, client.status, client.code, client.message);
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
