import type { Env } from '../env';
import type { Input } from '../input';
import { t } from '../text';
import { says } from '../vocabulary';
import { answer, invalid, type Recognition } from './recognition';

export const YES = 'yes';
export const NO = 'no';

/** Yes or no, as a button or typed in any shipped language. */
export function recognizeYesNo(input: Input, env: Env): Recognition {
  if (input.kind === 'choice' && (input.choiceId === YES || input.choiceId === NO)) return answer(input.choiceId === YES);
  if (input.kind === 'text') {
    if (says(env, input.text, 'yes') || input.text.trim() === '1') return answer(true);
    if (says(env, input.text, 'no') || input.text.trim() === '2') return answer(false);
  }
  return invalid('yes_no_expected', [t('errors.yes_no_expected')]);
}
