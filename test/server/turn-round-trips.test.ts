/**
 * Issue 15's "one round trip per ordinary turn", over real HTTP through the real app on Redis,
 * counting every connection a turn may use (stores, rate limiters, abuse controls:
 * Wiring.redisRoundTrips), not only the session store's.
 */
import { createSession, post, startHarness, type Harness } from './harness';

/**
 * The round trips made since `before`, by operation, leaving out the participation modules'
 * background refreshes (volunteering's and adoption's catalogue snapshots, on their own timers):
 * these report turns never call them.
 */
function turnTrips(h: Harness, before: Record<string, number>): Record<string, number> {
  const after = h.wiring.redisRoundTrips().byOperation;
  return Object.fromEntries(
    Object.entries(after)
      .filter(([operation]) => !/^(volunteering|adopt)\./.test(operation))
      .map(([operation, n]): [string, number] => [operation, n - (before[operation] ?? 0)])
      .filter(([, n]) => n > 0),
  );
}

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
