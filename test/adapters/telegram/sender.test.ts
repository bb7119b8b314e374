/**
 * TelegramSender against a real telegraf `Telegram` client; every Bot API call is answered by
 * nock (replies carry an explicit Content-Length: nock 14 can hang on telegraf's keep-alive
 * requests otherwise). Payloads are asserted exactly, as Telegram would receive them.
 */
import { Writable } from 'node:stream';
import nock from 'nock';
import { Telegram } from 'telegraf';
import { createLogger } from '../../../src/log';
import { TelegramSender, classifySendError, type TelegramSenderOptions } from '../../../adapters/telegram/sender';
import { splitText } from '../../../adapters/telegram/split-text';

const API = 'https://api.telegram.org';
const TOKEN = '123:TEST';
// Long and distinctive, so no other number in a log line (time, pid) can contain it by chance.
const CHAT = 731_958_264_013;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

type Reply = [number, string, Record<string, string>];
function json(status: number, payload: unknown): Reply {
  const body = JSON.stringify(payload);
  return [status, body, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }];
}
const ok = (messageId: number): Reply =>
  json(200, { ok: true, result: { message_id: messageId, date: 1_700_000_000, chat: { id: CHAT, type: 'private' }, text: '.' } });
const apiError = (code: number, description: string, parameters?: Record<string, number>): Reply =>
  json(code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });

/** Intercepts sendMessage `times` times, recording each JSON body, answering with `replies` in turn. */
function interceptSend(replies: Reply[], token = TOKEN): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  let n = 0;
  nock(API)
    .post(`/bot${token}/sendMessage`, (body: Record<string, unknown>) => {
      bodies.push(body);
      return true;
    })
    .times(replies.length)
    .reply(() => {
      const reply = replies[n] ?? replies[replies.length - 1]!;
      n += 1;
      return reply;
    });
  return bodies;
}

let senders: TelegramSender[] = [];
function makeSender(extra: Partial<TelegramSenderOptions> = {}, token = TOKEN) {
  const waits: number[] = [];
  const log = new Capture();
  const unreachable: (number | string)[] = [];
  const sender = new TelegramSender({
    telegram: new Telegram(token, { apiRoot: API }),
    logger: createLogger({ level: 'trace', destination: log }),
    sleep: async (ms) => {
      waits.push(ms);
    },
    onUnreachable: (chatId) => {
      unreachable.push(chatId);
    },
    ...extra,
  });
  senders.push(sender);
  return { sender, waits, log, unreachable };
}

afterEach(async () => {
  const running = senders;
  senders = [];
  nock.cleanAll();
  await Promise.all(running.map((s) => s.stop()));
});

const NO_PREVIEW = { is_disabled: true };
const KEYBOARD = { inline_keyboard: [[{ text: 'Yes', callback_data: 'q1:yes' }, { text: 'No', callback_data: 'q1:no' }]] };

describe('TelegramSender', () => {
  it('sends plain text without parse_mode, link previews off, with the reply markup', async () => {
    const bodies = interceptSend([ok(7)]);
    const { sender } = makeSender();
    const text = 'Is the <b>pothole</b> *deep*? [click](https://evil.example) _x_';
    await expect(sender.send(CHAT, { text, replyMarkup: KEYBOARD })).resolves.toEqual({ kind: 'sent', messageIds: [7] });
    expect(bodies).toEqual([{ chat_id: CHAT, text, link_preview_options: NO_PREVIEW, reply_markup: KEYBOARD }]);
    expect(nock.isDone()).toBe(true);
  });

  it('splits a 9,000-character text into 3 parts at paragraph boundaries, in order, markup on the last only', async () => {
    // Nine paragraphs; each with its separator takes 1,000 units, the last is 1,000 long: 9,000.
    const paragraphs = Array.from({ length: 9 }, (_, i) => `${i}`.repeat(i === 8 ? 1000 : 998));
    const text = paragraphs.join('\n\n');
    expect(text.length).toBe(9000);
    const bodies = interceptSend([ok(1), ok(2), ok(3)]);
    const { sender } = makeSender();

    await expect(sender.send(CHAT, { text, replyMarkup: KEYBOARD })).resolves.toEqual({ kind: 'sent', messageIds: [1, 2, 3] });
    expect(bodies).toEqual([
      { chat_id: CHAT, text: paragraphs.slice(0, 4).join('\n\n'), link_preview_options: NO_PREVIEW },
      { chat_id: CHAT, text: paragraphs.slice(4, 8).join('\n\n'), link_preview_options: NO_PREVIEW },
      { chat_id: CHAT, text: paragraphs[8], link_preview_options: NO_PREVIEW, reply_markup: KEYBOARD },
    ]);
    for (const body of bodies) {
      expect((body.text as string).length).toBeLessThanOrEqual(4096);
      expect(body).not.toHaveProperty('parse_mode');
    }
  });

  it('honours retry_after on 429 and retries (the wait counts, the retry is an attempt)', async () => {
    const bodies = interceptSend([apiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 }), ok(9)]);
    const { sender, waits } = makeSender();
    await expect(sender.send(CHAT, { text: 'hello' })).resolves.toEqual({ kind: 'sent', messageIds: [9] });
    expect(waits).toEqual([1000]);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
  });

  it('gives up on 429 after maxAttempts attempts', async () => {
    const bodies = interceptSend(Array(3).fill(apiError(429, 'Too Many Requests: retry after 2', { retry_after: 2 })));
    const { sender, waits } = makeSender({ maxAttempts: 3 });
    await expect(sender.send(CHAT, { text: 'hello' })).resolves.toEqual({ kind: 'failed', code: 'rate_limited' });
    expect(bodies).toHaveLength(3);
    expect(waits).toEqual([2000, 2000]);
  });

  it('403 blocked: unreachable, onUnreachable called once, no retry', async () => {
    const bodies = interceptSend([apiError(403, 'Forbidden: bot was blocked by the user')]);
    const { sender, waits, unreachable } = makeSender();
    await expect(sender.send(CHAT, { text: 'Your report was resolved' })).resolves.toEqual({ kind: 'unreachable' });
    expect(bodies).toHaveLength(1);
    expect(unreachable).toEqual([CHAT]);
    expect(waits).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('403 stops a split message at the first part', async () => {
    const bodies = interceptSend([apiError(403, 'Forbidden: user is deactivated')]);
    const { sender, unreachable } = makeSender();
    await expect(sender.send(CHAT, { text: `${'a'.repeat(4000)}\n\n${'b'.repeat(100)}` })).resolves.toEqual({ kind: 'unreachable' });
    expect(bodies).toHaveLength(1);
    expect(unreachable).toEqual([CHAT]);
  });

  it('500 twice then ok: retried with exponential backoff and jitter', async () => {
    const bodies = interceptSend([json(500, { ok: false, error_code: 500, description: 'Internal Server Error' }), json(502, {}), ok(11)]);
    const { sender, waits } = makeSender({ random: () => 0.5 });
    await expect(sender.send(CHAT, { text: 'hello' })).resolves.toEqual({ kind: 'sent', messageIds: [11] });
    expect(bodies).toHaveLength(3);
    // base 500 ms doubling; equal jitter with random 0.5 = three quarters of the step.
    expect(waits).toEqual([375, 750]);
  });

  it('5xx every time: failed server_error after maxAttempts, waits growing', async () => {
    const bodies = interceptSend(Array(5).fill(json(503, {})));
    const { sender, waits } = makeSender({ perChatBurst: 5 });
    await expect(sender.send(CHAT, { text: 'hello' })).resolves.toEqual({ kind: 'failed', code: 'server_error' });
    expect(bodies).toHaveLength(5);
    expect(waits).toHaveLength(4);
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(250 * 2 ** i);
      expect(w).toBeLessThanOrEqual(500 * 2 ** i);
    });
  });

  it('network errors are retried', async () => {
    nock(API).post(`/bot${TOKEN}/sendMessage`).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const bodies = interceptSend([ok(5)]);
    const { sender, waits } = makeSender();
    await expect(sender.send(CHAT, { text: 'hello' })).resolves.toEqual({ kind: 'sent', messageIds: [5] });
    expect(bodies).toHaveLength(1);
    expect(waits).toHaveLength(1);
  });

  it('400: failed bad_request without retry', async () => {
    const bodies = interceptSend([apiError(400, 'Bad Request: chat not found')]);
    const { sender, waits, unreachable } = makeSender();
    await expect(sender.send(CHAT, { text: 'hello' })).resolves.toEqual({ kind: 'failed', code: 'bad_request' });
    expect(bodies).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(unreachable).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('400 with migrate_to_chat_id: failed chat_migrated', async () => {
    interceptSend([apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -100123 })]);
    const { sender } = makeSender();
    await expect(sender.send(CHAT, { text: 'hello' })).resolves.toEqual({ kind: 'failed', code: 'chat_migrated' });
  });

  it('an empty text is not sent', async () => {
    const { sender } = makeSender();
    await expect(sender.send(CHAT, { text: ' \n ' })).resolves.toEqual({ kind: 'failed', code: 'empty_text' });
  });

  it('messages to one chat go out in call order', async () => {
    const bodies = interceptSend([json(500, {}), ok(1), ok(2)]);
    const { sender } = makeSender();
    const first = sender.send(CHAT, { text: 'first' });
    const second = sender.send(CHAT, { text: 'second' });
    await expect(Promise.all([first, second])).resolves.toEqual([
      { kind: 'sent', messageIds: [1] },
      { kind: 'sent', messageIds: [2] },
    ]);
    expect(bodies.map((b) => b.text)).toEqual(['first', 'first', 'second']);
  });

  it('never logs the bot token or the message text', async () => {
    const token = '987654321:AAH-super-secret-token_value';
    const text = 'My neighbour Zelda at 42 Elm Street keeps dumping rubbish';
    nock(API).post(`/bot${token}/sendMessage`).replyWithError(Object.assign(new Error(`connect ECONNREFUSED ${API}/bot${token}/sendMessage`), { code: 'ECONNREFUSED' }));
    interceptSend([json(500, {}), apiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 }), ok(3)], token);
    nock(API).post(`/bot${token}/sendMessage`).reply(...apiError(400, 'Bad Request: message text is empty'));
    nock(API).post(`/bot${token}/sendMessage`).reply(...apiError(403, 'Forbidden: bot was blocked by the user'));
    const { sender, log } = makeSender({ perChatBurst: 10 }, token);
    await expect(sender.send(CHAT, { text })).resolves.toEqual({ kind: 'sent', messageIds: [3] });
    await expect(sender.send(CHAT, { text })).resolves.toEqual({ kind: 'failed', code: 'bad_request' });
    await expect(sender.send(CHAT, { text })).resolves.toEqual({ kind: 'unreachable' });
    expect(log.text).toContain('telegram send will be retried');
    // Chat ids are personal data: logs carry a per-process pseudonym (src/log.ts). Asserted on
    // the records' fields, not on the raw text: a millisecond timestamp once contained the
    // test's chat id as digits and failed a clean CI run.
    const records = log.text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const withChat = records.filter((r) => 'chatId' in r);
    expect(withChat.length).toBeGreaterThan(0);
    for (const r of withChat) expect(r['chatId']).toMatch(/^p_[\w-]{12}$/);
    for (const { time: _time, ...fields } of records) expect(JSON.stringify(fields)).not.toContain(String(CHAT));
    expect(log.text).not.toContain('super-secret');
    expect(log.text).not.toContain('987654321');
    expect(log.text).not.toContain('Zelda');
    expect(log.text).not.toContain('Elm Street');
  });

  it('after stop, sends fail with stopped', async () => {
    const { sender } = makeSender();
    await sender.stop();
    await expect(sender.send(CHAT, { text: 'late' })).resolves.toEqual({ kind: 'failed', code: 'stopped' });
  });

  it('classifies by type and code', () => {
    expect(classifySendError(new TypeError('x'))).toEqual({ kind: 'permanent', code: 'internal_error' });
    expect(classifySendError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }))).toEqual({ kind: 'retry', code: 'network_error' });
  });
});

describe('splitText', () => {
  it('leaves a text within the limit alone', () => {
    expect(splitText('short')).toEqual(['short']);
    expect(splitText('x'.repeat(4096))).toEqual(['x'.repeat(4096)]);
  });

  it('prefers paragraph, then line, then space boundaries', () => {
    expect(splitText('aaaa bbbb\ncccc\n\ndddd', 12)).toEqual(['aaaa bbbb', 'cccc\n\ndddd']);
    expect(splitText('aaaa\n\nbbbb cccc dddd', 12)).toEqual(['aaaa', 'bbbb cccc', 'dddd']);
    expect(splitText('aaaa bbbb cccc', 12)).toEqual(['aaaa bbbb', 'cccc']);
  });

  it('never cuts a surrogate pair and counts UTF-16 code units', () => {
    const text = '😀'.repeat(3000); // 6,000 code units, no spaces
    const parts = splitText(text);
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part).toBe(Array.from(part).join('')); // round-trips: no lone surrogates
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(part)).toBe(false);
    }
    const odd = `a${'😀'.repeat(3000)}`; // the 4,096th unit is a high surrogate
    const oddParts = splitText(odd);
    expect(oddParts[0]!.length).toBe(4095);
    expect(oddParts.join('')).toBe(odd);
  });

  it('drops blank parts', () => {
    expect(splitText('')).toEqual([]);
    expect(splitText('   ')).toEqual([]);
  });
});
