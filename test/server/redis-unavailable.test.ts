/**
 * Redis frozen mid-conversation (SIGSTOP on a private redis-server): the API answers 503
 * store_unavailable with a clear message, quickly; once Redis is back (SIGCONT) the earlier
 * state is intact and the conversation carries on, the failed message applied exactly once.
 */
import request from 'supertest';
import { signalDaemon } from '../setup/daemon-pid';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../setup/private-redis';
import { createSession, history, post, say, startHarness, type Harness } from './harness';

describe('Redis unreachable', () => {
  let redis: PrivateRedis;
  let h: Harness;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    h = await startHarness('redis', { env: { REDIS_URL: redis.url, WEGOV_REDIS_COMMAND_TIMEOUT_MS: '300' } });
  });
  afterAll(async () => {
    await h.close();
    await stopPrivateRedis(redis); // resumes it first if a test failed while it was stopped
  });

  it('answers 503 store_unavailable while frozen; nothing is lost and the next message works', async () => {
    const s = await createSession(h.app);
    await say(h.app, s, { choice: 'report' });
    const before = await history(h.app, s);

    signalDaemon(redis.pid, 'SIGSTOP');
    let down: request.Response;
    let ready: request.Response;
    let create: request.Response;
    const started = Date.now();
    try {
      down = await post(h.app, s, { text: 'pothole', clientMessageId: 'after-outage' });
      ready = await request(h.app).get('/readyz');
      create = await request(h.app).post('/webchat/sessions').send({});
    } finally {
      signalDaemon(redis.pid, 'SIGCONT');
    }
    expect(Date.now() - started).toBeLessThan(3000);
    expect(down.status).toBe(503);
    expect(down.body.error).toEqual({ code: 'store_unavailable', message: expect.stringMatching(/unreachable.*nothing was changed/) });
    expect(down.headers['retry-after']).toBe('5');
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe('store_unavailable');
    expect(create.status).toBe(503);

    // Back: the earlier state is intact, and the client's retry is applied once.
    expect(await history(h.app, s)).toEqual(before);
    const retried = await post(h.app, s, { text: 'pothole', clientMessageId: 'after-outage' });
    expect(retried.status).toBe(200);
    const again = await post(h.app, s, { text: 'pothole', clientMessageId: 'after-outage' });
    expect(again.body).toEqual(retried.body);
    const after = await history(h.app, s);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.filter((m) => m.from === 'user' && m.text === 'pothole')).toHaveLength(1);
    expect((await request(h.app).get('/readyz')).status).toBe(200);
  });
});
