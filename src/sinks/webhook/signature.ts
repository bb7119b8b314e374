import crypto from 'node:crypto';

/** Header names (lower case, as Node exposes them). */
export const TIMESTAMP_HEADER = 'x-wegov-timestamp';
export const SIGNATURE_HEADER = 'x-wegov-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SIGNATURE_FORMAT = /^v1=([0-9a-f]{64})$/;
const TIMESTAMP_FORMAT = /^[0-9]{1,12}$/;

function hmac(secret: string, timestamp: number | string, body: string | Buffer): Buffer {
  const mac = crypto.createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return mac.digest();
}

/** `v1=` + hex HMAC-SHA256(secret, `${timestamp}.${body}`); `timestamp` in unix seconds. */
export function sign(secret: string, timestamp: number, body: string | Buffer): string {
  return `v1=${hmac(secret, timestamp, body).toString('hex')}`;
}

export type VerifyFailure = 'missing_header' | 'bad_format' | 'stale_timestamp' | 'bad_signature';
export type VerifyResult = { ok: true; timestamp: number } | { ok: false; code: VerifyFailure };

/** Node's IncomingHttpHeaders, a plain record, or a fetch `Headers`. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a delivery as an agency would: both headers present and well-formed, the timestamp
 * within `toleranceSeconds` of `now` (either direction), and the signature matching the raw body
 * (compared in constant time). `body` must be the exact bytes received, before any JSON parsing.
 */
export function verify(
  secret: string,
  headers: HeaderSource,
  body: string | Buffer,
  now: Date,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  const timestampText = header(headers, TIMESTAMP_HEADER)?.trim();
  const signatureText = header(headers, SIGNATURE_HEADER)?.trim();
  if (!timestampText || !signatureText) return { ok: false, code: 'missing_header' };
  const match = SIGNATURE_FORMAT.exec(signatureText.toLowerCase());
  if (!TIMESTAMP_FORMAT.test(timestampText) || !match?.[1]) return { ok: false, code: 'bad_format' };
  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, code: 'stale_timestamp' };
  const expected = hmac(secret, timestampText, body);
  const given = Buffer.from(match[1], 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return { ok: false, code: 'bad_signature' };
  }
  return { ok: true, timestamp };
}
