/**
 * "Other" on a choice question (Decidim's "free text" option, issue 11). A choice prompt with
 * `other: true` offers an `_other` choice ("Other…"); picking it asks for the text next, within
 * the same step (the frame's `scratch.other` is `true` meanwhile), and the answer records
 * `{ other: "<text>" }`: alone for a single choice, after the picked ids for a multi-select.
 *
 * A typed answer that matches no option while `other` is on is taken as the "Other" text
 * straight away, without a "Did you mean Other: ...?" round trip: the person typed their own
 * answer to a question that invites one, the echo and the review show it as "Other: <text>",
 * and "back" or the review's "change" put it right if it was a misspelt option (close
 * spellings of a label are still matched to that option first).
 */
import type { Json } from '../json';
import { t } from '../text';
import { OTHER_MAX } from './answer-length';
import { invalid, type Recognition } from './recognition';

/** The reserved choice id of "Other…". */
export const OTHER = '_other';

/** The stored shape of an "Other" answer. */
export interface OtherAnswer {
  [key: string]: Json;
  other: string;
}

/** True for an `{ other: "<text>" }` answer (or element of a multi-select answer). */
export function isOtherAnswer(value: Json | undefined): value is OtherAnswer {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.other === 'string';
}

/**
 * The "Other" text from what the person typed, spaces collapsed; or, when it is empty or longer
 * than an option's label could be, the polite refusal to return instead.
 */
export function otherText(typed: string): string | Recognition {
  const text = typed.length > OTHER_MAX * 10 ? typed : typed.trim().replace(/\s+/g, ' ');
  const length = [...text].length;
  if (length === 0) return invalid('text_expected', [t('errors.text_expected')]);
  if (length > OTHER_MAX) return invalid('other_too_long', [t('errors.text_too_long', { max: OTHER_MAX, length, count: OTHER_MAX })]);
  return text;
}
