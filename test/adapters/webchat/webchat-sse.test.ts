import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { ADMIN_TOKEN, createSession, eventually, fileReport, history, RIVERSIDE_PIN, referenceIn, say, startHarness, type Harness, type StoreKind } from '../../server/harness';
import { openSse } from '../../server/sse-client';

describe.each<StoreKind>(['memory', 'redis'])('live events and status updates (%s)', (kind) => {
  let h: Harness;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    h = await startHarness(kind, { overrides: { heartbeatMs: 100 } });
    server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    h.wiring.streams.closeAll();
    await new Promise((r) => server.close(r));
    await h.close();
  });

  const admin = (reference: string, body: object, token = ADMIN_TOKEN) =>
    request(h.app).post(`/admin/cases/${reference}/status`).set('Authorization', `Bearer ${token}`).send(body);

  it('an agency status update pushed through the admin API reaches the open chat', async () => {
    const s = await createSession(h.app);
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Broken pavement here', contact: null }));

    const sse = await openSse(`${base}/webchat/sessions/${s.sessionId}/events?token=${encodeURIComponent(s.token)}`);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);

    const pushed = await admin(reference, { status: 'in_progress', notes: 'A crew is scheduled for Tuesday.' });
    expect(pushed.status).toBe(202);
    expect(pushed.body).toEqual({ result: 'delivered' });

    const [event] = await sse.waitFor(1);
    expect(event?.event).toBe('message');
    const [message] = sse.messages();
    expect(event?.id).toBe(message?.id);
    expect(message).toMatchObject({ from: 'bot', lang: 'en' });
    expect(message?.text).toContain(reference);
    expect(message?.text).toContain('A crew is scheduled for Tuesday.');

    // The same push again is applied once.
    expect((await admin(reference, { status: 'in_progress', notes: 'A crew is scheduled for Tuesday.' })).body).toEqual({ result: 'delivered' });
    const updates = (await history(h.app, s)).filter((m) => m.text.includes('A crew is scheduled'));
    expect(updates).toHaveLength(1);

    // A heartbeat comment keeps the stream alive.
    await eventually(() => (sse.raw().includes(': keep-alive') ? true : undefined), 2000);
    sse.close();
  });

  it('mirrors the conversation to other tabs and replays what was missed after Last-Event-ID', async () => {
    const s = await createSession(h.app);
    const tab = await openSse(`${base}/webchat/sessions/${s.sessionId}/events`, { Authorization: `Bearer ${s.token}` });
    const reply = await say(h.app, s, { command: 'help' });
    const got = await tab.waitFor(reply.length + 1); // the echo plus the replies
    expect(got.map((e) => e.id)).toEqual((await history(h.app, s)).slice(s.messages.length).map((m) => m.id));
    tab.close();

    const firstId = s.messages[0]?.id ?? '';
    const resumed = await openSse(`${base}/webchat/sessions/${s.sessionId}/events?token=${encodeURIComponent(s.token)}`, { 'Last-Event-ID': firstId });
    const all = await history(h.app, s);
    const replayed = await resumed.waitFor(all.length - 1);
    expect(replayed.map((e) => e.id)).toEqual(all.slice(1).map((m) => m.id));
    resumed.close();
  });

  it('closing the stream unsubscribes', async () => {
    const s = await createSession(h.app);
    const before = h.wiring.streams.size;
    const sse = await openSse(`${base}/webchat/sessions/${s.sessionId}/events?token=${encodeURIComponent(s.token)}`);
    await eventually(() => (h.wiring.streams.size === before + 1 ? true : undefined));
    sse.close();
    await eventually(() => (h.wiring.streams.size === before ? true : undefined));
  });

  it('admin API: token required, body validated, unknown references reported', async () => {
    expect((await admin('WG-AAAAAA', { status: 'closed' }, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await request(h.app).post('/admin/cases/WG-AAAAAA/status').send({ status: 'closed' })).status).toBe(401);
    const bad = await admin('WG-AAAAAA', { status: 'fixed' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_body', message: expect.stringContaining('status') });
    expect((await admin('WG-AAAAAA', { status: 'closed', notes: 'x'.repeat(2001) })).status).toBe(400);
    expect((await admin('WG-AAAAAA', { status: 'closed' })).body).toEqual({ result: 'unknown_reference' });
  });
});

it('the admin API answers 404 when WEGOV_ADMIN_TOKEN is unset', async () => {
  const h = await startHarness('memory', { env: { WEGOV_ADMIN_TOKEN: '' } });
  try {
    const res = await request(h.app).post('/admin/cases/WG-AAAAAA/status').set('Authorization', 'Bearer anything').send({ status: 'closed' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  } finally {
    await h.close();
  }
});
