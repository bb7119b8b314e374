/**
 * Rate limits hold across processes: two app instances on one Redis share every count (new
 * sessions per address and messages per session, counted by the commit; failed attempts per
 * address, under keys `wegov:rl:<limiter>:{<client>}`), all expiring with their window. On one server and on a Redis
 * Cluster (the whole app on the cluster: sessions, turns, limits).
 */
import { randomInt } from 'node:crypto';
import type { RedisClient } from '../../src/state/redis-connection';
import request from 'supertest';
import { createSession, post, startHarness, type Harness } from './harness';
import { connectedClient, REDIS_TARGETS } from '../setup/redis';
import { allowanceKey } from '../../src/state/redis-keys';

type ErrorBody = { error: { code: string } };
const freshIp = (): string => `2001:db8:${randomInt(0xffff).toString(16)}:${randomInt(0xffff).toString(16)}::1`;

describe.each(REDIS_TARGETS)('rate limits shared by two processes on one Redis (%s)', (_target, redisUrl) => {
  let a: Harness;
  let b: Harness;
  let redis: RedisClient;
  beforeAll(async () => {
    const url = await redisUrl();
    const env = {
      REDIS_URL: url,
      WEGOV_RATE_SESSIONS_PER_MINUTE: '3',
      WEGOV_RATE_MESSAGES_PER_MINUTE: '4',
      WEGOV_RATE_AUTH_FAILURES_PER_MINUTE: '3',
      WEGOV_TRUST_PROXY: 'loopback',
    };
    a = await startHarness('redis', { env });
    b = await startHarness('redis', { env });
    redis = await connectedClient(url);
    // Two whole apps (catalogue, classifiers, stores, queues) take 10-15 s each on a loaded 2-core machine.
  }, 90_000);
  afterAll(async () => {
    redis.disconnect();
    await a.close();
    await b.close();
  });

  it('new sessions per address: 3 a minute across both', async () => {
    const ip = freshIp();
    for (const app of [a.app, b.app, a.app]) await createSession(app, {}, { 'X-Forwarded-For': ip });
    const fourth = await request(b.app).post('/webchat/sessions').set('X-Forwarded-For', ip).send({});
    expect(fourth.status).toBe(429);
    expect((fourth.body as ErrorBody).error.code).toBe('rate_limited');
  });

  it('messages per session: 4 a minute across both, counted by the commit under the session\'s own allowance key with the window as TTL', async () => {
    const s = await createSession(a.app, {}, { 'X-Forwarded-For': freshIp() });
    const remaining: string[] = [];
    for (const app of [a.app, b.app, a.app, b.app]) {
      const answer = await post(app, s, { command: 'help' });
      expect(answer.status).toBe(200);
      remaining.push(String(answer.headers['ratelimit']).replace(/, reset=\d+$/, ''));
    }
    // Each process sees the count the other made (draft-7 headers, as the address limits send).
    expect(remaining).toEqual(['limit=4, remaining=3', 'limit=4, remaining=2', 'limit=4, remaining=1', 'limit=4, remaining=0']);
    for (const app of [a.app, b.app]) {
      const refused = await post(app, s, { command: 'help' });
      expect(refused.status).toBe(429);
      expect((refused.body as ErrorBody).error.code).toBe('rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    }

    // `<window end ms>,<count>`, in the session's hash tag (one slot with the session: the commit script counts it).
    const key = allowanceKey(s.sessionId);
    const [windowEnd, count] = String(await redis.get(key)).split(',').map(Number);
    expect(count).toBe(4); // refused messages are not counted
    expect(windowEnd! - Date.now()).toBeGreaterThan(0);
    expect(windowEnd! - Date.now()).toBeLessThanOrEqual(60_000);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // No limiter of its own: no second round trip per message.
    expect(await redis.exists(`wegov:rl:msg:{${s.sessionId}}`)).toBe(0);
    // The refused messages were not processed: the transcript holds the 4 answered ones.
    const transcript = await request(a.app).get(`/webchat/sessions/${s.sessionId}/messages`).set('Authorization', `Bearer ${s.token}`);
    expect((transcript.body as { messages: { from: string }[] }).messages.filter((m) => m.from === 'user')).toHaveLength(4);
  });

  it('failed attempts per address: 3 a minute across both', async () => {
    const ip = freshIp();
    const victim = await createSession(a.app, {}, { 'X-Forwarded-For': freshIp() });
    const forged = (app: typeof a.app) =>
      request(app).post(`/webchat/sessions/${victim.sessionId}/messages`).set('X-Forwarded-For', ip).set('Authorization', 'Bearer forged').send({ text: 'x' });
    for (const app of [a.app, b.app, a.app]) expect((await forged(app)).status).toBe(401);
    expect((await forged(b.app)).status).toBe(429);
    expect((await forged(a.app)).status).toBe(429);
  });
});
