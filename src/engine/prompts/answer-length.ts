/**
 * How much typed text each kind of question reads (issue 9). A button label, a number, a date
 * or a pair of coordinates is short; matching a 20,000-character message against them costs
 * CPU for nothing, and every turn runs on the shared event loop. Each recogniser looks at a
 * bounded head of the text (for choices, where a category can be named early in a long
 * sentence) or refuses an over-long answer politely (numbers, dates), before any matching.
 */

/** A choice (a menu, a category): keyword matching reads this many characters from the start. */
export const CHOICE_HEAD = 1000;
/** A multi-select answer ("1, 3, 4") names at most this many options. */
export const MAX_PICKS_TYPED = 50;
/** The typed text of an "Other" answer (a few words, like an option's label, not an essay). */
export const OTHER_MAX = 200;
/** "-12345678.5" with room for spaces; anything longer is not a number. */
export const NUMBER_MAX = 64;
/** "el martes pasado por la tarde, a eso de las nueve y media": longer texts are refused. */
export const DATETIME_MAX = 100;
/** "30.267153, -97.743057" with room for spaces; longer texts are read as an address. */
export const COORDINATES_MAX = 64;

/** The first `max` UTF-16 units of `text`, never ending in half of a surrogate pair. */
export function head(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.charCodeAt(max - 1);
  return text.slice(0, cut >= 0xd800 && cut <= 0xdbff ? max - 1 : max);
}
