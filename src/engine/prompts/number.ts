import { westernDigits } from '../../nlu/digits';
import type { Input } from '../input';
import { t } from '../text';
import { NUMBER_MAX } from './answer-length';
import { answer, invalid, type Recognition } from './recognition';

/** Re-exported: callers that read digits from a prompt's answer import it from here. */
export { westernDigits };

export interface NumberRules {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** A number typed with a dot or a comma as decimal separator ("2", "2.5", "2,5"). */
export function recognizeNumber(input: Input, rules: NumberRules): Recognition {
  const typed = input.kind === 'text' ? input.text.trim() : '';
  if (typed.length === 0 || typed.length > NUMBER_MAX) return invalid('number_expected', [t('errors.number_expected')]);
  const text = westernDigits(typed.replace(/\s/g, ''));
  if (!/^[-+]?\d{1,12}([.,]\d{1,6})?$/.test(text)) return invalid('number_expected', [t('errors.number_expected')]);
  const value = Number(text.replace(',', '.'));
  if (rules.integer && !Number.isInteger(value)) return invalid('number_not_integer', [t('errors.number_not_integer')]);
  if (rules.min !== undefined && value < rules.min) {
    return invalid('number_too_small', [t('errors.number_too_small', { min: rules.min })]);
  }
  if (rules.max !== undefined && value > rules.max) {
    return invalid('number_too_large', [t('errors.number_too_large', { max: rules.max })]);
  }
  return answer(value);
}
