/**
 * Issue 15's "one round trip per ordinary turn" on Telegram, through the real webhook and app on
 * Redis, counting every connection a message may use (stores, abuse controls:
 * Wiring.redisRoundTrips): a typed message is one call, its commit, which also counts it against
 * the person's per-minute and burst limits; the block list is asked at most every 10 s per
 * conversation. A button press reads the transcript first (is its question still open?).
 */
import { conversationIdOf } from '../../../adapters/telegram/handler';
import { newPerson, startAbuseTelegram, type AbuseHarness } from './abuse-support';
import { deliver } from './support';
import { commandUpdate, textUpdate } from './updates';

/** The round trips made since `before`, by operation, leaving out background refreshes on their own timers. */
function trips(h: AbuseHarness, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(h.wiring.redisRoundTrips().byOperation)
      .filter(([operation]) => !/^(volunteering|adopt)\./.test(operation) && operation !== 'reports.nearby.check')
      .map(([operation, n]): [string, number] => [operation, n - (before[operation] ?? 0)])
      .filter(([, n]) => n > 0),
  );
}

describe('Redis round trips of a Telegram message', () => {
  let h: AbuseHarness;
  beforeAll(async () => {
    h = await startAbuseTelegram('redis', { env: { WEGOV_CHAT_MESSAGES_PER_MINUTE: '20', WEGOV_CHAT_BURST: '8' } });
    // The connections' first calls (the clock, a block of references) out of the way.
    await deliver(h, commandUpdate(newPerson('en'), '/start'));
  });
  afterAll(() => h.close());

  it('a typed message is one call (its commit, its limit counted in it); the block list is asked again after 10 s', async () => {
    const person = newPerson('en');
    let before = h.wiring.redisRoundTrips().byOperation;
    await deliver(h, commandUpdate(person, '/start'));
    // The first message of a conversation: is it blocked (the abuse store), is there a session (a load), the commit.
    expect(trips(h, before)).toEqual({ 'abuse.admit': 1, load: 1, commit: 1 });
    for (const text of ['help', 'menu', 'something else', 'menu']) {
      before = h.wiring.redisRoundTrips().byOperation;
      const { seen } = await deliver(h, textUpdate(person, text));
      expect(seen.length).toBeGreaterThan(0);
      expect([text, trips(h, before)]).toEqual([text, { commit: 1 }]);
      h.clock.advance(1_000);
    }
    // 10 s after the last check the block list is asked again: one call more, that message only.
    h.clock.advance(6_000);
    before = h.wiring.redisRoundTrips().byOperation;
    await deliver(h, textUpdate(person, 'menu'));
    expect(trips(h, before)).toEqual({ 'abuse.admit': 1, commit: 1 });
    before = h.wiring.redisRoundTrips().byOperation;
    await deliver(h, textUpdate(person, 'help'));
    expect(trips(h, before)).toEqual({ commit: 1 });
    // The messages were counted in the commits: 7 of the minute's 20.
    const stored = await h.wiring.runtime.store.load(conversationIdOf(person.id), undefined, { perWindow: 20, windowMs: 60_000 });
    expect(stored.allowance?.used).toBe(7);
  });
});
