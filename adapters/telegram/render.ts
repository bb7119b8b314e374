/**
 * Engine messages (StoredMessage) as Telegram messages: choices become an inline keyboard, a
 * location question gets a reply keyboard with a "share location" button, a photo question
 * says how to attach one, a message's document (a calendar file) goes along for the sender to
 * upload after the text. Plain text always (the sender uses no parse_mode), so nothing a
 * person typed can turn into formatting or a hidden link.
 */
import type { InlineKeyboardButton, KeyboardButton } from 'telegraf/types';
import type { Renderer } from '../../src/runtime/deps';
import type { StoredMessage } from '../../src/state/types';
import { questionOf } from '../../src/runtime/question-version';
import { encodeChoice } from './callback-data';
import type { OutgoingMessage } from './sender';

/** Labels up to this many characters share a row, two by two. */
export const SHORT_LABEL_CHARS = 20;

/** The adapter's own texts (locales/*.json, `telegram` section). */
export const TG_TEXT = {
  shareLocation: 'telegram.share_location',
  photoHint: 'telegram.photo_hint',
  unsupported: 'telegram.unsupported',
  error: 'telegram.error',
  busy: 'telegram.busy',
  closed: 'telegram.closed',
  groupInvite: 'telegram.group_invite',
  groupButton: 'telegram.group_button',
} as const;

export function text(i18n: Renderer, key: string, locale: string): string {
  return i18n.renderText([{ key }], locale);
}

/** Labels up to this many characters (a rating's numbers) share a row, up to TINY_PER_ROW. */
export const TINY_LABEL_CHARS = 3;
const TINY_PER_ROW = 6;

/**
 * Inline keyboard rows: a run of tiny labels (a 1-5 scale) on one row (a 0-10 scale on two),
 * consecutive short labels two to a row, long ones alone.
 */
export function keyboardRows(choices: readonly { id: string; label: string }[], question: number): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  let pending: InlineKeyboardButton | null = null;
  let tiny: InlineKeyboardButton[] = [];
  const flushTiny = (): void => {
    const perRow = Math.ceil(tiny.length / Math.ceil(tiny.length / TINY_PER_ROW));
    for (let i = 0; i < tiny.length; i += perRow) rows.push(tiny.slice(i, i + perRow));
    tiny = [];
  };
  for (const [index, c] of choices.entries()) {
    const button: InlineKeyboardButton = { text: c.label, callback_data: encodeChoice(c.id, question) };
    const isTiny = [...c.label].length <= TINY_LABEL_CHARS;
    const next = choices[index + 1];
    // Tiny labels pack together only in a run of at least three (a scale), not a lone "No".
    if (isTiny && (tiny.length > 0 || (next !== undefined && [...next.label].length <= TINY_LABEL_CHARS && [...(choices[index + 2]?.label ?? 'long label')].length <= TINY_LABEL_CHARS))) {
      if (pending) rows.push([pending]);
      pending = null;
      tiny.push(button);
      continue;
    }
    if (tiny.length > 0) flushTiny();
    if ([...c.label].length > SHORT_LABEL_CHARS) {
      if (pending) rows.push([pending]);
      pending = null;
      rows.push([button]);
    } else if (pending) {
      rows.push([pending, button]);
      pending = null;
    } else {
      pending = button;
    }
  }
  if (tiny.length > 0) flushTiny();
  if (pending) rows.push([pending]);
  return rows;
}

/**
 * One engine message as a Telegram message. A message without buttons carries
 * `remove_keyboard`, so a location keyboard shown earlier disappears with the next plain
 * message (Telegram allows one kind of reply_markup per message).
 */
export function toTelegram(m: StoredMessage, i18n: Renderer): OutgoingMessage {
  const out = withoutDocument(m, i18n);
  return m.document ? { ...out, document: m.document } : out;
}

function withoutDocument(m: StoredMessage, i18n: Renderer): OutgoingMessage {
  const locale = m.lang;
  if (m.expects === 'location') {
    const share: KeyboardButton = { text: text(i18n, TG_TEXT.shareLocation, locale), request_location: true };
    const rows: KeyboardButton[][] = [[share]];
    // Other answers the question offers (e.g. Skip) go on the same keyboard as plain text buttons:
    // the engine matches typed labels, so pressing one sends the label as text.
    for (const c of m.choices ?? []) rows.push([{ text: c.label }]);
    return { text: m.text, replyMarkup: { keyboard: rows, resize_keyboard: true, one_time_keyboard: true } };
  }
  const body = m.expects === 'photo' ? `${m.text}\n\n${text(i18n, TG_TEXT.photoHint, locale)}` : m.text;
  if (m.choices && m.choices.length > 0) return { text: body, replyMarkup: { inline_keyboard: keyboardRows(m.choices, questionOf(m)) } };
  return { text: body, replyMarkup: { remove_keyboard: true } };
}
