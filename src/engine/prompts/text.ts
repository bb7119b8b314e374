import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { Input } from '../input';
import { t } from '../text';
import { answer, invalid, type Recognition } from './recognition';

const email = z.email();

export interface TextRules {
  min: number;
  max: number;
  format?: 'plain' | 'email' | 'phone';
  phoneRegion?: string;
}

/** Free text with length limits; emails and phone numbers are validated and normalised. */
export function recognizeText(input: Input, rules: TextRules): Recognition {
  if (input.kind !== 'text') return invalid('text_expected', [t('errors.text_expected')]);
  const text = input.text.trim().replace(/\r\n/g, '\n');
  const length = [...text].length;
  if (length < rules.min) return invalid('text_too_short', [t('errors.text_too_short', { min: rules.min, count: rules.min })]);
  if (length > rules.max) {
    return invalid('text_too_long', [t('errors.text_too_long', { max: rules.max, length, count: rules.max })]);
  }
  if (rules.format === 'email') {
    const candidate = text.toLowerCase();
    return email.safeParse(candidate).success ? answer(candidate) : invalid('email_invalid', [t('errors.email_invalid')]);
  }
  if (rules.format === 'phone') {
    const phone = parsePhoneNumberFromString(text, (rules.phoneRegion ?? 'US') as CountryCode);
    return phone?.isValid() ? answer(phone.number) : invalid('phone_invalid', [t('errors.phone_invalid')]);
  }
  return answer(text);
}
