/**
 * Issue 9, finding 9: WEGOV_TRUST_PROXY=true believes whatever X-Forwarded-For a client writes.
 * A hop count takes the address the trusted proxy saw, so a client cannot pose as another one
 * and escape the per-IP limits; `true` is still accepted but warned about at start.
 */
import request from 'supertest';
import { startHarness } from './harness';
import { LEVEL, LogLines } from './log-lines';

describe('WEGOV_TRUST_PROXY', () => {
  it('true: a warning at start', async () => {
    const log = new LogLines();
    const h = await startHarness('memory', { env: { WEGOV_TRUST_PROXY: 'true' }, logDestination: log });
    try {
      const warnings = log.lines.filter((l) => l.level === LEVEL.warn && String(l.msg).includes('WEGOV_TRUST_PROXY=true'));
      expect(warnings).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('a hop count: no warning, and a client rotating its own X-Forwarded-For entry is still one address to the limits', async () => {
    const log = new LogLines();
    const h = await startHarness('memory', { env: { WEGOV_TRUST_PROXY: '1', WEGOV_RATE_SESSIONS_PER_MINUTE: '2' }, logDestination: log });
    try {
      expect(log.lines.filter((l) => String(l.msg).includes('WEGOV_TRUST_PROXY'))).toEqual([]);
      // The proxy (this test's loopback connection) appends the address it saw: 192.0.2.10.
      const statuses: number[] = [];
      for (let i = 1; i <= 3; i++) {
        statuses.push((await request(h.app).post('/webchat/sessions').set('X-Forwarded-For', `198.51.100.${i}, 192.0.2.10`).send({})).status);
      }
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await h.close();
    }
  });

  it('true lets that same client escape the limit (why it is warned about)', async () => {
    const h = await startHarness('memory', { env: { WEGOV_TRUST_PROXY: 'true', WEGOV_RATE_SESSIONS_PER_MINUTE: '2' } });
    try {
      const statuses: number[] = [];
      for (let i = 1; i <= 3; i++) {
        statuses.push((await request(h.app).post('/webchat/sessions').set('X-Forwarded-For', `198.51.100.${i}, 192.0.2.10`).send({})).status);
      }
      expect(statuses).toEqual([201, 201, 201]);
    } finally {
      await h.close();
    }
  });
});
