/**
 * Splitting long texts for Telegram, whose sendMessage accepts at most 4,096 characters of
 * text (UTF-16 code units, what a JavaScript string's `length` counts). The cutting itself is
 * channel-neutral and shared with Slack: src/runtime/split-text.ts.
 */
import { splitText as splitAt } from '../../src/runtime/split-text';

/** Telegram's limit for a text message, in UTF-16 code units. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Splits `text` into Telegram messages (src/runtime/split-text.ts; `max` defaults to Telegram's limit). */
export function splitText(text: string, max: number = TELEGRAM_TEXT_LIMIT): string[] {
  return splitAt(text, max);
}
