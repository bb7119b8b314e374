/** Inline keyboards: answered presses, removed keyboards, stale buttons, long choice ids. */
import { choiceHash, decodeCallback, encodeChoice, resolveHash } from '../../../adapters/telegram/callback-data';
import { keyboardRows, toTelegram } from '../../../adapters/telegram/render';
import type { StoredMessage } from '../../../src/state/types';
import { buttons, dataFor, deliver, startTelegram, type TelegramHarness } from './support';
import { callbackUpdate, commandUpdate, locationUpdate, textUpdate } from './updates';

describe('Telegram buttons', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegram('memory');
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.api.clear());

  it('answers a press in the webhook answer, removes the answered keyboard and moves on', async () => {
    const p = { id: 6100001, first_name: 'Ike', language_code: 'en' };
    const start = await deliver(h, commandUpdate(p, '/start'));
    const menu = start.seen[start.seen.length - 1]!;
    h.api.clear();
    const update = callbackUpdate(p, dataFor(menu, 'report'), menu.messageId);
    const { seen, answer } = await deliver(h, update);
    expect(answer).toEqual({ method: 'answerCallbackQuery', callback_query_id: update.callback_query.id });
    // The keyboard goes first, then the next question.
    expect(h.api.calls[0]).toEqual({ method: 'editMessageReplyMarkup', body: { chat_id: p.id, message_id: menu.messageId } });
    expect(seen.map((m) => m.text).join('\n')).toMatch(/What kind of problem/);
    expect(buttons(seen[seen.length - 1]).length).toBeGreaterThan(1);
  });

  it('a button of a question that is closed is answered "closed" and never reaches the dialog', async () => {
    const p = { id: 6100002, first_name: 'Jo', language_code: 'en' };
    const start = await deliver(h, commandUpdate(p, '/start'));
    const menu = start.seen[start.seen.length - 1]!;
    await deliver(h, callbackUpdate(p, dataFor(menu, 'report'), menu.messageId));
    const before = await h.wiring.runtime.store.load('tg:6100002');
    h.api.clear();
    // The menu's "Change language" button, pressed later (e.g. from another device before the edit arrived).
    const update = callbackUpdate(p, dataFor(menu, 'language'), menu.messageId);
    const { seen, answer } = await deliver(h, update);
    expect(answer).toEqual({ method: 'answerCallbackQuery', callback_query_id: update.callback_query.id, text: 'That question is closed: please answer the latest one.' });
    expect(seen).toEqual([]);
    expect((await h.wiring.runtime.store.load('tg:6100002')).conversation?.version).toBe(before.conversation?.version);
  });

  it('an old button whose id fits the current question (Skip) is not taken as its answer', async () => {
    // Found in review: "Skip" on the bike-lane question, pressed after the person typed "no"
    // and moved on, used to skip the photo question instead.
    const p = { id: 6100007, first_name: 'Ana', language_code: 'en' };
    await deliver(h, commandUpdate(p, '/start report_pothole'));
    const bikeLane = (await deliver(h, textUpdate(p, 'small'))).seen.at(-1)!;
    expect(bikeLane.text).toMatch(/bike lane/);
    await deliver(h, textUpdate(p, 'no'));
    const photo = (await deliver(h, locationUpdate(p, 30.27, -97.74))).seen.at(-1)!;
    expect(photo.text).toMatch(/photo/);
    const update = callbackUpdate(p, dataFor(bikeLane, '_skip'), bikeLane.messageId);
    const { seen, answer } = await deliver(h, update);
    expect(answer).toMatchObject({ method: 'answerCallbackQuery', text: expect.stringMatching(/closed/) });
    expect(seen).toEqual([]);
    // The photo question is still the one being asked: its own Skip works.
    const skipped = await deliver(h, callbackUpdate(p, dataFor(photo, '_skip'), photo.messageId));
    expect(skipped.seen.at(-1)?.text).toMatch(/Describe the problem/);
  });

  it('a press delivered twice is answered but applied once', async () => {
    const p = { id: 6100003, first_name: 'Kai', language_code: 'en' };
    const start = await deliver(h, commandUpdate(p, '/start'));
    const menu = start.seen[start.seen.length - 1]!;
    const update = callbackUpdate(p, dataFor(menu, 'report'), menu.messageId);
    await deliver(h, update);
    h.api.clear();
    const again = await deliver(h, update);
    expect(again.answer).toEqual({ method: 'answerCallbackQuery', callback_query_id: update.callback_query.id });
    expect(h.api.calls).toEqual([]);
  });

  it('a press on a message we never sent is answered and ignored', async () => {
    const p = { id: 6100004, first_name: 'Lu' };
    const { answer } = await deliver(h, callbackUpdate(p, 'somebody-elses-data', 1));
    expect(answer).toEqual({ method: 'answerCallbackQuery', callback_query_id: expect.any(String) });
    expect(h.api.calls).toEqual([]);
  });

  it('resolves a hashed callback_data (a choice id over 64 bytes) against the transcript', async () => {
    const p = { id: 6100005, first_name: 'Mo', language_code: 'en' };
    await deliver(h, commandUpdate(p, '/start'));
    // A stale hash (no such choice in the transcript) reaches the engine unresolved: a clear refusal.
    const { seen } = await deliver(h, callbackUpdate(p, `#1:${choiceHash('x'.repeat(80))}`, 5));
    expect(seen.map((m) => m.text).join('\n')).toMatch(/That button belongs to an earlier question/);
    // A hash of a choice the bot offered resolves to it.
    const history = await h.wiring.runtime.store.history('tg:6100005');
    expect(resolveHash(choiceHash('report'), history)).toBe('report');
    // A hashed button of a question no longer asked (the menu's, after "Report"): closed, nothing changes.
    const menu = history.filter((m) => m.from === 'bot' && m.choices?.some((c) => c.id === 'report')).at(-1)!;
    const question = Number(menu.id.split('.')[0]);
    await deliver(h, callbackUpdate(p, `=${question}:report`, 6));
    const before = await h.wiring.runtime.store.load('tg:6100005');
    const late = await deliver(h, callbackUpdate(p, `#${question}:${choiceHash('language')}`, 6));
    expect(late.answer).toMatchObject({ method: 'answerCallbackQuery', text: 'That question is closed: please answer the latest one.' });
    expect(late.seen).toEqual([]);
    expect((await h.wiring.runtime.store.load('tg:6100005')).conversation?.version).toBe(before.conversation?.version);
  });
});

describe('callback_data and keyboards', () => {
  it('names the question and keeps short ids as they are, hashing long ones within 64 bytes', () => {
    expect(encodeChoice('pothole', 12)).toBe('=12:pothole');
    expect(decodeCallback('=12:pothole')).toEqual({ kind: 'choice', choiceId: 'pothole', question: 12 });
    const long = `category:${'ñ'.repeat(40)}`;
    const data = encodeChoice(long, 7);
    expect(data).toMatch(/^#7:[A-Za-z0-9_-]{16}$/);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    const msg: StoredMessage = { id: '000000000007.001', from: 'bot', text: 'q', choices: [{ id: long, label: 'L' }], expects: 'choice', lang: 'en', createdAt: '' };
    expect(resolveHash(data.slice(3), [msg])).toBe(long);
    expect(Buffer.byteLength(encodeChoice('x'.repeat(60), 1))).toBe(63);
    expect(encodeChoice('x'.repeat(64), 1)).toMatch(/^#/);
    expect(decodeCallback('pothole')).toEqual({ kind: 'foreign' });
  });

  it('puts short labels two to a row and long ones alone', () => {
    const rows = keyboardRows([
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
      { id: 'long', label: 'Streetlights and traffic signals' },
      { id: 'skip', label: 'Skip' },
    ], 3);
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([['Yes', 'No'], ['Streetlights and traffic signals'], ['Skip']]);
  });

  it('puts a rating scale on one row (0-10 on two), and the Skip after it on its own', () => {
    const scale = (min: number, max: number) => Array.from({ length: max - min + 1 }, (_, i) => ({ id: String(min + i), label: String(min + i) }));
    const text = (rows: { text: string }[][]) => rows.map((r) => r.map((b) => b.text));
    expect(text(keyboardRows(scale(1, 5), 2))).toEqual([['1', '2', '3', '4', '5']]);
    expect(text(keyboardRows([...scale(0, 10), { id: '_skip', label: 'Skip' }], 2))).toEqual([['0', '1', '2', '3', '4', '5'], ['6', '7', '8', '9', '10'], ['Skip']]);
    // Two tiny labels are not a scale: yes/no keeps its usual layout.
    expect(text(keyboardRows([{ id: 'yes', label: 'Sí' }, { id: 'no', label: 'No' }], 2))).toEqual([['Sí', 'No']]);
  });

  it('renders a location question with a share-location reply keyboard and plain messages with remove_keyboard', () => {
    const i18n = { renderText: () => '📍 Share my location', renderMessage: () => ({ text: '', expects: 'none' as const }) };
    const q: StoredMessage = { id: '1', from: 'bot', text: 'Where is it?', expects: 'location', lang: 'en', createdAt: '' };
    expect(toTelegram(q, i18n).replyMarkup).toEqual({
      keyboard: [[{ text: '📍 Share my location', request_location: true }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    });
    expect(toTelegram({ ...q, expects: 'text' }, i18n).replyMarkup).toEqual({ remove_keyboard: true });
  });
});
