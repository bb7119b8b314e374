/**
 * Harnesses for the abuse tests: the real app with the Telegram adapter (webhook mode, Bot API
 * on nock), optionally Slack too, a settable clock (no sleeping), and limits from the env. Two
 * harnesses may share one FakeBotApi (two processes, one bot).
 */
import { startHarness, type Harness, type StoreKind } from '../../server/harness';
import { API_ROOT, BOT_TOKEN, BOT_USERNAME, FakeBotApi } from './fake-bot-api';
import { buttons, dataFor, deliver, SECRET, type Seen, type TelegramHarness } from './support';
import { callbackUpdate, commandUpdate, locationUpdate, textUpdate, type Person } from './updates';

/** A clock tests move by hand: `clock.now()` is what the app reads. */
export class TestClock {
  constructor(public ms: number) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface AbuseHarness extends TelegramHarness {
  clock: TestClock;
}

export async function startAbuseTelegram(
  kind: StoreKind,
  opts: { env?: Record<string, string>; api?: FakeBotApi; clock?: TestClock } = {},
): Promise<AbuseHarness> {
  const api = opts.api ?? new FakeBotApi();
  const clock = opts.clock ?? new TestClock(Date.UTC(2030, 0, 1, 12, 0, 0));
  const h: Harness = await startHarness(kind, {
    env: {
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://wegov.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: API_ROOT,
      ...opts.env,
    },
    overrides: {
      now: clock.now,
      telegram: { botUsername: BOT_USERNAME, start: false, sender: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 1000, sleep: async () => undefined } },
      slack: { retryConfig: { retries: 0 } },
    },
  });
  return {
    ...h,
    api,
    sleeps: [],
    clock,
    async close() {
      await h.close();
      if (!opts.api) api.done();
    },
  };
}

/** A person with a fresh Telegram id. */
export const newPerson = (language_code = 'en'): Person => ({ id: 7_000_000_000 + Math.floor(Math.random() * 1e9), first_name: 'Sam', language_code });

/** Files a pothole report by buttons (no photo); returns its reference. */
export async function fileTelegramReport(h: TelegramHarness, person: Person): Promise<string> {
  let last: Seen | undefined;
  const step = async (update: unknown): Promise<Seen[]> => {
    const { seen } = await deliver(h, update);
    last = [...seen].reverse().find((m) => m.reply_markup?.inline_keyboard || m.reply_markup?.keyboard) ?? seen[seen.length - 1];
    return seen;
  };
  const press = (id: string): Promise<Seen[]> => step(callbackUpdate(person, dataFor(last, id), last!.messageId));
  await step(commandUpdate(person, '/start'));
  await press('report');
  for (let guard = 0; guard < 25; guard++) {
    const ids = buttons(last).map((b) => b.data.slice(b.data.indexOf(':') + 1));
    if (ids.includes('_submit')) break;
    if (last?.reply_markup?.keyboard) await step(locationUpdate(person, 30.271234, -97.741234));
    else if (ids.includes('_new')) await press('_new');
    else if (ids.includes('pothole')) await press('pothole');
    else if (ids.includes('streets')) await press('streets');
    else if (ids.includes('small')) await press('small');
    else if (ids.includes('anonymous')) await press('anonymous');
    else if (ids.includes('_skip')) await press('_skip');
    else if (ids.includes('yes') && ids.includes('no')) await press('no');
    else if (ids.length === 0) await step(textUpdate(person, 'Deep hole in the right lane, cars swerve around it.'));
    else throw new Error(`don't know how to answer: ${last?.text} ${JSON.stringify(ids)}`);
  }
  const submitted = await press('_submit');
  const ref = /[A-Z]{1,4}-[A-Z0-9]{6}/.exec(submitted.map((m) => m.text).join('\n'));
  if (!ref) throw new Error(`no reference in ${JSON.stringify(submitted.map((m) => m.text))}`);
  return ref[0];
}
