/**
 * Outgoing Telegram messages: splitting, throttling, retries and the "person is unreachable"
 * signal, in one place so the rest of the adapter only says "send this to that chat".
 *
 * - Plain text, NO parse_mode. Everything WeGov sends is plain text built from locale strings
 *   and user-supplied values (a report description, a street name, an agency's status note).
 *   Without a parse mode Telegram interprets no markup at all, so nobody can inject bold text,
 *   a disguised link or a broken entity that makes the whole message fail with 400 "can't
 *   parse entities"; there is nothing to escape and nothing to forget to escape. Link previews
 *   are switched off (`link_preview_options.is_disabled`, Bot API 7.0, which telegraf 4.16's
 *   types carry) so a URL somebody typed never unfurls into a preview card under the city's
 *   name. Telegram still makes bare URLs tappable; that is Telegram's own auto-linking of
 *   visible text, not a hidden link.
 * - Texts over 4,096 UTF-16 code units are split at paragraph boundaries (split-text.ts); the
 *   reply markup (keyboard) goes on the LAST part only, so the buttons sit under the question.
 * - Throttling with bottleneck (https://github.com/SGrondin/bottleneck, the widely used
 *   rate limiter for Node): one global limiter (30 messages/s, Telegram's bot-wide limit,
 *   spread evenly) and a Bottleneck.Group with one limiter per chat (about 1 message/s with a
 *   small burst, as Telegram asks). Per-chat limiters are chained to the global one, so every
 *   HTTP call passes both. Messages to one chat are delivered in the order `send` was called
 *   (a per-chat promise chain), parts of one message in order, retries keeping their place.
 * - Errors, classified by telegraf's `TelegramError.code` (the Bot API's `error_code`) and
 *   `parameters`, never by matching description text:
 *     429           wait `parameters.retry_after` seconds, retry (counts as an attempt);
 *     403           the person blocked the bot, deleted their account, or the bot left the
 *                   group: `onUnreachable(chatId)`, result `unreachable`, never retried.
 *                   (Telegram distinguishes those cases only by description; we do not need to.)
 *     400           `failed` with code `bad_request` (`chat_migrated` when Telegram sends
 *                   `parameters.migrate_to_chat_id`), not retried: resending cannot help.
 *     5xx, network  exponential backoff with jitter, up to `maxAttempts` attempts.
 * - A message may carry a document (a sign-up's calendar file): after its text is delivered,
 *   the file is fetched in-process from the modules' resolvers (`documents`, by the message's
 *   signed link) and uploaded with sendDocument (document-upload.ts), through the same limiters
 *   and retries, in the same place in the chat's order. The text always goes first and stands on
 *   its own (it carries the link too): a document that cannot be resolved or sent is logged, by
 *   reason only, and the message still counts as sent.
 * - Logs carry chat ids (as pseudonyms: src/log.ts), attempt numbers and error codes: never
 *   message text, never a document's link (its signature opens the file), never the bot token
 *   (telegraf already redacts it from network errors; we log no error messages anyway).
 */
import Bottleneck from 'bottleneck';
import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'telegraf/types';
import type { Logger } from 'pino';
import type { DocumentResolver } from '../../src/modules/documents';
import type { DocumentUpload } from './document-upload';
import { splitText } from './split-text';

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

export interface OutgoingMessage {
  /** Plain text, any length: sent without parse_mode, split at 4,096 UTF-16 code units. */
  text: string;
  /** Attached to the last part only. */
  replyMarkup?: ReplyMarkup;
  /** A file sent after the text, as a Telegram document (its signed link is in the text too). */
  document?: { url: string; filename: string; mime: string };
}

/**
 * What became of a message's document: `sent`; `unavailable` (no resolver or uploader here, or
 * the link resolved to nothing: forged, expired, cancelled); `failed` (the upload failed for
 * good, or resolving it threw).
 */
export type DocumentOutcome = 'sent' | 'unavailable' | 'failed';

export type SendResult =
  /** `document`: set when the message had one. */
  | { kind: 'sent'; messageIds: number[]; document?: DocumentOutcome }
  /** 403: blocked by the user, account deleted, bot removed from the chat. Never retried. */
  | { kind: 'unreachable' }
  /**
   * Gave up. Codes: `bad_request`, `chat_migrated` (400, not retried); `rate_limited`,
   * `server_error`, `network_error` (after maxAttempts); `unauthorized`, `not_found` (a wrong
   * or revoked bot token); `http_<n>` (another Bot API error code); `empty_text`; `stopped`
   * (the sender was stopped); `internal_error` (an unexpected exception, logged).
   * When a split message fails midway, the earlier parts have already been delivered.
   */
  | { kind: 'failed'; code: string };

export interface TelegramSenderOptions {
  /** telegraf's API client (bot.telegram). */
  telegram: Telegram;
  /** Never given message text; chat ids are fine. */
  logger: Logger;
  /** Default 1 (Telegram: about one message a second per chat; short bursts are tolerated). */
  perChatPerSecond?: number;
  /** Messages a chat may receive at once before the per-chat rate applies. Default 3. */
  perChatBurst?: number;
  /** Default 30 (Telegram's limit for a bot across all chats). */
  globalPerSecond?: number;
  /** Attempts per message part for network errors, 5xx and 429. Default 5. */
  maxAttempts?: number;
  /** A 429 asking for a longer wait than this is not waited out: `failed: rate_limited`. Default 300. */
  maxRetryAfterSeconds?: number;
  /** The files behind messages' document links (the modules' resolvers, src/modules/documents.ts). */
  documents?: DocumentResolver;
  /** Uploads a document (sendDocument, multipart: document-upload.ts). Unset: documents are not sent. */
  uploadDocument?: DocumentUpload;
  /** Called once per unreachable send (403); errors it throws are logged and swallowed. */
  onUnreachable?: (chatId: number | string) => void | Promise<void>;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: a number in [0, 1) for backoff jitter. */
  random?: () => number;
}

/** First backoff step and cap for network errors and 5xx. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** Longest `stop()` waits for HTTP calls in flight. */
const STOP_GRACE_MS = 10_000;

type Classified =
  | { kind: 'retry'; code: string; retryAfterMs?: number }
  | { kind: 'unreachable' }
  | { kind: 'permanent'; code: string };

/** Bot API error codes that no retry can fix. */
const PERMANENT_CODES: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 404: 'not_found' };

/** Sorts an exception from telegraf into what to do about it (by type and code only). */
export function classifySendError(error: unknown): Classified {
  if (error instanceof Bottleneck.BottleneckError) return { kind: 'permanent', code: 'stopped' };
  if (error instanceof TelegramError) {
    const code = error.code;
    if (code === 429) {
      const seconds = error.parameters?.retry_after;
      return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
        ? { kind: 'retry', code: 'rate_limited', retryAfterMs: seconds * 1000 }
        : { kind: 'retry', code: 'rate_limited' };
    }
    if (code === 403) return { kind: 'unreachable' };
    if (code === 400 && error.parameters?.migrate_to_chat_id !== undefined) return { kind: 'permanent', code: 'chat_migrated' };
    if (code >= 500) return { kind: 'retry', code: 'server_error' };
    return { kind: 'permanent', code: PERMANENT_CODES[code] ?? `http_${code}` };
  }
  if (isNetworkError(error)) return { kind: 'retry', code: 'network_error' };
  return { kind: 'permanent', code: 'internal_error' };
}

/**
 * node-fetch (which telegraf uses) rejects with a FetchError (`type: 'system'` and the
 * socket's `code` such as ECONNRESET, or `request-timeout`, or `invalid-json` for a garbled
 * body from a proxy); an aborted request is an AbortError, a timed-out one (AbortSignal.timeout)
 * a TimeoutError. Duck-typed: node-fetch is telegraf's dependency, not ours.
 */
function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'FetchError' || error.name === 'AbortError' || error.name === 'TimeoutError') return true;
  if (isSocketCode((error as { code?: unknown }).code)) return true;
  // Node's global fetch (undici, the document upload) rejects with TypeError('fetch failed') and the socket's error as its cause.
  const cause = (error as { cause?: unknown }).cause;
  return error.name === 'TypeError' && typeof cause === 'object' && cause !== null && isSocketCode((cause as { code?: unknown }).code);
}

const isSocketCode = (code: unknown): boolean => typeof code === 'string' && /^(E[A-Z0-9_]+|UND_ERR_[A-Z_]+)$/.test(code);

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class TelegramSender {
  private readonly telegram: Telegram;
  private readonly log: Logger;
  private readonly maxAttempts: number;
  private readonly maxRetryAfterMs: number;
  private readonly onUnreachable: ((chatId: number | string) => void | Promise<void>) | undefined;
  private readonly documents: DocumentResolver | undefined;
  private readonly uploadDocument: DocumentUpload | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly global: Bottleneck;
  private readonly perChat: Bottleneck.Group;
  /** The last delivery queued for each chat, so deliveries to one chat run one after another. */
  private readonly tails = new Map<string, Promise<void>>();
  private stopping: Promise<void> | undefined;

  constructor(opts: TelegramSenderOptions) {
    this.telegram = opts.telegram;
    this.log = opts.logger.child({ component: 'telegram-sender' });
    this.maxAttempts = positive(opts.maxAttempts ?? 5, 'maxAttempts');
    this.maxRetryAfterMs = positive(opts.maxRetryAfterSeconds ?? 300, 'maxRetryAfterSeconds') * 1000;
    this.onUnreachable = opts.onUnreachable;
    this.documents = opts.documents;
    this.uploadDocument = opts.uploadDocument;
    this.sleep = opts.sleep ?? realSleep;
    this.random = opts.random ?? Math.random;

    const globalPerSecond = positive(opts.globalPerSecond ?? 30, 'globalPerSecond');
    const perChatPerSecond = positive(opts.perChatPerSecond ?? 1, 'perChatPerSecond');
    const burst = Math.max(1, Math.floor(positive(opts.perChatBurst ?? 3, 'perChatBurst')));
    // Evenly spaced: never more than `globalPerSecond` calls in any one-second window.
    this.global = new Bottleneck({ minTime: Math.ceil(1000 / globalPerSecond) });
    // One call at a time per chat; a reservoir of `burst` refilled at `perChatPerSecond`.
    this.perChat = new Bottleneck.Group({
      maxConcurrent: 1,
      reservoir: burst,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: Math.ceil(1000 / perChatPerSecond),
      reservoirIncreaseMaximum: burst,
    });
    this.perChat.on('created', (limiter: Bottleneck) => {
      limiter.chain(this.global);
    });
  }

  /**
   * Sends `message` to `chatId`, split if needed. Never throws: every outcome is a SendResult.
   * Sends to one chat are delivered in call order.
   */
  send(chatId: number | string, message: OutgoingMessage): Promise<SendResult> {
    if (this.stopping) return Promise.resolve({ kind: 'failed', code: 'stopped' });
    const parts = splitText(message.text);
    if (parts.length === 0) return Promise.resolve({ kind: 'failed', code: 'empty_text' });
    const document = message.document;
    return this.inOrder(chatId, async () => {
      const sent = await this.deliver(chatId, parts, message.replyMarkup);
      if (sent.kind !== 'sent' || !document) return sent;
      return { ...sent, document: await this.deliverDocument(chatId, document.url) };
    });
  }

  /**
   * Stops sending: new and queued calls end as `failed: stopped`, retries are abandoned.
   * Resolves when the HTTP calls in flight have finished, or after STOP_GRACE_MS at most (a
   * hung connection must not hold up shutdown).
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const drain = (async () => {
        const pairs = this.perChat.limiters();
        await Promise.allSettled(pairs.map((p) => p.limiter.stop({ dropWaitingJobs: true })));
        await Promise.allSettled(pairs.map((p) => this.perChat.deleteKey(p.key)));
        await this.global.stop({ dropWaitingJobs: true }).catch(() => undefined);
      })();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
        timer.unref();
      });
      await Promise.race([drain, grace]);
      clearTimeout(timer);
    })();
    return this.stopping;
  }

  private inOrder(chatId: number | string, task: () => Promise<SendResult>): Promise<SendResult> {
    const key = String(chatId);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }

  private async deliver(chatId: number | string, parts: string[], replyMarkup: ReplyMarkup | undefined): Promise<SendResult> {
    const messageIds: number[] = [];
    for (const [index, text] of parts.entries()) {
      const last = index === parts.length - 1;
      const result = await this.sendPart(chatId, text, last ? replyMarkup : undefined);
      if (typeof result !== 'number') {
        if (index > 0) this.log.warn({ chatId, partsSent: index, parts: parts.length }, 'telegram message delivered only in part');
        return result;
      }
      messageIds.push(result);
    }
    return { kind: 'sent', messageIds };
  }

  /** One message part, with retries: its message id, or why it was not sent. */
  private sendPart(chatId: number | string, text: string, replyMarkup: ReplyMarkup | undefined): Promise<number | SendResult> {
    return this.withRetries(chatId, () =>
      this.telegram.sendMessage(chatId, text, {
        link_preview_options: { is_disabled: true },
        ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
      }),
    );
  }

  /**
   * A message's document, after its text: resolved in-process by its link, then uploaded. Never
   * throws; logs why a document did not go (a reason code, never the link).
   */
  private async deliverDocument(chatId: number | string, url: string): Promise<DocumentOutcome> {
    const upload = this.uploadDocument;
    if (!this.documents || !upload) {
      this.log.info({ chatId, reason: 'no_resolver' }, 'telegram document not sent');
      return 'unavailable';
    }
    let file: Awaited<ReturnType<DocumentResolver>>;
    try {
      file = await this.documents(url);
    } catch (error) {
      // The error's message may quote the link: its type only.
      this.log.error({ chatId, reason: 'resolve_failed', errorType: error instanceof Error ? error.name : typeof error }, 'telegram document not sent');
      return 'failed';
    }
    if (!file) {
      this.log.warn({ chatId, reason: 'unresolved' }, 'telegram document not sent');
      return 'unavailable';
    }
    const resolved = file;
    const result = await this.withRetries(chatId, () => upload(chatId, resolved));
    if (typeof result === 'number') return 'sent';
    this.log.warn({ chatId, reason: result.kind === 'failed' ? result.code : result.kind }, 'telegram document not sent');
    return 'failed';
  }

  /** One Bot API call through the chat's limiter, with retries: the sent message's id, or why it was not sent. */
  private async withRetries(chatId: number | string, call: () => Promise<{ message_id: number }>): Promise<number | SendResult> {
    for (let attempt = 1; ; attempt += 1) {
      if (this.stopping) return { kind: 'failed', code: 'stopped' };
      let outcome: Classified;
      try {
        const sent = await this.perChat.key(String(chatId)).schedule(call);
        return sent.message_id;
      } catch (error) {
        outcome = classifySendError(error);
        if (outcome.kind === 'permanent' && outcome.code === 'internal_error') {
          // Not a Bot API or network error: a bug. Log its type only (its message may quote data).
          this.log.error({ chatId, errorType: error instanceof Error ? error.name : typeof error }, 'telegram send threw unexpectedly');
        }
      }

      if (outcome.kind === 'unreachable') {
        this.log.info({ chatId, errorCode: 403 }, 'telegram chat unreachable (blocked, deactivated or removed)');
        await this.notifyUnreachable(chatId);
        return { kind: 'unreachable' };
      }
      if (outcome.kind === 'permanent') {
        if (outcome.code !== 'stopped') this.log.warn({ chatId, code: outcome.code, attempt }, 'telegram send failed');
        return { kind: 'failed', code: outcome.code };
      }
      if (attempt >= this.maxAttempts) {
        this.log.warn({ chatId, code: outcome.code, attempts: attempt }, 'telegram send gave up after retries');
        return { kind: 'failed', code: outcome.code };
      }
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > this.maxRetryAfterMs) {
        this.log.warn({ chatId, code: outcome.code, retryAfterMs: outcome.retryAfterMs }, 'telegram asked to wait longer than allowed');
        return { kind: 'failed', code: outcome.code };
      }
      const waitMs = outcome.retryAfterMs ?? this.backoff(attempt);
      this.log.warn({ chatId, code: outcome.code, attempt, waitMs }, 'telegram send will be retried');
      await this.sleep(waitMs);
    }
  }

  /** Exponential backoff with "equal jitter": between half and all of base * 2^(attempt-1), capped. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private async notifyUnreachable(chatId: number | string): Promise<void> {
    if (!this.onUnreachable) return;
    try {
      await this.onUnreachable(chatId);
    } catch (error) {
      this.log.error({ chatId, errorType: error instanceof Error ? error.name : typeof error }, 'onUnreachable callback failed');
    }
  }
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
  return value;
}
