import crypto from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

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

/**
 * Fields that identify a person or hold a secret next to one, logged only as pseudonyms:
 * channel ids (`chatId`, `userId`, Slack `user`), conversation ids (`tg:<chatId>`,
 * `slack:<team>:<user>`, a web chat session id, which is bearer-adjacent: with a leaked token
 * it opens the conversation), report references (they find the conversation) and client IPs.
 * Top-level fields go through pino serializers; one level down, through the redaction below.
 */
export const PSEUDONYMOUS_FIELDS: readonly string[] = ['chatId', 'userId', 'user', 'conversationId', 'sessionId', 'reference', 'ip'];

const pseudonymous = new Set(PSEUDONYMOUS_FIELDS);

/** Redaction: a pseudonymous field keeps its pseudonym, anything else is blanked. */
function censor(value: unknown, path: string[]): unknown {
  const field = path[path.length - 1];
  return field !== undefined && pseudonymous.has(field) && value !== undefined && value !== null ? pseudonym(value) : '[redacted]';
}

/**
 * Where lines go: JSON lines (for log shippers) unless `format` asks for readable ones, or is
 * `auto` and standard output is a terminal (a person running `npm start`). Readable lines come
 * from pino-pretty, pino's own prettifier, as a synchronous stream in this process (no worker
 * thread), after redaction like every line; it is loaded only then (a server writing JSON lines
 * never loads its thirty modules).
 */
function destinationFor(format: 'auto' | 'json' | 'pretty' | undefined): DestinationStream | undefined {
  const readable = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  if (!readable) return undefined;
  const pretty = require('pino-pretty') as typeof PinoPretty;
  return pretty({ sync: true, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' });
}

/** Creates the process logger; tests pass a destination stream to capture every line. */
export function createLogger(opts: { level?: string; destination?: DestinationStream; format?: 'auto' | 'json' | 'pretty' } = {}): Logger {
  const options = {
    level: opts.level ?? 'info',
    base: { service: 'wegov' },
    redact: { paths: [...REDACT_PATHS, ...PSEUDONYMOUS_FIELDS.map((f) => `*.${f}`)], censor },
    serializers: Object.fromEntries(PSEUDONYMOUS_FIELDS.map((f) => [f, pseudonym])),
  };
  const destination = opts.destination ?? destinationFor(opts.format);
  return destination ? pino(options, destination) : pino(options);
}

/** Error fields safe to log: a code and a message, never payloads. */
export function errorSummary(error: unknown): { type: string; code?: string; message: string } {
  // Duck-typed: errors from another realm (jest's VM, Node internals) fail `instanceof Error`.
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    const { name, code, message } = error as { name?: unknown; code?: unknown; message: string };
    return { type: typeof name === 'string' ? name : 'Error', ...(typeof code === 'string' ? { code } : {}), message };
  }
  return { type: typeof error, message: String(error) };
}
