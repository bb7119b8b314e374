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

/** Creates the process logger; tests pass a destination stream to capture every line. */
export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  const options = {
    level: opts.level ?? 'info',
    base: { service: 'wegov' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
