/**
 * New web chat sessions per client address, counted inside the new session's own commit
 * (adapters/webchat/session-allowance.ts): over real HTTP through the real app on Redis.
 */
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { startHarness, type Harness } from '../../server/harness';

/** Redis calls so far, leaving out the modules' background refreshes (volunteering's and adoption's snapshots, on timers). */
const turnCalls = (h: Harness): number =>
  Object.entries(h.wiring.redisRoundTrips().byOperation)
    .filter(([operation]) => !/^(volunteering|adopt)\./.test(operation))
    .reduce((sum, [, n]) => sum + n, 0);

type ErrorBody = { error: { code: string; message: string } };
const freshIp = (): string => `2001:db8:${randomInt(0xffff).toString(16)}:${randomInt(0xffff).toString(16)}::1`;

describe('new sessions per address, counted in the session\'s commit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('redis', { env: { WEGOV_RATE_SESSIONS_PER_MINUTE: '2', WEGOV_TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => h.close());
  const create = (ip: string, body: object | string = {}) => {
    const r = request(h.app).post('/webchat/sessions').set('X-Forwarded-For', ip);
    return typeof body === 'string' ? r.set('Content-Type', 'application/json').send(body) : r.send(body);
  };

  it('tells each new session how many are left; past them 429 with Retry-After, and nothing is created', async () => {
    const ip = freshIp();
    const made = [await create(ip), await create(ip)];
    expect(made.map((r) => r.status)).toEqual([201, 201]);
    expect(made.map((r) => String(r.headers['ratelimit']).replace(/, reset=\d+$/, ''))).toEqual(['limit=2, remaining=1', 'limit=2, remaining=0']);
    expect(made[0]?.headers['ratelimit-policy']).toBe('2;w=60');
    const third = await create(ip);
    expect(third.status).toBe(429);
    expect((third.body as ErrorBody).error.code).toBe('rate_limited');
    expect((third.body as ErrorBody).error.message).toMatch(/too many new sessions from this address; try again in \d+ s/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(third.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(third.body).not.toHaveProperty('sessionId');
    // Another address has its own allowance.
    expect((await create(freshIp())).status).toBe(201);
  });

  it('a malformed request creates nothing and uses none of the allowance', async () => {
    const ip = freshIp();
    expect((await create(ip, { locale: 42 })).status).toBe(400);
    expect((await create(ip, '{"locale":')).status).toBe(400);
    expect([(await create(ip)).status, (await create(ip)).status]).toEqual([201, 201]);
  });

  it('an address this process saw refused is refused again before its body is read: no Redis call, even for a malformed body', async () => {
    const ip = freshIp();
    await create(ip);
    await create(ip);
    expect((await create(ip)).status).toBe(429);
    const before = turnCalls(h);
    const again = await create(ip, '{"locale":');
    expect(again.status).toBe(429);
    expect((again.body as ErrorBody).error.code).toBe('rate_limited');
    expect(again.headers['ratelimit']).toMatch(/^limit=2, remaining=0, reset=\d+$/);
    expect(turnCalls(h)).toBe(before);
  });
});
