/**
 * One Telegram Update -> what the adapter should do with it. Pure: no I/O, no decisions about
 * the dialog (the engine makes those); only "which input is this" and "is this for us".
 *
 * - Private chats: text, commands, `/start <payload>` deep links, button presses, locations and
 *   photos become engine inputs; other media (stickers, voice, documents, ...) get a polite
 *   "I can't use that here"; an edited message gets a note that edits are not picked up (an
 *   edit is not a new answer: applying it to whatever question is open now could file the
 *   corrected text under the wrong question).
 * - Groups: only a command addressed to the bot (`/cmd@BotName`) or a reply to the bot is
 *   answered, always with an invitation to a private chat: personal data never goes to a group.
 * - `my_chat_member`: a person blocking (`kicked`) or unblocking (`member`) the bot.
 * - Anything else: ignored (answered 200 so Telegram does not redeliver it).
 */
import type { CommandName, Input } from '../../src/engine/input';
import { decodeCallback } from './callback-data';
import type { TgMessage, TgPhotoSize, TgUpdate } from './update-schema';

/** Longest text handed to the engine; Telegram itself caps messages at 4,096 characters. */
export const MAX_TEXT_CHARS = 20_000;

export type ChatId = number;

export type UpdateAction =
  | { kind: 'ignore'; reason: string }
  | {
      kind: 'turn';
      chatId: ChatId;
      input: Input;
      localeHint: string | undefined;
      /** Set for a button press: answered, and its message's keyboard removed. */
      /** A button press: `question` is the turn version of the message whose keyboard it was on. */
      callback?: { id: string; messageId: number | undefined; question: number };
      /** A hashed callback_data to resolve against the transcript before the turn. */
      hashedChoice?: string;
      /** A photo to remember (the Telegram file behind `input.mediaId`). */
      photo?: TgPhotoSize;
      /** The sender as a person (`tg-user:<from.id>`): the same in every chat, unlike the chat id. */
      person?: string;
    }
  | { kind: 'notice'; chatId: ChatId; localeHint: string | undefined; key: 'unsupported' | 'edited' }
  | { kind: 'group_invite'; chatId: ChatId; localeHint: string | undefined; replyTo: number }
  | { kind: 'reachability'; chatId: ChatId; reachable: boolean }
  /** A button press we cannot use (a group, a foreign message): only answered. */
  | { kind: 'answer_callback'; callbackId: string };

const COMMANDS: Readonly<Record<string, CommandName>> = {
  menu: 'menu',
  help: 'help',
  cancel: 'cancel',
  language: 'language',
  forget: 'forget',
  mydata: 'my_data',
  back: 'back',
};

/** Message kinds we cannot take (a non-exhaustive list of Telegram's media fields). */
const UNSUPPORTED_FIELDS = ['sticker', 'voice', 'video', 'video_note', 'audio', 'document', 'animation', 'contact', 'poll', 'dice', 'game'];

export interface MapContext {
  /** The bot's @username without the @ (from getMe), for group addressing; unknown: groups are ignored. */
  botUsername: string | undefined;
  /** Photos larger than this are passed with their size, so the engine declines them. */
  photoMaxBytes: number;
  /** Media id for a Telegram photo. */
  mediaIdOf(photo: TgPhotoSize): string;
}

/** A `/command[@bot] [args]` at the start of a text. */
export function parseCommand(text: string): { name: string; bot: string | undefined; args: string } | null {
  const m = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m?.[1]) return null;
  return { name: m[1].toLowerCase(), bot: m[2], args: (m[3] ?? '').trim() };
}

export function mapUpdate(update: TgUpdate, ctx: MapContext): UpdateAction {
  if (update.message) return mapMessage(update.message, ctx);
  if (update.edited_message) {
    const m = update.edited_message;
    if (m.chat.type !== 'private') return { kind: 'ignore', reason: 'edited_group_message' };
    return { kind: 'notice', chatId: m.chat.id, localeHint: m.from?.language_code, key: 'edited' };
  }
  if (update.callback_query) {
    const q = update.callback_query;
    const chat = q.message?.chat;
    if (!chat || chat.type !== 'private') return { kind: 'answer_callback', callbackId: q.id };
    const decoded = decodeCallback(q.data);
    if (decoded.kind === 'foreign') return { kind: 'answer_callback', callbackId: q.id };
    const callback = { id: q.id, messageId: q.message?.message_id, question: decoded.question };
    const base = { kind: 'turn' as const, chatId: chat.id, localeHint: q.from.language_code, callback, person: personOf(q.from) };
    return decoded.kind === 'choice'
      ? { ...base, input: { kind: 'choice', choiceId: decoded.choiceId } }
      : { ...base, input: { kind: 'choice', choiceId: `#${decoded.hash}` }, hashedChoice: decoded.hash };
  }
  if (update.my_chat_member) {
    const m = update.my_chat_member;
    if (m.chat.type !== 'private') return { kind: 'ignore', reason: 'group_membership' };
    const status = m.new_chat_member.status;
    if (status === 'kicked') return { kind: 'reachability', chatId: m.chat.id, reachable: false };
    if (status === 'member') return { kind: 'reachability', chatId: m.chat.id, reachable: true };
    return { kind: 'ignore', reason: 'membership_status' };
  }
  return { kind: 'ignore', reason: 'update_kind' };
}

function mapMessage(m: TgMessage, ctx: MapContext): UpdateAction {
  const chatId = m.chat.id;
  const localeHint = m.from?.language_code;
  if (m.from?.is_bot) return { kind: 'ignore', reason: 'from_bot' };
  if (m.chat.type === 'channel') return { kind: 'ignore', reason: 'channel' };
  if (m.chat.type !== 'private') return mapGroupMessage(m, ctx);

  const person = personOf(m.from);
  const turn = (input: Input, extra: { photo?: TgPhotoSize } = {}): UpdateAction => ({ kind: 'turn', chatId, input, localeHint, ...(person ? { person } : {}), ...extra });
  if (m.text !== undefined) {
    if (m.text.length > MAX_TEXT_CHARS) return { kind: 'ignore', reason: 'oversized_text' };
    const command = parseCommand(m.text);
    if (command && (command.bot === undefined || command.bot.toLowerCase() === ctx.botUsername?.toLowerCase())) {
      if (command.name === 'start') return turn(command.args ? { kind: 'start', payload: command.args.slice(0, 64) } : { kind: 'start' });
      if (command.name === 'report') return turn({ kind: 'start', payload: 'report' });
      const name = COMMANDS[command.name];
      if (name) return turn({ kind: 'command', command: name });
    }
    return turn({ kind: 'text', text: m.text });
  }
  if (m.location) return turn({ kind: 'location', lat: m.location.latitude, lon: m.location.longitude });
  if (m.photo && m.photo.length > 0) {
    const photo = pickLargest(m.photo, ctx.photoMaxBytes);
    if (photo) {
      return turn({ kind: 'photo', mediaId: ctx.mediaIdOf(photo), contentType: 'image/jpeg', bytes: photo.file_size ?? 0 }, { photo });
    }
  }
  if (UNSUPPORTED_FIELDS.some((f) => f in m)) return { kind: 'notice', chatId, localeHint, key: 'unsupported' };
  return { kind: 'ignore', reason: 'service_message' };
}

function mapGroupMessage(m: TgMessage, ctx: MapContext): UpdateAction {
  if (ctx.botUsername === undefined) return { kind: 'ignore', reason: 'bot_username_unknown' };
  const bot = ctx.botUsername.toLowerCase();
  const command = m.text !== undefined ? parseCommand(m.text) : null;
  const addressed = command !== null && command.bot?.toLowerCase() === bot;
  const replyToBot = m.reply_to_message?.from?.is_bot === true && m.reply_to_message.from.username?.toLowerCase() === bot;
  if (!addressed && !replyToBot) return { kind: 'ignore', reason: 'group_chatter' };
  return { kind: 'group_invite', chatId: m.chat.id, localeHint: m.from?.language_code, replyTo: m.message_id };
}

/** The person behind an update (a user's id is stable across chats; absent for anonymous senders). */
function personOf(from: { id: number } | undefined): string | undefined {
  return from ? `tg-user:${from.id}` : undefined;
}

/** The largest size within the limit (Telegram sends several), else the largest one. */
function pickLargest(sizes: readonly TgPhotoSize[], maxBytes: number): TgPhotoSize | undefined {
  const area = (p: TgPhotoSize): number => (p.width ?? 0) * (p.height ?? 0) || (p.file_size ?? 0);
  const sorted = [...sizes].sort((a, b) => area(b) - area(a));
  return sorted.find((p) => p.file_size === undefined || p.file_size <= maxBytes) ?? sorted[0];
}
