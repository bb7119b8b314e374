/**
 * A Bot API stand-in on nock: every call to https://api.telegram.org/bot<token>/<method> is
 * recorded (method and JSON body, or a multipart upload's fields and files) and answered like
 * Telegram would. Replies carry an explicit
 * Content-Length: nock 14 can hang on telegraf's keep-alive requests without one.
 */
import nock from 'nock';

export const API_ROOT = 'https://api.telegram.org';
export const BOT_TOKEN = '123456789:TEST-token_ABCdefGHIjkl';
export const BOT_USERNAME = 'RiversideCityBot';

export interface ApiCall {
  method: string;
  /** The JSON body, or a multipart body's fields: text fields as strings, files as UploadedFile. */
  body: Record<string, unknown>;
}

/** A file part of a multipart request (sendDocument), as it went over the wire. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  content: string;
}

type Reply = { status: number; body: unknown };

export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  readonly downloads: string[] = [];
  private readonly queued = new Map<string, Reply[]>();
  private nextMessageId = 1000;
  private readonly scopes: nock.Scope[] = [];

  constructor() {
    const fake = this;
    const scope = nock(API_ROOT)
      .persist()
      .post(new RegExp(`^/bot${escape(BOT_TOKEN)}/(\\w+)$`))
      .reply(function (uri, body) {
        const method = /\/(\w+)$/.exec(uri)?.[1] ?? '?';
        const contentType = String(this.req.headers['content-type'] ?? '');
        const parsed = contentType.startsWith('multipart/form-data')
          ? fake.multipart(contentType, typeof body === 'string' ? body : JSON.stringify(body))
          : ((typeof body === 'string' ? (body.length > 0 ? JSON.parse(body) : {}) : (body ?? {})) as Record<string, unknown>);
        fake.calls.push({ method, body: parsed });
        const reply = fake.queued.get(method)?.shift() ?? { status: 200, body: { ok: true, result: fake.result(method, parsed) } };
        return json(reply.status, reply.body);
      });
    this.scopes.push(scope);
  }

  /** The next call of `method` gets this answer instead (e.g. a 429). */
  failNext(method: string, status: number, body: Record<string, unknown>): void {
    const list = this.queued.get(method) ?? [];
    list.push({ status, body: { ok: false, error_code: status, ...body } });
    this.queued.set(method, list);
  }

  /** The next call of `method` succeeds with this result. */
  respondNext(method: string, result: unknown): void {
    const list = this.queued.get(method) ?? [];
    list.push({ status: 200, body: { ok: true, result } });
    this.queued.set(method, list);
  }

  /** Serves a file download at <apiRoot>/file/bot<token>/<path>. */
  serveFile(filePath: string, data: Buffer): void {
    this.scopes.push(
      nock(API_ROOT)
        .persist()
        .get(`/file/bot${BOT_TOKEN}/${filePath}`)
        .reply(() => {
          this.downloads.push(filePath);
          return [200, data, { 'Content-Type': 'image/jpeg', 'Content-Length': String(data.length) }];
        }),
    );
  }

  of(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  clear(): void {
    this.calls.length = 0;
  }

  done(): void {
    for (const s of this.scopes) s.persist(false);
    nock.cleanAll();
  }

  /** A multipart/form-data body's parts, parsed by hand (the wire format, not a library's reading of it). */
  private multipart(contentType: string, raw: string): Record<string, unknown> {
    const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
    if (!boundary) throw new Error(`multipart without a boundary: ${contentType}`);
    const out: Record<string, unknown> = {};
    for (const part of raw.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const split = part.indexOf('\r\n\r\n');
      const head = part.slice(0, split).trim().split('\r\n');
      const content = part.slice(split + 4, part.endsWith('\r\n') ? -2 : undefined);
      const header = (name: string): string | undefined => head.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
      const disposition = header('content-disposition') ?? '';
      const name = /\bname="([^"]*)"/.exec(disposition)?.[1] ?? '?';
      const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
      out[name] = filename === undefined ? content : ({ filename, contentType: header('content-type') ?? '', content } satisfies UploadedFile);
    }
    return out;
  }

  private result(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case 'sendDocument': {
        const file = body.document as UploadedFile | undefined;
        return { message_id: this.nextMessageId++, date: 1_700_000_000, chat: { id: Number(body.chat_id), type: 'private' }, document: { file_id: 'BQACAgIAAxk', file_unique_id: 'AgADdoc', file_name: file?.filename, mime_type: file?.contentType } };
      }
      case 'sendMessage':
        return { message_id: this.nextMessageId++, date: 1_700_000_000, chat: { id: body.chat_id, type: 'private' }, text: body.text };
      case 'getMe':
        return { id: 123456789, is_bot: true, first_name: 'Riverside', username: BOT_USERNAME };
      case 'getUpdates':
        return [];
      case 'getFile':
        return { file_id: body.file_id, file_unique_id: 'uniq', file_size: 14, file_path: `photos/${String(body.file_id)}.jpg` };
      default:
        return true;
    }
  }
}

function json(status: number, body: unknown): [number, string, Record<string, string>] {
  const text = JSON.stringify(body);
  return [status, text, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
