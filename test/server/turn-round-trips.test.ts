/**
 * Issue 15's "one round trip per ordinary turn", over real HTTP through the real app on Redis,
 * counting every connection a turn may use (stores, rate limiters, abuse controls:
 * Wiring.redisRoundTrips), not only the session store's: single turns, then a whole report, whose
 * location turn searches the reports made nearby in the process's copy of the index
 * (src/cases/report-nearby-mirror.ts), so it too is one call.
 */
import express from 'express';
import request from 'supertest';
import type { NearbyMirror } from '../../src/cases/report-nearby-mirror';
import type { RedisReportRecords } from '../../src/cases/report-records-redis';
import { createSession, fileReport, post, startHarness, type Harness } from './harness';
import { turnTrips as trips } from '../support/turn-trips';

/** The round trips made since `before`, by operation (test/support/turn-trips.ts). */
const turnTrips = (h: Harness, before: Record<string, number>): Record<string, number> => trips(h.wiring, before);

describe('Redis round trips of a web chat turn', () => {
  let h: Harness;
  beforeAll(async () => {
    // The message limit on, as in production: it is counted inside the turn's commit.
    h = await startHarness('redis', { env: { WEGOV_RATE_MESSAGES_PER_MINUTE: '30' } });
    await createSession(h.app); // the connections' first calls (the clock, a block of references) out of the way
  });
  afterAll(() => h.close());

  it('a new session costs one (its address\'s count of new sessions counted in its commit); an ordinary message one, its limit counted in the commit', async () => {
    let before = h.wiring.redisRoundTrips().byOperation;
    const s = await createSession(h.app);
    expect(turnTrips(h, before)).toEqual({ commit: 1 });
    for (const [i, body] of [{ choice: 'report' }, { text: 'pothole' }, { command: 'help' }, { text: 'something else' }].entries()) {
      before = h.wiring.redisRoundTrips().byOperation;
      const answer = await post(h.app, s, { ...body, clientMessageId: `m-${i}` });
      expect(answer.status).toBe(200);
      expect(answer.headers['ratelimit']).toMatch(new RegExp(`^limit=30, remaining=${29 - i}, reset=\\d+$`));
      expect([i, turnTrips(h, before)]).toEqual([i, { commit: 1 }]);
    }
  });
});

describe('Redis round trips of a whole report over HTTP', () => {
  let h: Harness;
  let mirror: NearbyMirror;
  beforeAll(async () => {
    // The nearby offer on, as in production: the location turn searches the reports made near it.
    h = await startHarness('redis', { nearby: true, env: { WEGOV_RATE_MESSAGES_PER_MINUTE: '30' } });
    await createSession(h.app); // the connections' first calls (the clock, a block of references) out of the way
    // The copy of the nearby index a web process loads at start (compose.ts), loaded.
    await h.wiring.stores.reports.warmNearby?.(h.wiring.catalog.categories.map((c) => c.id));
    mirror = (h.wiring.stores.reports as RedisReportRecords).mirror!;
  });
  afterAll(() => h.close());

  it('every turn is one call, the new session and the location turn included (the nearby search is in memory); the reference costs none', async () => {
    const { hits: hitsBefore, misses: missesBefore } = mirror.stats;
    // Each request's calls, recorded around the real app.
    const turns: { input: string; trips: Record<string, number> }[] = [];
    const recording = express();
    recording.use((req, res, next) => {
      const before = h.wiring.redisRoundTrips().byOperation;
      const input = `${req.method} ${req.originalUrl.replace(/[^/]+\/messages$/, ':id/messages')}`;
      res.on('finish', () => turns.push({ input, trips: turnTrips(h, before) }));
      next();
    }, h.app);
    // A pin of its own (other files report at the shared ones): usually nothing is offered; when something is, "mine is new" is one more turn.
    const pin = { lat: 30.25 + Math.random() * 0.04, lon: -97.77 + Math.random() * 0.06 };
    const s = await createSession(recording, { locale: 'en' });
    const messages = await fileReport(recording, s, { ...pin, description: 'A deep pothole in the right lane, cars swerve around it.', contact: null });
    expect(messages.some((m) => /\b[A-Z]{1,5}-[2-9A-Z]{6}\b/.test(m.text))).toBe(true);
    expect(turns.length).toBeGreaterThanOrEqual(8);
    // The location turn searched the nearby reports in the process's copy of the index: no call of its own.
    expect(mirror.stats.hits - hitsBefore).toBe(1);
    expect(mirror.stats.misses - missesBefore).toBe(0);
    expect(turns.map((t) => [t.input, t.trips])).toEqual(turns.map((t) => [t.input, { commit: 1 }]));
    expect(turns[0]?.input).toBe('POST /webchat/sessions');
    // Operators see where searches were answered, and what the copy holds.
    const metrics = (await request(h.app).get('/metrics')).text;
    expect(Number(/^wegov_nearby_searches_total\{answered="memory"\} (\d+)$/m.exec(metrics)?.[1])).toBe(mirror.stats.hits);
    expect(metrics).toMatch(/^wegov_nearby_searches_total\{answered="redis"\} \d+$/m);
    expect(metrics).toMatch(/^wegov_nearby_copy_drops_total \d+$/m);
    // The copy also holds what other test files on the same Redis file meanwhile: its size may move
    // between the scrape and the read after it, so the two are compared until they agree (they
    // agree at once unless a change arrives in between).
    let entries: [number, number] = [-1, mirror.size];
    for (let i = 0; i < 20 && entries[0] !== entries[1]; i++) {
      const scraped = (await request(h.app).get('/metrics')).text;
      entries = [Number(/^wegov_nearby_copy_entries (\d+)$/m.exec(scraped)?.[1]), mirror.size];
    }
    expect(entries[0]).toBe(entries[1]);
    expect(mirror.stats.hits).toBeGreaterThan(0);
  });
});
