/**
 * Issue 9, finding 6: one token could open hundreds of live event streams. Streams are capped
 * per session (429 too_many_streams), per client address (429 too_many_streams) and per process
 * (503 streams_at_capacity with Retry-After), and a stream that closes, however it closes, gives
 * its slot back. Here the caps are 2 per session, 3 per address, 4 per process.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createSession, eventually, startHarness, type ChatSession, type Harness, type StoreKind } from '../../server/harness';
import { openSse, type SseConnection } from '../../server/sse-client';

describe.each<StoreKind>(['memory', 'redis'])('live stream caps (%s)', (kind) => {
  let h: Harness;
  let server: Server;
  let base: string;
  const open: SseConnection[] = [];
  beforeAll(async () => {
    h = await startHarness(kind, {
      env: { WEGOV_STREAMS_PER_SESSION: '2', WEGOV_STREAMS_PER_IP: '3', WEGOV_STREAMS_PER_PROCESS: '4', WEGOV_TRUST_PROXY: 'loopback' },
    });
    server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await eventually(() => (h.wiring.streams.size === 0 ? true : undefined));
  });
  afterAll(async () => {
    h.wiring.streams.closeAll();
    await new Promise((r) => server.close(r));
    await h.close();
  });

  const stream = async (s: ChatSession, ip: string, token = s.token): Promise<SseConnection> => {
    const c = await openSse(`${base}/webchat/sessions/${s.sessionId}/events?token=${encodeURIComponent(token)}`, { 'X-Forwarded-For': ip });
    open.push(c);
    return c;
  };
  const codeOf = async (c: SseConnection): Promise<string> =>
    eventually(() => /"code":"([a-z_]+)"/.exec(c.raw())?.[1]);

  it('per session: the third stream of one session gets 429 too_many_streams; closing one frees its slot', async () => {
    const s = await createSession(h.app);
    const first = await stream(s, '203.0.113.1');
    expect((await stream(s, '203.0.113.2')).status).toBe(200);
    expect(first.status).toBe(200);
    const third = await stream(s, '203.0.113.3');
    expect(third.status).toBe(429);
    expect(await codeOf(third)).toBe('too_many_streams');
    expect(third.headers['content-type']).toMatch(/json/);

    first.close();
    await eventually(() => (h.wiring.streams.sessionCount(s.sessionId) === 1 ? true : undefined));
    expect((await stream(s, '203.0.113.4')).status).toBe(200);
  });

  it('per address: a fourth stream from one address gets 429, whatever the session', async () => {
    const ip = '198.51.100.7';
    const a = await createSession(h.app);
    const b = await createSession(h.app);
    expect((await stream(a, ip)).status).toBe(200);
    expect((await stream(a, ip)).status).toBe(200);
    expect((await stream(b, ip)).status).toBe(200);
    const fourth = await stream(b, ip);
    expect(fourth.status).toBe(429);
    expect(await codeOf(fourth)).toBe('too_many_streams');
    // Another address is not affected.
    expect((await stream(b, '198.51.100.8')).status).toBe(200);
  });

  it('per process: past 4 streams, 503 streams_at_capacity with Retry-After; all freed when they close', async () => {
    const sessions = await Promise.all([0, 1].map(() => createSession(h.app)));
    for (const [i, s] of sessions.entries()) {
      expect((await stream(s, `192.0.2.${i * 2 + 1}`)).status).toBe(200);
      expect((await stream(s, `192.0.2.${i * 2 + 2}`)).status).toBe(200);
    }
    const extra = await stream(await createSession(h.app), '192.0.2.99');
    expect(extra.status).toBe(503);
    expect(Number(extra.headers['retry-after'])).toBeGreaterThan(0);
    expect(await codeOf(extra)).toBe('streams_at_capacity');
    for (const c of open.splice(0)) c.close();
    await eventually(() => (h.wiring.streams.size === 0 ? true : undefined));
    expect((await stream(sessions[0] as ChatSession, '192.0.2.1')).status).toBe(200);
  });

  it('a wrong token takes no slot: 401, and the owner still opens their streams', async () => {
    const s = await createSession(h.app);
    for (let i = 0; i < 5; i++) expect((await stream(s, `203.0.113.${50 + i}`, 'wrong-token')).status).toBe(401);
    expect(h.wiring.streams.sessionCount(s.sessionId)).toBe(0);
    expect((await stream(s, '203.0.113.60')).status).toBe(200);
    expect((await stream(s, '203.0.113.61')).status).toBe(200);
  });
});
