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
  // [name, options, the CSP a browser gets, whether HSTS is sent]
  const cases: [string, HelmetOptions, RegExp, boolean][] = [
    ["WeGov's options (cross-origin resources)", { crossOriginResourcePolicy: { policy: 'cross-origin' } }, /^default-src 'self';.*object-src 'none'/, true],
    ["helmet's defaults", {}, /^default-src 'self';.*script-src 'self'/, true],
    ['a CSP of its own, HSTS off', { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } }, strictTransportSecurity: false }, /;img-src 'self' data:;/, false],
  ];
  it.each(cases)('sets what helmet sets: %s', async (_name, options, csp, hsts) => {
    const fromHelmet = await request(appWith(helmet(options))).get('/x');
    const recorded = await request(appWith(securityHeaders(options))).get('/x');
    expect(headersOf(recorded)).toEqual(headersOf(fromHelmet));
    expect(recorded.headers['x-powered-by']).toBeUndefined();
    // What a browser is told: the page's script and object sources, and HTTPS only when asked.
    expect(recorded.headers['content-security-policy']).toMatch(csp);
    expect(recorded.headers['strict-transport-security'] !== undefined).toBe(hsts);
    expect(recorded.headers['x-content-type-options']).toBe('nosniff');
    expect(recorded.headers['cross-origin-resource-policy']).toBe(options.crossOriginResourcePolicy ? 'cross-origin' : 'same-origin');
  });

  it('refuses options computed per request, which one recording would freeze', () => {
    const nonce = (): string => `'nonce-${Math.random()}'`;
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", nonce] } } })).toThrow(/functions/);
  });
});
