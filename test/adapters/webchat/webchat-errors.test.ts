import request from 'supertest';
import { createSession, history, post, sayLocation, startHarness, TINY_JPEG, type Harness, type StoreKind } from '../../server/harness';

type ErrorBody = { error: { code: string; message: string } };
const err = (res: request.Response): ErrorBody['error'] => (res.body as ErrorBody).error;

describe.each<StoreKind>(['memory', 'redis'])('web chat API errors (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  describe('400', () => {
    it('invalid_json for a body that is not JSON', async () => {
      const res = await request(h.app).post('/webchat/sessions').set('Content-Type', 'application/json').send('{"locale": ');
      expect(res.status).toBe(400);
      expect(err(res).code).toBe('invalid_json');
      const s = await createSession(h.app);
      const res2 = await request(h.app)
        .post(`/webchat/sessions/${s.sessionId}/messages`)
        .set('Authorization', `Bearer ${s.token}`)
        .set('Content-Type', 'application/json')
        .send('{text: hi}');
      expect(res2.status).toBe(400);
      expect(err(res2).code).toBe('invalid_json');
    });

    it('invalid_body naming the field', async () => {
      const bad = await request(h.app).post('/webchat/sessions').send({ locale: 5 });
      expect(bad.status).toBe(400);
      expect(err(bad)).toMatchObject({ code: 'invalid_body', message: expect.stringContaining('locale') });
      const unknown = await request(h.app).post('/webchat/sessions').send({ lang: 'es' });
      expect(err(unknown)).toMatchObject({ code: 'invalid_body', message: expect.stringContaining('lang') });

      const s = await createSession(h.app);
      const cases: [object, string][] = [
        [{}, 'got: none'],
        [{ text: 'hi', choice: 'report' }, 'got: text, choice'],
        [{ location: { lat: 91, lon: 0 } }, 'location.lat'],
        [{ location: { lat: '30', lon: 0 } }, 'location.lat'],
        [{ location: { lat: 30, lon: -181 } }, 'location.lon'],
        [{ photo: { contentType: 'image/jpeg', data: 'not base64!' } }, 'photo.data'],
        [{ photo: { data: 'AAAA' } }, 'photo.contentType'],
        [{ command: 'reboot' }, 'command'],
        [{ text: 'hi', clientMessageId: 'has spaces' }, 'clientMessageId'],
        [{ text: 'hi', clientMessageId: 'x'.repeat(101) }, 'clientMessageId'],
        [{ text: 42 }, 'text'],
      ];
      for (const [body, mentions] of cases) {
        const res = await post(h.app, s, body);
        expect({ body, status: res.status, code: err(res)?.code }).toEqual({ body, status: 400, code: 'invalid_body' });
        expect(err(res).message).toContain(mentions);
      }
    });
  });

  describe('401', () => {
    it('missing or wrong token: refused, and the session is unchanged', async () => {
      const s = await createSession(h.app);
      const before = await history(h.app, s);

      const missing = await request(h.app).post(`/webchat/sessions/${s.sessionId}/messages`).send({ text: 'hello' });
      expect(missing.status).toBe(401);
      expect(err(missing).code).toBe('unauthorized');
      const wrong = await post(h.app, { sessionId: s.sessionId, token: 'A'.repeat(43) }, { text: 'hello' });
      expect(wrong.status).toBe(401);
      expect(err(wrong).code).toBe('unauthorized');
      const otherSessionsToken = (await createSession(h.app)).token;
      expect((await post(h.app, { sessionId: s.sessionId, token: otherSessionsToken }, { command: 'help' })).status).toBe(401);
      const photo = await post(h.app, { sessionId: s.sessionId, token: 'B'.repeat(43) }, { photo: { contentType: 'image/jpeg', data: TINY_JPEG.toString('base64') } });
      expect(photo.status).toBe(401);
      expect((await request(h.app).post(`/webchat/sessions/${s.sessionId}/messages`).set('Authorization', 'Basic abc').send({ text: 'x' })).status).toBe(401);

      expect(await history(h.app, s)).toEqual(before);
      // The owner carries on where they were.
      const ok = await post(h.app, s, { command: 'help' });
      expect(ok.status).toBe(200);
      expect((ok.body as { messages: { id: string }[] }).messages[0]?.id.startsWith('000000000002.')).toBe(true);
    });

    it('history and events need the token too', async () => {
      const s = await createSession(h.app);
      expect((await request(h.app).get(`/webchat/sessions/${s.sessionId}/messages`)).status).toBe(401);
      expect((await request(h.app).get(`/webchat/sessions/${s.sessionId}/messages`).set('Authorization', 'Bearer nope')).status).toBe(401);
      expect((await request(h.app).get(`/webchat/sessions/${s.sessionId}/events`)).status).toBe(401);
      const wrong = await request(h.app).get(`/webchat/sessions/${s.sessionId}/events?token=nope`);
      expect(wrong.status).toBe(401);
      expect(wrong.headers['content-type']).toMatch(/json/);
    });
  });

  describe('404', () => {
    it('session_not_found for unknown or malformed ids', async () => {
      const unknown = await post(h.app, { sessionId: 'A'.repeat(22), token: 'x' }, { text: 'hi' });
      expect(unknown.status).toBe(404);
      expect(err(unknown).code).toBe('session_not_found');
      expect((await post(h.app, { sessionId: '..%2F..', token: 'x' }, { text: 'hi' })).status).toBe(404);
      expect(err(await request(h.app).get(`/webchat/sessions/${'B'.repeat(22)}/messages`).set('Authorization', 'Bearer x')).code).toBe('session_not_found');
      expect(err(await request(h.app).get(`/webchat/sessions/${'B'.repeat(22)}/events?token=x`)).code).toBe('session_not_found');
    });

    it('not_found (JSON) for unknown routes', async () => {
      for (const res of [await request(h.app).get('/nope'), await request(h.app).get('/webchat/nope'), await request(h.app).delete('/webchat/sessions')]) {
        expect(res.status).toBe(404);
        expect(err(res).code).toBe('not_found');
      }
    });
  });

  describe('413', () => {
    it('text longer than 20,000 characters', async () => {
      const s = await createSession(h.app);
      const res = await post(h.app, s, { text: 'x'.repeat(20_001) });
      expect(res.status).toBe(413);
      expect(err(res).code).toBe('payload_too_large');
      expect((await post(h.app, s, { text: 'x'.repeat(20_000) })).status).toBe(200);
    });

    it('a body over 8 MB', async () => {
      const s = await createSession(h.app);
      const res = await post(h.app, s, { photo: { contentType: 'image/jpeg', data: 'A'.repeat(8.5 * 1024 * 1024) } });
      expect(res.status).toBe(413);
      expect(err(res).code).toBe('payload_too_large');
    });
  });

  it('415 for a body that is not JSON', async () => {
    const res = await request(h.app).post('/webchat/sessions').set('Content-Type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expect(err(res).code).toBe('unsupported_media_type');
    const form = await request(h.app).post('/webchat/sessions').type('form').send({ locale: 'es' });
    expect(form.status).toBe(415);
  });

  it('photos that are not JPEG/PNG/WebP (or not what they claim) are declined politely by the engine', async () => {
    const s = await createSession(h.app, { start: 'report:pothole' });
    await post(h.app, s, { choice: 'small' });
    await post(h.app, s, { choice: 'no' });
    const atPhoto = await sayLocation(h.app, s, { lat: 30.27, lon: -97.74 });
    expect(atPhoto.at(-1)?.expects).toBe('photo');
    for (const photo of [
      { contentType: 'image/gif', data: Buffer.from('GIF89a-------').toString('base64') },
      { contentType: 'image/png', data: TINY_JPEG.toString('base64') },
    ]) {
      const res = await post(h.app, s, { photo });
      expect(res.status).toBe(200);
      expect((res.body as { messages: { expects: string }[] }).messages.at(-1)?.expects).toBe('photo');
    }
  });

  it.each([
    ['JPEG magic bytes, then garbage', Buffer.concat([TINY_JPEG.subarray(0, 4), Buffer.alloc(300, 0x41)])],
    ['a truncated JPEG', TINY_JPEG.subarray(0, TINY_JPEG.length - 40)],
  ])('a photo that does not decode (%s) is declined politely, like a non-image', async (_name, data) => {
    const s = await createSession(h.app, { start: 'report:pothole' });
    await post(h.app, s, { choice: 'small' });
    await post(h.app, s, { choice: 'no' });
    await sayLocation(h.app, s, { lat: 30.27, lon: -97.74 });
    const declined = await post(h.app, s, { photo: { contentType: 'image/jpeg', data: data.toString('base64') } });
    const gif = await post(h.app, s, { photo: { contentType: 'image/gif', data: Buffer.from('GIF89a-------').toString('base64') } });
    expect(declined.status).toBe(200);
    const last = (r: typeof declined) => (r.body as { messages: { expects: string; text: string }[] }).messages.at(-1);
    expect(last(declined)?.expects).toBe('photo');
    // The same localized refusal a GIF gets.
    expect(last(declined)?.text).toBe(last(gif)?.text);
  });
});

describe('rate limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('memory', { env: { WEGOV_RATE_SESSIONS_PER_MINUTE: '2', WEGOV_RATE_MESSAGES_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('429 rate_limited with Retry-After, per IP for sessions and per session for messages', async () => {
    const a = await createSession(h.app);
    const b = await createSession(h.app);
    const third = await request(h.app).post('/webchat/sessions').send({});
    expect(third.status).toBe(429);
    expect(err(third).code).toBe('rate_limited');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);

    expect((await post(h.app, a, { command: 'help' })).status).toBe(200);
    expect((await post(h.app, a, { command: 'help' })).status).toBe(200);
    const limited = await post(h.app, a, { command: 'help' });
    expect(limited.status).toBe(429);
    expect(err(limited).code).toBe('rate_limited');
    // A client is told how long to wait: a whole number of seconds within the one-minute window.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another session has its own allowance.
    expect((await post(h.app, b, { command: 'help' })).status).toBe(200);
  });
});

describe('CORS', () => {
  it('allows any origin by default, with the Authorization header; preflight answered', async () => {
    const h = await startHarness('memory');
    try {
      const pre = await request(h.app)
        .options('/webchat/sessions/abc/messages')
        .set('Origin', 'https://city.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type');
      expect(pre.status).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe('*');
      expect(pre.headers['access-control-allow-headers']).toMatch(/Authorization/);
      expect(pre.headers['access-control-allow-methods']).toMatch(/POST/);
      const created = await request(h.app).post('/webchat/sessions').set('Origin', 'https://city.example').send({});
      expect(created.headers['access-control-allow-origin']).toBe('*');
    } finally {
      await h.close();
    }
  });

  it('only the listed origins when WEGOV_ALLOWED_ORIGINS is set', async () => {
    const h = await startHarness('memory', { env: { WEGOV_ALLOWED_ORIGINS: 'https://city.example' } });
    try {
      const ok = await request(h.app).post('/webchat/sessions').set('Origin', 'https://city.example').send({});
      expect(ok.headers['access-control-allow-origin']).toBe('https://city.example');
      const other = await request(h.app).post('/webchat/sessions').set('Origin', 'https://evil.example').send({});
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});
