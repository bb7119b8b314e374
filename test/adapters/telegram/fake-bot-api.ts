/**
 * A Bot API stand-in on nock: every call to https://api.telegram.org/bot<token>/<method> is
 * recorded (method and JSON body) and answered like Telegram would. Replies carry an explicit
 * Content-Length: nock 14 can hang on telegraf's keep-alive requests without one.
 */
import nock from 'nock';

export const API_ROOT = 'https://api.telegram.org';
export const BOT_TOKEN = '123456789:TEST-token_ABCdefGHIjkl';
export const BOT_USERNAME = 'RiversideCityBot';

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
}

type Reply = { status: number; body: unknown };

export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  readonly downloads: string[] = [];
  private readonly queued = new Map<string, Reply[]>();
  private nextMessageId = 1000;
  private readonly scopes: nock.Scope[] = [];

  constructor() {
    const scope = nock(API_ROOT)
      .persist()
      .post(new RegExp(`^/bot${escape(BOT_TOKEN)}/(\\w+)$`))
      .reply((uri, body) => {
        const method = /\/(\w+)$/.exec(uri)?.[1] ?? '?';
        const parsed = (typeof body === 'string' ? (body.length > 0 ? JSON.parse(body) : {}) : (body ?? {})) as Record<string, unknown>;
        this.calls.push({ method, body: parsed });
        const reply = this.queued.get(method)?.shift() ?? { status: 200, body: { ok: true, result: this.result(method, parsed) } };
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

  private result(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
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
