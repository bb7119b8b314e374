import { z } from 'zod';

/** Run a check even when other parts of the same value failed, so every problem is reported. */
export const always = { when: () => true };

/** Ids are used in deep links and logs: lowercase letters, digits, `-` and `_`, at most 40. */
export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 lowercase letters, digits, - or _, starting with a letter or digit');

/** Open311 ids are strings; a YAML number is accepted and turned into its text. */
export const code = z.union([z.string().regex(/\S/, 'must not be blank'), z.number()], { error: 'expected text' }).transform(String);

/** The name of an environment variable that holds a secret (never the secret itself). */
export const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name like OPEN311_API_KEY');

/** https, or plain http to this machine (for local testing): secrets and personal data travel here. */
export const secureUrl = z.string().refine(isSecureUrl, 'must be an https:// URL (http:// only for localhost)');

/** A number to dial: digits, spaces, dashes and an optional leading +. */
export const phoneNumber = code.pipe(z.string().regex(/^\+?[0-9][0-9 -]*$/, 'must be a phone number like 911, 112 or +1 555 0100'));

/** An IANA time zone this Node.js knows. */
export const timeZone = z.string().refine(isTimeZone, {
  error: (issue) => `unknown time zone '${String(issue.input)}' (use an IANA name such as America/Chicago)`,
});

/** The value as a plain mapping, or undefined (for checks that read unvalidated input). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Whether this Node.js knows the IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

function isSecureUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && local);
}
