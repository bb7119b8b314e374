/**
 * Uploads a file to a chat: the Bot API's sendDocument as multipart/form-data, built with
 * Node 20's global fetch, FormData and Blob (undici). Telegram's sendDocument by URL takes only
 * GIF, PDF and ZIP files, so a calendar file (`.ics`) must be uploaded; and telegraf's own
 * multipart writer (telegraf 4.16, `attachFormMedia`) gives a part no Content-Type, where we
 * want the file to arrive as what it is (`text/calendar`), so the calendar app opens it.
 *
 * The request goes to the same place telegraf's calls go (`<apiRoot>/bot<token>/sendDocument`,
 * resolved as telegraf resolves it). Failures are raised as telegraf's own `TelegramError`
 * (the Bot API's `error_code` and `parameters`, e.g. a 429's `retry_after`; a 5xx or an
 * unreadable answer as a 5xx), so the sender classifies them exactly as it classifies
 * sendMessage's; a network failure is undici's `TypeError('fetch failed')` with the socket's
 * `cause.code`, or a `TimeoutError`. Errors never carry the URL (it holds the bot token).
 */
import { TelegramError } from 'telegraf';
import { z } from 'zod';

/** A file to upload. */
export interface DocumentFile {
  body: Buffer;
  filename: string;
  mime: string;
}

/** Sends `file` to `chatId` as a document; resolves with the sent message's id. */
export type DocumentUpload = (chatId: number | string, file: DocumentFile) => Promise<{ message_id: number }>;

/** Longest an upload may take before it counts as a network failure (and is retried). */
const UPLOAD_TIMEOUT_MS = 30_000;

const answer = z.union([
  z.object({ ok: z.literal(true), result: z.object({ message_id: z.number() }) }),
  z.object({
    ok: z.literal(false),
    error_code: z.number(),
    description: z.string().default(''),
    parameters: z.object({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional(),
  }),
]);

/** A file name safe inside a multipart header: no quotes, slashes or control characters. */
function safeFilename(name: string): string {
  const cleaned = name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 100);
  return cleaned.length > 0 ? cleaned : 'file';
}

export function botApiDocumentUpload(config: { botToken: string; apiRoot: string }, opts: { timeoutMs?: number } = {}): DocumentUpload {
  const url = new URL(`./bot${config.botToken}/sendDocument`, config.apiRoot);
  return async (chatId, file) => {
    const form = new FormData();
    form.append('chat_id', String(chatId));
    form.append('document', new Blob([file.body], { type: file.mime }), safeFilename(file.filename));
    const res = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(opts.timeoutMs ?? UPLOAD_TIMEOUT_MS) });
    if (res.status >= 500) throw new TelegramError({ error_code: res.status, description: res.statusText });
    let parsed: z.infer<typeof answer>;
    try {
      parsed = answer.parse(await res.json());
    } catch {
      // A proxy's HTML page or a truncated body: nothing Telegram said; worth another try.
      throw new TelegramError({ error_code: 502, description: 'unreadable Bot API answer' });
    }
    if (parsed.ok) return { message_id: parsed.result.message_id };
    const { error_code, description, parameters } = parsed;
    throw new TelegramError({ error_code, description, ...(parameters ? { parameters } : {}) }, { method: 'sendDocument' });
  };
}
