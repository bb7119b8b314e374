/**
 * POST /agency/status through the real app: an agency's signed push reaches the resident's
 * open web chat (SSE and history) in their language; bad or stale signatures, replays and bad
 * bodies are refused; the route is absent without WEGOV_AGENCY_PUSH_SECRET.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { sign } from '../../src/sinks/webhook/signature';
import { createSession, fileReport, history, RIVERSIDE_PIN, referenceIn, startHarness, type Harness } from './harness';
import { openSse } from './sse-client';

const SECRET = 'agency-push-secret-0123456789';

function push(h: Harness, body: string | object, opts: { secret?: string; timestamp?: number; signature?: string } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return request(h.app)
    .post('/agency/status')
    .set('Content-Type', 'application/json')
    .set('X-WeGov-Timestamp', String(ts))
    .set('X-WeGov-Signature', opts.signature ?? sign(opts.secret ?? SECRET, ts, raw))
    .send(raw);
}

describe('agency status push', () => {
  let h: Harness;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    h = await startHarness('memory', { env: { WEGOV_AGENCY_PUSH_SECRET: SECRET }, overrides: { heartbeatMs: 100 } });
    server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    h.wiring.streams.closeAll();
    await new Promise((r) => server.close(r));
    await h.close();
  });

  it("a signed push reaches the resident's open chat in their language, once", async () => {
    const s = await createSession(h.app, { locale: 'es' });
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Un bache enorme aquí', contact: null }));
    const sse = await openSse(`${base}/webchat/sessions/${s.sessionId}/events?token=${encodeURIComponent(s.token)}`);

    const body = { reference: reference.toLowerCase(), status: 'closed', notes: 'Reparado el 3 de diciembre.' };
    const res = await push(h, body);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ result: 'delivered' });

    await sse.waitFor(1);
    const [message] = sse.messages();
    expect(message).toMatchObject({ from: 'bot', lang: 'es' });
    expect(message?.text).toContain(reference);
    expect(message?.text).toContain('Reparado el 3 de diciembre.');
    sse.close();

    // The same push again (freshly signed) is applied once.
    expect((await push(h, body)).body).toEqual({ result: 'delivered' });
    const updates = (await history(h.app, s)).filter((m) => m.text.includes('Reparado el 3 de diciembre.'));
    expect(updates).toHaveLength(1);
    expect(updates[0]?.lang).toBe('es');
  });

  it('refuses bad signatures, stale timestamps and replays of an old request (401)', async () => {
    const body = JSON.stringify({ reference: 'WG-AAAAAA', status: 'closed' });
    const wrongSecret = await push(h, body, { secret: 'another-secret-0123456789' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error.code).toBe('bad_signature');

    const now = Math.floor(Date.now() / 1000);
    const tampered = await push(h, body.replace('closed', 'open'), { timestamp: now, signature: sign(SECRET, now, body) });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe('bad_signature');

    const missing = await request(h.app).post('/agency/status').set('Content-Type', 'application/json').send(body);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('bad_signature');

    // A correctly signed request captured 6 minutes ago, replayed now.
    const old = now - 360;
    const replay = await push(h, body, { timestamp: old, signature: sign(SECRET, old, body) });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('stale_timestamp');
    const future = await push(h, body, { timestamp: now + 400 });
    expect(future.body.error.code).toBe('stale_timestamp');
  });

  it('an unknown reference is accepted and says so', async () => {
    const res = await push(h, { reference: 'WG-ZZZZZZ', status: 'in_progress' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ result: 'unknown_reference' });
  });

  it('invalid bodies are 400, oversized 413, non-JSON content 415', async () => {
    const bad = await push(h, { reference: 'WG-AAAAAA', status: 'fixed' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_body', message: expect.stringContaining('status') });
    expect((await push(h, { reference: 'WG-AAAAAA', status: 'closed', notes: 'x'.repeat(2001) })).status).toBe(400);
    expect((await push(h, { reference: 'WG-AAAAAA', status: 'closed', extra: 1 })).status).toBe(400);
    expect((await push(h, { status: 'closed' })).status).toBe(400);
    const notJson = await push(h, '{"reference":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');

    const huge = await push(h, { reference: 'WG-AAAAAA', status: 'closed', notes: 'x'.repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');

    const text = await request(h.app).post('/agency/status').set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
  });
});

it('POST /agency/status answers 404 when WEGOV_AGENCY_PUSH_SECRET is unset', async () => {
  const h = await startHarness('memory');
  try {
    const res = await push(h, { reference: 'WG-AAAAAA', status: 'closed' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  } finally {
    await h.close();
  }
});
