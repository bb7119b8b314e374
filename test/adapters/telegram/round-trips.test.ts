/**
 * Issue 15's "one round trip per ordinary turn" on Telegram, through the real webhook and app on
 * Redis, counting every connection a message may use (stores, abuse controls:
 * Wiring.redisRoundTrips): a typed message is one call, its commit, which also counts it against
 * the person's per-minute and burst limits; the block list is asked at most every 10 s per
 * conversation. A button press of the question the last turn asked is one call too (the
 * commit's compare-and-set makes sure that turn is still the last); another button is checked
 * against the transcript. A copy of the session this process holds that is behind another
 * process's is read again or caught by that compare-and-set, so a press is never taken as the
 * answer to another question, nor refused as closed when it is the question asked now.
 */
import { conversationIdOf } from '../../../adapters/telegram/handler';
import { FakeBotApi } from './fake-bot-api';
import { newPerson, startAbuseTelegram, TestClock, type AbuseHarness } from './abuse-support';
import { dataFor, deliver, type Seen } from './support';
import { callbackUpdate, commandUpdate, textUpdate } from './updates';
import { turnTrips } from '../../support/turn-trips';

/** The round trips made since `before`, by operation (test/support/turn-trips.ts). */
const trips = (h: AbuseHarness, before: Record<string, number>): Record<string, number> => turnTrips(h.wiring, before);

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

const CLOSED = 'That question is closed: please answer the latest one.';

describe('Redis round trips of a Telegram button press', () => {
  let one: AbuseHarness;
  let two: AbuseHarness;
  beforeAll(async () => {
    // Two processes of one bot on one Redis.
    const api = new FakeBotApi();
    const clock = new TestClock(Date.UTC(2030, 0, 1, 12, 0, 0));
    one = await startAbuseTelegram('redis', { api, clock });
    two = await startAbuseTelegram('redis', { api, clock });
    for (const h of [one, two]) await deliver(h, commandUpdate(newPerson('en'), '/start'));
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });
  const last = (seen: Seen[]): Seen => seen[seen.length - 1]!;

  it("a press of the question asked now is one call; an earlier question's button is answered closed and changes nothing", async () => {
    const person = newPerson('en');
    const menu = last((await deliver(one, commandUpdate(person, '/start'))).seen);
    let before = one.wiring.redisRoundTrips().byOperation;
    const kinds = last((await deliver(one, callbackUpdate(person, dataFor(menu, 'report'), menu.messageId))).seen);
    expect(kinds.text).toMatch(/What kind of problem/);
    expect(trips(one, before)).toEqual({ commit: 1 });
    // The menu's other button, pressed later: closed, after reading the stored session (this
    // process's copy is not trusted to refuse) and the transcript (the question asked now).
    const stored = await one.wiring.runtime.store.load(conversationIdOf(person.id));
    before = one.wiring.redisRoundTrips().byOperation;
    const late = await deliver(one, callbackUpdate(person, dataFor(menu, 'language'), menu.messageId));
    expect(late.answer).toMatchObject({ method: 'answerCallbackQuery', text: CLOSED });
    expect(late.seen).toEqual([]);
    expect(trips(one, before)).toEqual({ load: 1, history: 1 });
    expect(await one.wiring.runtime.store.load(conversationIdOf(person.id))).toEqual(stored);
  });

  it("another process moved the conversation on: this process's copy is behind, and neither refuses the question asked now nor takes an earlier one's button", async () => {
    const person = newPerson('en');
    const conv = conversationIdOf(person.id);
    const menu = last((await deliver(one, commandUpdate(person, '/start'))).seen);
    // The next press reaches the other process: `one` still holds the menu as the question asked.
    const kinds = last((await deliver(two, callbackUpdate(person, dataFor(menu, 'report'), menu.messageId))).seen);
    expect(kinds.text).toMatch(/What kind of problem/);
    // The question asked now, pressed at `one`: its copy says another question, so it reads the stored session; answered.
    let before = one.wiring.redisRoundTrips().byOperation;
    const streets = await deliver(one, callbackUpdate(person, dataFor(kinds, 'streets'), kinds.messageId));
    expect(streets.answer).not.toHaveProperty('text');
    expect(last(streets.seen).text).toMatch(/Which of these fits best/);
    expect(trips(one, before)).toEqual({ load: 1, commit: 1 });
    // Now `two` is behind. A button of the question its copy still holds (no longer asked): the copy
    // agrees with the press, the commit's compare-and-set does not, nor the transcript; closed, and nothing changes.
    const stored = await two.wiring.runtime.store.load(conv);
    before = two.wiring.redisRoundTrips().byOperation;
    const late = await deliver(two, callbackUpdate(person, dataFor(kinds, 'parks'), kinds.messageId));
    expect(late.answer).toMatchObject({ method: 'answerCallbackQuery', text: CLOSED });
    expect(late.seen).toEqual([]);
    expect(trips(two, before)).toEqual({ commit: 1, history: 1 });
    expect(await two.wiring.runtime.store.load(conv)).toEqual(stored);
  });
});
