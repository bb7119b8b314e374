import { BOT_TOKEN } from './fake-bot-api';
import { buttons, deliver, postUpdate, SECRET, startTelegram, type TelegramHarness } from './support';
import { commandUpdate, editedUpdate, newUpdateId, stickerUpdate, textUpdate } from './updates';

describe('Telegram webhook (memory store)', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegram('memory');
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.api.clear());

  const ana = { id: 4242001, first_name: 'Ana', language_code: 'en' };

  it('answers /start with the greeting: earlier messages through the API, the last in the webhook answer', async () => {
    const { seen, answer } = await deliver(h, commandUpdate(ana, '/start'));
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]?.text).toMatch(/Hello!/);
    expect(h.api.of('sendMessage')[0]?.body).toEqual(
      expect.objectContaining({ chat_id: ana.id, text: expect.stringMatching(/Hello!/), link_preview_options: { is_disabled: true } }),
    );
    expect(h.api.of('sendMessage')[0]?.body).not.toHaveProperty('parse_mode');
    expect(answer).toEqual(
      expect.objectContaining({ method: 'sendMessage', chat_id: ana.id, text: expect.stringMatching(/What would you like to do\?/) }),
    );
    const menu = buttons(seen[seen.length - 1]);
    expect(menu.map((b) => b.data)).toEqual(expect.arrayContaining([expect.stringMatching(/^=\d+:report$/)]));
  });

  it('refuses a missing or wrong secret with 401 and processes nothing', async () => {
    const update = textUpdate({ id: 4242002, first_name: 'Mallory' }, '/start');
    for (const secret of [null, 'wrong', `${SECRET}x`, '']) {
      const res = await postUpdate(h.app, update, secret);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect(h.api.calls).toEqual([]);
    const loaded = await h.wiring.runtime.store.load('tg:4242002');
    expect(loaded.conversation).toBeNull();
  });

  it('answers malformed JSON and non-updates with 400', async () => {
    const bad = await postUpdate(h.app, '{not json').send('{not json');
    expect(bad.status).toBe(400);
    const noId = await postUpdate(h.app, { message: { text: 'hi' } });
    expect(noId.status).toBe(400);
    expect(h.api.calls).toEqual([]);
  });

  it('answers unknown update kinds with 200 and ignores them', async () => {
    const poll = { update_id: newUpdateId(), poll: { id: '1', question: 'q', options: [], total_voter_count: 0, is_closed: false } };
    const res = await postUpdate(h.app, poll);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const channelPost = { update_id: newUpdateId(), channel_post: { message_id: 1, chat: { id: -100, type: 'channel' }, date: 1, text: 'x' } };
    expect((await postUpdate(h.app, channelPost)).status).toBe(200);
    expect(h.api.calls).toEqual([]);
  });

  it('processes the same update_id once', async () => {
    const bo = { id: 4242003, first_name: 'Bo', language_code: 'en' };
    const update = commandUpdate(bo, '/start');
    const first = await deliver(h, update);
    expect(first.seen.length).toBeGreaterThan(0);
    const callsAfterFirst = h.api.calls.length;
    const again = await postUpdate(h.app, update);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({});
    expect(h.api.calls.length).toBe(callsAfterFirst);
    const history = await h.wiring.runtime.store.history('tg:4242003');
    expect(history.filter((m) => /Hello!/.test(m.text))).toHaveLength(1);
  });

  it('takes a 4,096-character text as an answer and replies within Telegram limits', async () => {
    const cy = { id: 4242004, first_name: 'Cy', language_code: 'en' };
    await deliver(h, commandUpdate(cy, '/start report'));
    const long = `${'word '.repeat(819)}end!`;
    expect(long.length).toBe(4099);
    const { seen } = await deliver(h, textUpdate(cy, long.slice(0, 4096)));
    expect(seen.length).toBeGreaterThan(0);
    for (const m of seen) expect(m.text.length).toBeLessThanOrEqual(4096);
  });

  it('ignores a text longer than any Telegram message (not from Telegram) with 200', async () => {
    const res = await postUpdate(h.app, textUpdate({ id: 4242005, first_name: 'Di' }, 'x'.repeat(20_001)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(h.api.calls).toEqual([]);
  });

  it('answers a sticker with a polite "can\'t use that", in the person\'s language', async () => {
    const eva = { id: 4242006, first_name: 'Eva', language_code: 'es-MX' };
    const { answer } = await deliver(h, stickerUpdate(eva));
    expect(answer).toEqual(expect.objectContaining({ method: 'sendMessage', chat_id: eva.id, text: expect.stringMatching(/no lo puedo usar/) }));
  });

  it('does not apply an edited message as an answer, and says so', async () => {
    const fay = { id: 4242007, first_name: 'Fay', language_code: 'en' };
    await deliver(h, commandUpdate(fay, '/start'));
    const before = await h.wiring.runtime.store.load('tg:4242007');
    const { answer } = await deliver(h, editedUpdate(fay, 'report'));
    expect(answer).toEqual(expect.objectContaining({ method: 'sendMessage', text: expect.stringMatching(/can't see changes/) }));
    const after = await h.wiring.runtime.store.load('tg:4242007');
    expect(after.conversation?.version).toBe(before.conversation?.version);
  });

  it('never puts the bot token in an answer', async () => {
    const { answer } = await deliver(h, commandUpdate({ id: 4242008, first_name: 'Gil' }, '/help'));
    expect(JSON.stringify(answer)).not.toContain(BOT_TOKEN);
  });
});
