/**
 * `GET /widget.js` and `GET /` over HTTP (no browser): one self-contained script under the
 * 20 KB gzipped budget, served as JavaScript with a strong ETag and a short max-age, gzipped
 * when accepted, 304 when unchanged, loadable from other origins; built in memory when
 * dist/widget.js is missing or older than the sources; the demo page embeds it with one tag
 * under a strict CSP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, utimesSync, writeFileSync, cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { repoRoot } from '../../../../src/catalog/paths';
import { WIDGET_BUDGET_GZIP_BYTES } from '../../../../bench/widget-size';
import { WidgetScript } from '../../../../adapters/webchat/widget-asset';
import { startHarness, type Harness } from '../../../server/harness';

jest.setTimeout(30_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness('memory');
});
afterAll(async () => {
  await h.close();
});

/** GET over a real socket, body as sent (supertest would gunzip it). */
async function getRaw(pathname: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const server = h.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: pathname, headers, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe('GET /widget.js', () => {
  it('is gzipped JavaScript under budget, with validators and cross-origin headers', async () => {
    const res = await getRaw('/widget.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.etag).toMatch(/^"[\w-]{22}-gz"$/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.body.length).toBeLessThanOrEqual(WIDGET_BUDGET_GZIP_BYTES);
    const code = gunzipSync(res.body).toString('utf8');
    // One self-contained IIFE: no imports, no requests for other scripts.
    expect(code).toMatch(/^\/\*! WeGov web chat widget/);
    expect(code).not.toMatch(/\bimport\s*\(|\brequire\(|sourceMappingURL/);
    // Chrome strings come from locales/*.json, every locale.
    expect(code).toContain('Use my location');
    expect(code).toContain('Usar mi ubicación');
  });

  it('answers 304 to a matching If-None-Match, and plain JavaScript without gzip', async () => {
    const first = await request(h.app).get('/widget.js').set('Accept-Encoding', 'identity');
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.headers.etag).toMatch(/^"[\w-]{22}"$/);
    expect(first.text.length).toBeGreaterThan(10_000);
    const again = await request(h.app).get('/widget.js').set('Accept-Encoding', 'identity').set('If-None-Match', String(first.headers.etag));
    expect(again.status).toBe(304);
  });

  it('is bundled in memory when dist/widget.js is older than the sources', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'wegov-widget-'));
    try {
      const real = repoRoot();
      for (const part of ['package.json', 'locales', path.join('adapters', 'webchat', 'widget')]) cpSync(path.join(real, part), path.join(root, part), { recursive: true });
      mkdirSync(path.join(root, 'dist'));
      writeFileSync(path.join(root, 'dist', 'widget.js'), '/* stale */');
      utimesSync(path.join(root, 'dist', 'widget.js'), new Date(0), new Date(0));
      const stale = await new WidgetScript(root).load();
      expect(stale.origin).toBe('memory');
      expect(stale.body.toString()).toContain('Use my location');

      writeFileSync(path.join(root, 'dist', 'widget.js'), '/* built */');
      const fresh = await new WidgetScript(root).load();
      expect(fresh.origin).toBe('built');
      expect(fresh.body.toString()).toBe('/* built */');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('GET / (the demo page)', () => {
  it('embeds the widget with one script tag under a strict CSP of its own', async () => {
    const res = await request(h.app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('City of Riverside');
    expect(res.text.match(/<script\b/g)).toHaveLength(1);
    expect(res.text).toContain('<script src="/widget.js" data-title="City of Riverside" async></script>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('?lang= picks a shipped locale for the widget and ignores anything else', async () => {
    expect((await request(h.app).get('/?lang=es')).text).toContain('data-locale="es"');
    const odd = await request(h.app).get('/?lang=%22%3E%3Cscript%3E');
    expect(odd.text).not.toContain('data-locale');
    expect(odd.text).not.toContain('"><script>');
  });
});
