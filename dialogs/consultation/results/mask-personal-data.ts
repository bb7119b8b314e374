/**
 * Personal data masked in free-text examples shown with consultation results (issue 12):
 * email addresses become "[email]", phone numbers "[phone]", and long digit runs (6 or more
 * digits: customer ids, card numbers) "[number]". People write these into answers ("call me
 * on 555-201-7788") although nobody asked for them.
 *
 * Patterns, not libphonenumber-js: findPhoneNumbersInText needs a default country to see a
 * national number ("55 1234 5678") and would miss most of them; masking errs on the safe side,
 * so any run of 7 to 15 digits in groups (spaces, dots, dashes, brackets, an optional +country
 * code) counts as a phone number, whatever the country. A date written "30.11.2026" is masked
 * too: a false positive hides a date, a false negative would show a phone number.
 *
 * Every pattern starts only where a run starts (a lookbehind), so none rescans a long run from
 * each of its characters: all are linear, as test/lint/redos.test.ts checks.
 */

/** An address: local part, @, a domain with at least one dot. Any script (IDN mailboxes). */
const EMAIL = /(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+/gu;

/**
 * Digit groups joined by single separators, with an optional "+33 " and "(312) " in front:
 * "+1 (312) 555-0148", "55 1234 5678", "612.345.678". Any decimal digits (Arabic-Indic too).
 */
const DIGIT_GROUPS = /(?<![\p{Nd}+])(?:\+\p{Nd}{1,3}[ .\-]?)?(?:\(\p{Nd}{1,4}\)[ .\-]?)?\p{Nd}{1,4}(?:[ .\-]\p{Nd}{1,4}){1,5}(?!\p{Nd})/gu;

/** Six digits or more in a row: an id, an account or card number, an unformatted phone. */
const LONG_DIGITS = /(?<!\p{Nd})\p{Nd}{6,}/gu;

const DIGIT = /\p{Nd}/gu;

/** Shortest and longest phone numbers counted in digits (E.164 allows 15). */
const PHONE_MIN_DIGITS = 7;
const PHONE_MAX_DIGITS = 15;

function maskDigitGroups(match: string): string {
  const digits = match.match(DIGIT)?.length ?? 0;
  if (digits > PHONE_MAX_DIGITS) return '[number]'; // "4417 1234 5678 9113": a card number
  if (digits >= PHONE_MIN_DIGITS) return '[phone]';
  return match; // "3 4 5", "12-14": not personal
}

/** `text` with emails, phone numbers and long digit runs replaced by placeholders. */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, '[email]').replace(DIGIT_GROUPS, maskDigitGroups).replace(LONG_DIGITS, '[number]');
}

/**
 * `text` without email addresses (replaced by a space), before it is cut into words: the parts
 * of an address ("martinez", "gmail") must never become a theme's words. Digits never do.
 */
export function withoutEmails(text: string): string {
  return text.replace(EMAIL, ' ');
}
