import type { RequestHandler } from 'express';

/**
 * CORS for embedding the chat on an agency's own site. Tokens travel as bearer headers, not
 * cookies, so credentials mode is never needed; `*` is a safe default.
 */
export function cors(allowedOrigins: '*' | readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    // setHeader, not express's res.set: plain strings need none of its content-type handling.
    if (allowedOrigins === '*') {
      res.setHeader('Access-Control-Allow-Origin', '*');
    } else {
      res.vary('Origin');
      if (origin !== undefined && allowedOrigins.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
    }
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, RateLimit, RateLimit-Policy');
    if (req.method === 'OPTIONS') {
      res.set({
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID',
        'Access-Control-Max-Age': '600',
      });
      res.status(204).end();
      return;
    }
    next();
  };
}
