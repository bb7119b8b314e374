/**
 * Per-identity message limits on Telegram, through the real adapter (real Update objects on the
 * webhook, Bot API on nock) and a test clock: over the limit a person gets one polite reply in
 * their language, then nothing; what they send changes nothing in the conversation; the next
 * minute they are read again. On Redis two app instances (two processes) share the count.
 */
import { conversationIdOf } from '../../../adapters/telegram/handler';
import { FakeBotApi } from './fake-bot-api';
import { startAbuseTelegram, newPerson, TestClock, type AbuseHarness } from './abuse-support';
import { dataFor, deliver, postUpdate } from './support';
import { callbackUpdate, commandUpdate, stickerUpdate, textUpdate } from './updates';

const LIMITS = { WEGOV_CHAT_MESSAGES_PER_MINUTE: '4', WEGOV_CHAT_BURST: '100' };
const SLOW_DOWN_ES = 'Estás enviando mensajes muy rápido';

describe.each(['memory', 'redis'] as const)('Telegram message limit (%s store)', (kind) => {
  let h: AbuseHarness;
  beforeAll(async () => {
    h = await startAbuseTelegram(kind, { env: LIMITS });
  });
  afterAll(async () => {
    await h.close();
  });

  it('one polite reply in Spanish past the limit, then silence; nothing changes; the next minute works again', async () => {
    const person = newPerson('es');
    const conv = conversationIdOf(person.id);
    const start = await deliver(h, commandUpdate(person, '/start'));
    const menu = start.seen[start.seen.length - 1];
    for (const text of ['hola', 'ayuda', 'menú']) expect((await deliver(h, textUpdate(person, text))).seen.length).toBeGreaterThan(0);
    const before = await h.wiring.runtime.store.load(conv);
    const transcript = await h.wiring.runtime.store.history(conv);

    // The 5th message in the minute: not read; one reply, in the person's language.
    const fifth = await deliver(h, textUpdate(person, 'hay un bache en mi calle'));
    expect(fifth.seen.map((m) => m.text)).toEqual([expect.stringContaining(SLOW_DOWN_ES)]);
    // More messages, a sticker and a button press in the same minute: no reply at all.
    h.api.clear();
    for (let i = 0; i < 5; i++) {
      const res = await postUpdate(h.app, textUpdate(person, `mensaje ${i}`));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
    }
    expect((await postUpdate(h.app, stickerUpdate(person))).body).toEqual({});
    const press = await postUpdate(h.app, callbackUpdate(person, dataFor(menu, 'report'), menu!.messageId));
    expect(press.body).toMatchObject({ method: 'answerCallbackQuery' });
    expect(press.body).not.toHaveProperty('text');
    expect(h.api.of('sendMessage')).toEqual([]);
    // The refused press left its keyboard (the question stays answerable).
    expect(h.api.of('editMessageReplyMarkup')).toEqual([]);
    // The conversation is exactly as it was.
    expect(await h.wiring.runtime.store.load(conv)).toEqual(before);
    expect(await h.wiring.runtime.store.history(conv)).toEqual(transcript);

    // The next minute: read again.
    h.clock.advance(60_000);
    const again = await deliver(h, textUpdate(person, 'menú'));
    expect(again.seen.length).toBeGreaterThan(0);
    expect(again.seen.map((m) => m.text).join('\n')).not.toContain(SLOW_DOWN_ES);
    expect((await h.wiring.runtime.store.load(conv)).conversation!.version).toBe(before.conversation!.version + 1);
  });

  it('stickers and typed messages share one limit: a mixed flood is refused at the limit, told once', async () => {
    const person = newPerson('es');
    const conv = conversationIdOf(person.id);
    // Two stickers ("no puedo usar eso") and two messages: the minute's four.
    for (const update of [stickerUpdate(person), commandUpdate(person, '/start'), stickerUpdate(person), textUpdate(person, 'hola')]) {
      const { seen } = await deliver(h, update);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.map((m) => m.text).join('\n')).not.toContain(SLOW_DOWN_ES);
    }
    const before = await h.wiring.runtime.store.load(conv);
    // The fifth, a sticker: the polite reply, once; then a message and a sticker get nothing.
    expect((await deliver(h, stickerUpdate(person))).seen.map((m) => m.text)).toEqual([expect.stringContaining(SLOW_DOWN_ES)]);
    h.api.clear();
    expect((await postUpdate(h.app, textUpdate(person, 'hay un bache'))).body).toEqual({});
    expect((await postUpdate(h.app, stickerUpdate(person))).body).toEqual({});
    expect(h.api.of('sendMessage')).toEqual([]);
    expect(await h.wiring.runtime.store.load(conv)).toEqual(before);
  });

  it('limits are per person: someone else is unaffected', async () => {
    const noisy = newPerson('en');
    for (let i = 0; i < 6; i++) await postUpdate(h.app, textUpdate(noisy, `spam ${i}`));
    const calm = newPerson('en');
    const seen = (await deliver(h, commandUpdate(calm, '/start'))).seen;
    expect(seen.map((m) => m.text).join('\n')).not.toMatch(/very fast/);
    expect(seen.length).toBeGreaterThan(0);
  });
});

describe('Telegram message limit shared by two app instances (Redis)', () => {
  let one: AbuseHarness;
  let two: AbuseHarness;
  let api: FakeBotApi;
  beforeAll(async () => {
    api = new FakeBotApi();
    const clock = new TestClock(Date.UTC(2030, 0, 1, 12, 0, 0));
    one = await startAbuseTelegram('redis', { env: LIMITS, api, clock });
    two = await startAbuseTelegram('redis', { env: LIMITS, api, clock });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    api.done();
  });

  it('messages counted on either instance add up; the reply past the limit comes once across both', async () => {
    const person = newPerson('en');
    await deliver(one, commandUpdate(person, '/start'));
    await deliver(two, textUpdate(person, 'help'));
    await deliver(one, textUpdate(person, 'menu'));
    await deliver(two, textUpdate(person, 'help'));
    const fifth = await deliver(one, textUpdate(person, 'menu'));
    expect(fifth.seen.map((m) => m.text)).toEqual([expect.stringContaining("You're sending messages very fast")]);
    // The other instance has not refused this person itself yet: it asks Redis, which says "told already".
    const sixth = await postUpdate(two.app, textUpdate(person, 'menu'));
    expect(sixth.body).toEqual({});
    one.clock.advance(60_000);
    expect((await deliver(two, textUpdate(person, 'menu'))).seen.map((m) => m.text).join('\n')).not.toMatch(/very fast/);
  });
});
