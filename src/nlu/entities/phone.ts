/**
 * Phone numbers in free text ("call me on (512) 555-0147 after six"), found and validated by
 * libphonenumber-js (the library the phone question uses) in the jurisdiction's region, so a
 * local number needs no country code. The value is E.164 (+15125550147), as stored.
 */
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { westernDigits } from '../digits';

export interface PhoneEntity {
  text: string;
  start: number;
  end: number;
  /** E.164. */
  value: string;
}

/**
 * A phone number is written early; a longer text is read up to here. libphonenumber's scan costs
 * about 0.1 ms a character on digit-and-separator runs ("12:12:12:..."): at 2,000 an idle
 * `npm run bench` measured a 49 ms turn (goal 50 ms), at 500 it is a quarter of that.
 */
export const MAX_PHONE_CHARS = 500;

/** Every valid phone number in `text`, read in `region` (ISO 3166, e.g. US). */
export function extractPhones(text: string, region: string): PhoneEntity[] {
  // Arabic-Indic digits read as ASCII; one code unit each, so offsets hold.
  const head = westernDigits(text.slice(0, MAX_PHONE_CHARS));
  return findPhoneNumbersInText(head, { defaultCountry: region as CountryCode })
    .filter((f) => f.number.isValid())
    .map((f) => ({ text: text.slice(f.startsAt, f.endsAt), start: f.startsAt, end: f.endsAt, value: f.number.number }));
}
