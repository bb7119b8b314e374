import request from 'supertest';
import { createStores, type Stores } from '../../src/state';
import { FaultyStore } from '../runtime/faulty-store';
import { createSession, post, startHarness, type Harness } from './harness';

describe('the app around the API', () => {
  let h: Harness;
  let store: FaultyStore;
  beforeAll(async () => {
    const real = createStores();
    store = new FaultyStore(real.sessions);
    const stores: Stores = { ...real, sessions: store };
    h = await startHarness('memory', { overrides: { stores } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('GET / says WeGov is running and links the API docs', async () => {
    const res = await request(h.app).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('WeGov is running');
    expect(res.text).toContain('href="/README.md"');
  });

  it('health, readiness and metrics', async () => {
    expect((await request(h.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(h.app).get('/readyz')).body).toEqual({ status: 'ready', store: 'memory' });
    const s = await createSession(h.app);
    await post(h.app, s, { command: 'help' });
    const metrics = await request(h.app).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(/wegov_turns_total\{channel="webchat",outcome="ok"\} [1-9]/);
    expect(metrics.text).toContain('wegov_turn_duration_seconds_bucket');
    expect(metrics.text).toContain('wegov_store_conflicts_total');
    expect(metrics.text).toContain('wegov_submissions_total');
    expect(metrics.text).toContain('wegov_submissions_pending');
    expect(metrics.text).toContain('process_cpu_seconds_total');
  });

  it('sets security headers', async () => {
    const res = await request(h.app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // No script, frame or plugin from elsewhere can run in an API answer.
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/object-src 'none'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'self'/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('an unexpected fault is a 500 internal that leaks nothing', async () => {
    const s = await createSession(h.app);
    store.nextError = new Error('ERR secret internals at /srv/redis.conf line 7');
    const res = await post(h.app, s, { command: 'help' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'something went wrong on our side' } });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    const metrics = await request(h.app).get('/metrics');
    expect(metrics.text).toMatch(/wegov_turns_total\{channel="webchat",outcome="error"\} 1/);
  });
});
