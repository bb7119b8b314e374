import type { RequestHandler } from 'express';
import type { Logger } from '../log';

/** The path with ids and references masked and the query (which may hold a token) dropped. */
export function loggablePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/\/sessions\/[^/]+/, '/sessions/:id').replace(/\/cases\/[^/]+/, '/cases/:reference').replace(/\/my-data\/[^/]+/, '/my-data/:id');
}

/**
 * One line per request: method, masked path, status, duration. Never headers, bodies or queries.
 * Below 500 the line is at debug level, so with debug off (production's default) the line is
 * not built at all (no path masking, no object) unless the request ends in a 5xx.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const failed = res.statusCode >= 500;
      if (!failed && !logger.isLevelEnabled('debug')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = { method: req.method, path: loggablePath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (failed) logger.warn(entry, 'request');
      else logger.debug(entry, 'request');
    });
    next();
  };
}
