/** The real app with the Telegram adapter in webhook mode, its Bot API on nock. */
import request from 'supertest';
import type { Express } from 'express';
import type { DestinationStream } from 'pino';
import { startHarness, type Harness, type StoreKind } from '../../server/harness';
import { API_ROOT, BOT_TOKEN, BOT_USERNAME, FakeBotApi } from './fake-bot-api';

export const SECRET = 'wegov-test_secret-0123456789';

/** The environment of a Telegram bot in webhook mode against the fake Bot API. */
export const TELEGRAM_TEST_ENV: Record<string, string> = {
  TELEGRAM_BOT_TOKEN: BOT_TOKEN,
  TELEGRAM_WEBHOOK_URL: 'https://wegov.example/telegram/webhook',
  TELEGRAM_WEBHOOK_SECRET: SECRET,
  TELEGRAM_API_ROOT: API_ROOT,
};

export interface TelegramHarness extends Harness {
  api: FakeBotApi;
  /** Waits the sender was asked to do (429 retry_after, backoff), in ms. */
  sleeps: number[];
}

/** `now` fixes the engine's clock (e.g. inside a consultation's open window); `logDestination` keeps the app's log; `env` adds variables. */
export async function startTelegram(kind: StoreKind = 'memory', opts: { now?: () => Date; logDestination?: DestinationStream; env?: Record<string, string> } = {}): Promise<TelegramHarness> {
  const api = new FakeBotApi();
  const sleeps: number[] = [];
  const h = await startHarness(kind, {
    env: { ...TELEGRAM_TEST_ENV, ...opts.env },
    ...(opts.logDestination ? { logDestination: opts.logDestination } : {}),
    overrides: {
      ...(opts.now ? { now: opts.now } : {}),
      telegram: {
        botUsername: BOT_USERNAME,
        start: false,
        sender: {
          perChatPerSecond: 1000,
          perChatBurst: 1000,
          globalPerSecond: 1000,
          sleep: async (ms) => {
            sleeps.push(ms);
          },
        },
      },
    },
  });
  return {
    ...h,
    api,
    sleeps,
    async close() {
      await h.close();
      api.done();
    },
  };
}

export function postUpdate(app: Express, update: unknown, secret: string | null = SECRET): request.Test {
  const req = request(app).post('/telegram/webhook').set('Content-Type', 'application/json');
  if (secret !== null) req.set('X-Telegram-Bot-Api-Secret-Token', secret);
  return req.send(JSON.stringify(update));
}

/** A message as the person sees it: from the API or from the webhook answer. */
export interface Seen {
  text: string;
  reply_markup?: {
    inline_keyboard?: { text: string; callback_data?: string; url?: string }[][];
    keyboard?: { text: string; request_location?: boolean }[][];
    remove_keyboard?: boolean;
  };
  messageId: number;
  via: 'api' | 'webhook';
}

let webhookMessageIds = 900_000;

/** Posts an update (expects 200) and returns what the chat received, in order, plus the webhook answer. */
export async function deliver(h: TelegramHarness, update: unknown): Promise<{ seen: Seen[]; answer: Record<string, unknown> }> {
  const before = h.api.calls.length;
  const res = await postUpdate(h.app, update);
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${JSON.stringify(res.body)}`);
  const seen: Seen[] = h.api.calls
    .slice(before)
    .filter((c) => c.method === 'sendMessage')
    .map((c, i) => ({ text: String(c.body.text), reply_markup: c.body.reply_markup as Seen['reply_markup'], messageId: 1000 + before + i, via: 'api' }));
  const answer = res.body as Record<string, unknown>;
  if (answer.method === 'sendMessage') {
    seen.push({ text: String(answer.text), reply_markup: answer.reply_markup as Seen['reply_markup'], messageId: webhookMessageIds++, via: 'webhook' });
  }
  return { seen, answer };
}

/** The buttons of a seen message: label -> callback_data. */
export function buttons(m: Seen | undefined): { text: string; data: string }[] {
  return (m?.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [{ text: b.text, data: b.callback_data }] : []));
}

/** The callback_data of the choice with this id (`=<question>:<id>`). */
export function dataFor(m: Seen | undefined, id: string): string {
  const found = buttons(m).find((b) => b.data.startsWith('=') && b.data.slice(b.data.indexOf(':') + 1) === id);
  if (!found) throw new Error(`no button ${id} in ${JSON.stringify(buttons(m))} of "${m?.text}"`);
  return found.data;
}
