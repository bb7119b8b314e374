/**
 * securityHeaders (src/server/security-headers.ts) sets exactly what helmet's own middleware
 * sets with the same options, recorded once: compared header by header on real responses.
 */
import express from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import request from 'supertest';
import { securityHeaders } from '../../src/server/security-headers';

function appWith(middleware: express.RequestHandler): express.Express {
  const app = express();
  app.use(middleware);
  app.get('/x', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

/** Every header but the ones that differ per response anyway. */
function headersOf(res: request.Response): Record<string, unknown> {
  const { date: _date, ...rest } = res.headers as Record<string, unknown>;
  return rest;
}

describe('securityHeaders', () => {
  const cases: [string, HelmetOptions][] = [
    ["WeGov's options (cross-origin resources)", { crossOriginResourcePolicy: { policy: 'cross-origin' } }],
    ["helmet's defaults", {}],
    ['a CSP of its own, HSTS off', { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } }, strictTransportSecurity: false }],
  ];
  it.each(cases)('sets what helmet sets: %s', async (_name, options) => {
    const fromHelmet = await request(appWith(helmet(options))).get('/x');
    const recorded = await request(appWith(securityHeaders(options))).get('/x');
    expect(headersOf(recorded)).toEqual(headersOf(fromHelmet));
    expect(recorded.headers['x-powered-by']).toBeUndefined();
    expect(recorded.headers['content-security-policy']).toBeDefined();
  });

  it('refuses options computed per request, which one recording would freeze', () => {
    const nonce = (): string => `'nonce-${Math.random()}'`;
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", nonce] } } })).toThrow(/functions/);
  });
});
