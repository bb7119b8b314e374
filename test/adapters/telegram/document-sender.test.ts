/**
 * A message's document through TelegramSender: the text first, then the file from the
 * resolver uploaded with sendDocument (document-upload.ts: Node's fetch and FormData) as
 * multipart/form-data, the file part carrying its name and media type, answered by nock.
 * Upload failures are classified like sendMessage's: a 5xx or a dropped connection is retried,
 * a 400 is not; whatever happens to the document, the text has gone and the result says
 * `sent`, with the document's outcome beside it. The log names the reason, never the link.
 */
import { Writable } from 'node:stream';
import nock from 'nock';
import { Telegram } from 'telegraf';
import { botApiDocumentUpload } from '../../../adapters/telegram/document-upload';
import { TelegramSender, type TelegramSenderOptions } from '../../../adapters/telegram/sender';
import { createLogger } from '../../../src/log';
import type { DocumentResolver } from '../../../src/modules/documents';

const API = 'https://api.telegram.org';
const TOKEN = '123:TEST';
const CHAT = 731_958_264_017;
const LINK = 'https://wegov.example/volunteer/calendar/su-1.ics?exp=1900000000&sig=SIGNATURE-never-logged_0123456789abcdefghijk';
const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Clean-up\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
const resolver: DocumentResolver = async (url) => (url === LINK ? { body: Buffer.from(ICS, 'utf8'), filename: 'volunteer-shift.ics', mime: 'text/calendar' } : null);
const message = { text: `Add it to your calendar: ${LINK}`, document: { url: LINK, filename: 'volunteer-shift.ics', mime: 'text/calendar' } };

type Reply = [number, string, Record<string, string>];
function json(status: number, payload: unknown): Reply {
  const body = JSON.stringify(payload);
  return [status, body, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }];
}
const sentMessage = (id: number): Reply => json(200, { ok: true, result: { message_id: id, date: 1_700_000_000, chat: { id: CHAT, type: 'private' }, text: '.' } });
const apiError = (code: number, description: string): Reply => json(code, { ok: false, error_code: code, description });

/** Every Bot API call in order: sendMessage's JSON, sendDocument's content type and raw multipart body. */
function interceptApi(documentReplies: (Reply | Error)[]): { method: string; contentType: string; body: string }[] {
  const calls: { method: string; contentType: string; body: string }[] = [];
  let messages = 100;
  nock(API)
    .persist()
    .post(`/bot${TOKEN}/sendMessage`)
    .reply((_uri, body) => {
      calls.push({ method: 'sendMessage', contentType: 'application/json', body: JSON.stringify(body) });
      return sentMessage(messages++);
    });
  // One interceptor per upload attempt, used in order.
  for (const reply of documentReplies) {
    const upload = nock(API).post(`/bot${TOKEN}/sendDocument`);
    if (reply instanceof Error) {
      // The connection drops before any answer.
      upload.replyWithError(reply).on('request', () => calls.push({ method: 'sendDocument', contentType: '', body: '(dropped)' }));
    } else {
      upload.reply(function (_uri, body) {
        calls.push({ method: 'sendDocument', contentType: String(this.req.headers['content-type'] ?? ''), body: typeof body === 'string' ? body : JSON.stringify(body) });
        return reply;
      });
    }
  }
  return calls;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

let senders: TelegramSender[] = [];
function makeSender(extra: Partial<TelegramSenderOptions> = {}) {
  const waits: number[] = [];
  const log = new Capture();
  const sender = new TelegramSender({
    telegram: new Telegram(TOKEN, { apiRoot: API }),
    logger: createLogger({ level: 'trace', destination: log }),
    documents: resolver,
    uploadDocument: botApiDocumentUpload({ botToken: TOKEN, apiRoot: API }),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  senders.push(sender);
  return { sender, waits, log };
}

afterEach(async () => {
  const running = senders;
  senders = [];
  nock.cleanAll();
  await Promise.all(running.map((s) => s.stop()));
});

describe('TelegramSender: a message with a document', () => {
  it('sends the text, then uploads the file as multipart/form-data with its name and media type', async () => {
    const calls = interceptApi([json(200, { ok: true, result: { message_id: 555, date: 1_700_000_000, chat: { id: CHAT, type: 'private' } } })]);
    const { sender, log } = makeSender();
    await expect(sender.send(CHAT, message)).resolves.toEqual({ kind: 'sent', messageIds: [100], document: 'sent' });
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument']);
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ chat_id: CHAT, text: message.text });
    const upload = calls[1]!;
    const boundary = /boundary=(.+)$/.exec(upload.contentType)?.[1];
    expect(upload.contentType.startsWith('multipart/form-data; boundary=')).toBe(true);
    const parts = upload.body.split(`--${boundary!}`).slice(1, -1);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(`\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n${CHAT}\r\n`);
    expect(parts[1]).toBe(`\r\nContent-Disposition: form-data; name="document"; filename="volunteer-shift.ics"\r\nContent-Type: text/calendar\r\n\r\n${ICS}\r\n`);
    expect(log.text).not.toContain('SIGNATURE-never-logged');
  });

  it('retries a 5xx and a dropped connection on the upload, then sends it', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const calls = interceptApi([apiError(502, 'Bad Gateway'), reset, json(200, { ok: true, result: { message_id: 556 } })]);
    const { sender, waits } = makeSender();
    await expect(sender.send(CHAT, message)).resolves.toEqual({ kind: 'sent', messageIds: [100], document: 'sent' });
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument', 'sendDocument', 'sendDocument']);
    expect(waits).toHaveLength(2);
  });

  it('a 400 on the upload is not retried; the text has gone, the log says why without the link', async () => {
    const calls = interceptApi([apiError(400, 'Bad Request: file must be non-empty')]);
    const { sender, log } = makeSender();
    await expect(sender.send(CHAT, message)).resolves.toEqual({ kind: 'sent', messageIds: [100], document: 'failed' });
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument']);
    const line = log.text.split('\n').find((l) => l.includes('telegram document not sent'));
    expect(JSON.parse(line!)).toMatchObject({ reason: 'bad_request' });
    expect(log.text).not.toContain('SIGNATURE-never-logged');
    expect(log.text).not.toContain(String(CHAT));
  });

  it('a link nobody resolves, or a resolver that throws: the text alone', async () => {
    const calls = interceptApi([]);
    const { sender } = makeSender();
    await expect(sender.send(CHAT, { ...message, document: { ...message.document, url: `${LINK}x` } })).resolves.toEqual({ kind: 'sent', messageIds: [100], document: 'unavailable' });
    const broken = makeSender({
      documents: async () => {
        throw new Error(`store down while reading ${LINK}`);
      },
    });
    await expect(broken.sender.send(CHAT, message)).resolves.toEqual({ kind: 'sent', messageIds: [101], document: 'failed' });
    expect(broken.log.text).not.toContain('SIGNATURE-never-logged');
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'sendMessage']);
  });

  it('no document when the text itself was not delivered', async () => {
    const calls: string[] = [];
    nock(API)
      .post(`/bot${TOKEN}/sendMessage`)
      .reply(() => {
        calls.push('sendMessage');
        return apiError(403, 'Forbidden: bot was blocked by the user');
      });
    const { sender } = makeSender();
    await expect(sender.send(CHAT, message)).resolves.toEqual({ kind: 'unreachable' });
    expect(calls).toEqual(['sendMessage']);
  });
});
