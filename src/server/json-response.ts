import type { Response } from 'express';

/**
 * Sends `body` as JSON with `status`: the same answer as express's `res.status(status).json(body)`
 * (`Content-Type: application/json; charset=utf-8`, a Content-Length, no ETag: the app turns
 * ETags off) without its per-response work for features the API does not use: the JSON
 * settings lookups, the Content-Type parsing and re-formatting, the copy of every body over
 * 1,000 characters into a Buffer, the freshness check. A HEAD request gets the headers only
 * (node drops the body).
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
