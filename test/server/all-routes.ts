/**
 * The real app with every HTTP route that exists in production switched on: the web chat, the
 * admin API, signed agency pushes, the Telegram webhook and Slack's HTTP endpoints (both
 * adapters started without reaching their platforms). For the hostile-input tests.
 */
import type { DestinationStream } from 'pino';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/sinks/webhook/signature';
import { BOT_USERNAME, BOT_TOKEN as TELEGRAM_BOT_TOKEN } from '../adapters/telegram/fake-bot-api';
import { SECRET as TELEGRAM_SECRET } from '../adapters/telegram/support';
import { BOT_TOKEN as SLACK_BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, API_URL as SLACK_API_URL } from '../adapters/slack/support';
import { startHarness, type Harness, type StoreKind } from './harness';

export { ADMIN_TOKEN } from './harness';
export { TELEGRAM_SECRET, SIGNING_SECRET as SLACK_SIGNING_SECRET };
export const AGENCY_PUSH_SECRET = 'agency-push-secret-0123456789';

/** Starts the app with every route on; `env` adds or overrides variables. */
export function startAllRoutes(kind: StoreKind, opts: { env?: Record<string, string>; logDestination?: DestinationStream } = {}): Promise<Harness> {
  return startHarness(kind, {
    env: {
      WEGOV_AGENCY_PUSH_SECRET: AGENCY_PUSH_SECRET,
      TELEGRAM_BOT_TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://wegov.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_USER_ID: BOT_USER_ID,
      SLACK_API_URL,
      WEGOV_WORKERS: 'off',
      ...opts.env,
    },
    overrides: {
      telegram: { botUsername: BOT_USERNAME, start: false },
      slack: { start: false, retryConfig: { retries: 0 } },
    },
    ...(opts.logDestination ? { logDestination: opts.logDestination } : {}),
  });
}

/** Headers that sign `body` as an agency push (X-WeGov-Timestamp, X-WeGov-Signature). */
export function agencySignature(body: string | Buffer, now: Date = new Date()): Record<string, string> {
  const ts = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: sign(AGENCY_PUSH_SECRET, ts, body) };
}
