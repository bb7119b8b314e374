import crypto from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear. A belt only: the main rule is that code never
 * passes message text, tokens, headers, contact details or coordinates to the logger at all.
 */
export const REDACT_PATHS: readonly string[] = [
  'token',
  'authorization',
  'text',
  'email',
  'phone',
  'name',
  'lat',
  'lon',
  'description',
  'contact',
  'location',
  'headers',
  '*.token',
  '*.authorization',
  '*.text',
  '*.email',
  '*.phone',
  '*.name',
  '*.lat',
  '*.lon',
  '*.description',
  '*.contact',
  '*.location',
  '*.headers',
  'req.headers',
  'req.query',
];

/**
 * A channel's own user or chat id (a Telegram chat id is the person's Telegram id) is personal
 * data: logs carry a pseudonym instead, stable within one process (so one chat's lines can be
 * followed) and unlinkable across processes (the key is random per process).
 */
const PSEUDONYM_KEY = crypto.randomBytes(32);
export function pseudonym(id: unknown): string {
  return `p_${crypto.createHmac('sha256', PSEUDONYM_KEY).update(String(id)).digest('base64url').slice(0, 12)}`;
}

/** Creates the process logger; tests pass a destination stream to capture every line. */
export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  const options = {
    level: opts.level ?? 'info',
    base: { service: 'wegov' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    serializers: { chatId: pseudonym, userId: pseudonym },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
