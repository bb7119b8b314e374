/**
 * Issue 9, finding 4: anyone who knew a web chat session id could lock its owner out, because
 * the per-session message limit counted requests before their token was checked. Now a request
 * is authenticated first: a stranger's failures are counted against the stranger's address
 * (429 with Retry-After past WEGOV_RATE_AUTH_FAILURES_PER_MINUTE), never against the session.
 * Addresses are set with X-Forwarded-For behind a trusted loopback proxy (WEGOV_TRUST_PROXY).
 */
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { createSession, post, startHarness, type Harness, type StoreKind } from '../../server/harness';

type ErrorBody = { error: { code: string; message: string } };

/** A fresh documentation-range address per call, so runs sharing one Redis never meet. */
const freshIp = (): string => `2001:db8:${randomInt(0xffff).toString(16)}:${randomInt(0xffff).toString(16)}::1`;

describe.each<StoreKind>(['memory', 'redis'])('a stranger who knows a session id (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind, {
      env: { WEGOV_RATE_MESSAGES_PER_MINUTE: '60', WEGOV_RATE_AUTH_FAILURES_PER_MINUTE: '30', WEGOV_TRUST_PROXY: 'loopback' },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const strangerPost = (ip: string, sessionId: string, token: string | null) => {
    const req = request(h.app).post(`/webchat/sessions/${sessionId}/messages`).set('X-Forwarded-For', ip);
    return (token === null ? req : req.set('Authorization', `Bearer ${token}`)).send({ text: 'let me in' });
  };

  it('cannot lock the owner out: 61 forged posts later the owner still gets 200, the stranger 429 with Retry-After', async () => {
    const ownerIp = freshIp();
    const strangerIp = freshIp();
    const owner = await createSession(h.app, {}, { 'X-Forwarded-For': ownerIp });

    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 61; i++) {
      last = await strangerPost(strangerIp, owner.sessionId, i % 3 === 0 ? null : 'A'.repeat(43));
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    expect((last?.body as ErrorBody).error.code).toBe('rate_limited');
    const retryAfter = Number(last?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The owner, from their own address, carries on.
    const ok = await post(h.app, owner, { command: 'help' }).set('X-Forwarded-For', ownerIp);
    expect(ok.status).toBe(200);
    // Unknown sessions are failures too: the blocked address is refused before any lookup.
    const unknown = await strangerPost(strangerIp, 'Z'.repeat(22), 'x');
    expect(unknown.status).toBe(429);
  });

  it('a blocked address keeps the sessions it has proven it holds (a neighbour behind the same NAT)', async () => {
    const sharedIp = freshIp();
    const resident = await createSession(h.app, {}, { 'X-Forwarded-For': sharedIp });
    const victim = await createSession(h.app, {}, { 'X-Forwarded-For': freshIp() });
    for (let i = 0; i < 31; i++) await strangerPost(sharedIp, victim.sessionId, 'B'.repeat(43));
    expect((await strangerPost(sharedIp, victim.sessionId, 'B'.repeat(43))).status).toBe(429);
    expect((await post(h.app, resident, { command: 'help' }).set('X-Forwarded-For', sharedIp)).status).toBe(200);
    const history = await request(h.app).get(`/webchat/sessions/${resident.sessionId}/messages`).set('Authorization', `Bearer ${resident.token}`).set('X-Forwarded-For', sharedIp);
    expect(history.status).toBe(200);
  });

  it('only requests with the right token use up the session allowance (60 a minute)', async () => {
    const ip = freshIp();
    const owner = await createSession(h.app, {}, { 'X-Forwarded-For': ip });
    for (let i = 0; i < 20; i++) expect((await strangerPost(freshIp(), owner.sessionId, 'C'.repeat(43))).status).toBe(401);
    for (let i = 0; i < 60; i++) {
      const res = await post(h.app, owner, { command: 'help' }).set('X-Forwarded-For', ip);
      expect({ i, status: res.status }).toEqual({ i, status: 200 });
    }
    const limited = await post(h.app, owner, { command: 'help' }).set('X-Forwarded-For', ip);
    expect(limited.status).toBe(429);
    expect((limited.body as ErrorBody).error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
