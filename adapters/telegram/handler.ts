/**
 * Handles one Telegram update, whichever transport brought it (webhook or long polling):
 * map -> turn -> render -> send. The last Bot API call of the update is returned instead of
 * made, so the webhook can put it in its HTTP response (Telegram executes a method given in
 * the webhook answer); polling makes it through `execute`.
 *
 * Ordering: the messages of a reply are sent through the sender one after another (awaited);
 * only the LAST call is left for the webhook answer, because Telegram runs it after our
 * response, i.e. after everything sent before it. For a button press that last call is
 * `answerCallbackQuery`; for a message, the reply's last sendMessage (when it fits in one
 * message and carries no document, which the sender uploads after the text). One Bot API
 * request saved per update.
 */
import type { Telegram } from 'telegraf';
import type { ReplyMarkup } from './sender';
import { negotiateLocale } from '../../src/engine/locale';
import type { Logger } from '../../src/log';
import { errorSummary } from '../../src/log';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { refusedRecently, screenNotice } from '../../src/runtime/sender-gate';
import { runTurn } from '../../src/runtime/turn';
import { StoreUnavailableError, type StoredMessage } from '../../src/state/types';
import { resolveHash } from './callback-data';
import { mapUpdate, type UpdateAction } from './map-update';
import { admitTelegramPhoto, telegramMediaId } from './media';
import type { Reachability } from './reachability';
import { text, TG_TEXT, toTelegram } from './render';
import type { OutgoingMessage, SendResult } from './sender';
import { TELEGRAM_TEXT_LIMIT } from './split-text';
import type { TgUpdate } from './update-schema';

/** The channel name Telegram turns carry. */
export const TELEGRAM_CHANNEL = 'telegram';

export const conversationIdOf = (chatId: number | string): string => `tg:${String(chatId)}`;
/** The Telegram chat id of a `tg:<chat id>` conversation, else null. */
export function chatIdOf(conversationId: string): number | null {
  const m = /^tg:(-?\d{1,20})$/.exec(conversationId);
  return m?.[1] !== undefined && Number.isSafeInteger(Number(m[1])) ? Number(m[1]) : null;
}

/** The dedupe id of an update: Telegram's own update_id, namespaced. */
const dedupeIdOf = (updateId: number): string => `tg:${updateId}`;

/** A Bot API call as JSON (the shape Telegram accepts in a webhook answer). */
export type BotApiCall =
  | { method: 'sendMessage'; chat_id: number | string; text: string; link_preview_options: { is_disabled: true }; reply_markup?: ReplyMarkup }
  /** `text`: a short notice Telegram shows over the chat (e.g. "that question is closed"). */
  | { method: 'answerCallbackQuery'; callback_query_id: string; text?: string };

/** What the handler needs of T2's TelegramSender. */
export interface MessageSender {
  send(chatId: number | string, message: OutgoingMessage): Promise<SendResult>;
}

export interface TelegramHandlerDeps {
  runtime: RuntimeDeps;
  telegram: Telegram;
  sender: MessageSender;
  reachability: Reachability;
  /** The bot's username (getMe), without @; undefined until known (group messages are then ignored). */
  botUsername: () => string | undefined;
  logger: Logger;
}

export class TelegramHandler {
  private readonly log: Logger;

  constructor(private readonly deps: TelegramHandlerDeps) {
    this.log = deps.logger.child({ component: 'telegram' });
  }

  /**
   * Handles one update; returns the last Bot API call for the caller to make (or put in the
   * webhook answer). Throws only StoreUnavailableError (nothing was processed: let Telegram
   * deliver the update again; dedupe makes that safe). Every other failure is logged and
   * answered with a polite error message.
   */
  async handle(update: TgUpdate): Promise<BotApiCall | null> {
    const { runtime } = this.deps;
    const action = mapUpdate(update, {
      botUsername: this.deps.botUsername(),
      photoMaxBytes: runtime.env.limits.photoMaxBytes,
      mediaIdOf: telegramMediaId,
    });
    try {
      return await this.perform(update.update_id, action);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      this.log.error({ updateId: update.update_id, action: action.kind, err: errorSummary(error) }, 'telegram update failed');
      return this.apologise(action);
    }
  }

  /** Makes a call the handler returned (polling mode, or a webhook answer that could not carry it). */
  async execute(call: BotApiCall): Promise<void> {
    if (call.method === 'answerCallbackQuery') {
      await this.deps.telegram.answerCbQuery(call.callback_query_id, call.text).catch((error: unknown) => {
        this.log.warn({ err: errorSummary(error) }, 'answerCallbackQuery failed');
      });
      return;
    }
    await this.deps.sender.send(call.chat_id, { text: call.text, ...(call.reply_markup ? { replyMarkup: call.reply_markup } : {}) });
  }

  /** Sends bot messages to a chat (proactive status updates), skipping chats known to be unreachable. */
  async push(chatId: number, messages: readonly StoredMessage[]): Promise<void> {
    if (!(await this.deps.reachability.isReachable(chatId))) {
      this.log.info({ chatId }, 'telegram chat is unreachable; update not pushed');
      return;
    }
    for (const m of messages) {
      const result = await this.deps.sender.send(chatId, toTelegram(m, this.deps.runtime.i18n));
      if (result.kind !== 'sent') break;
    }
  }

  private async perform(updateId: number, action: UpdateAction): Promise<BotApiCall | null> {
    switch (action.kind) {
      case 'ignore':
        this.log.debug({ updateId, reason: action.reason }, 'telegram update ignored');
        return null;
      case 'answer_callback':
        return { method: 'answerCallbackQuery', callback_query_id: action.callbackId };
      case 'reachability':
        await this.deps.reachability.set(action.chatId, action.reachable);
        this.log.info({ chatId: action.chatId, reachable: action.reachable }, 'telegram chat reachability changed');
        return null;
      case 'notice': {
        const screened = await screenNotice(this.deps.runtime, { conversationId: conversationIdOf(action.chatId), ...(action.localeHint !== undefined ? { localeHint: action.localeHint } : {}) });
        if (screened) return screened.messages[0] ? this.sendMessageCall(action.chatId, toTelegram(screened.messages[0], this.deps.runtime.i18n)) : null;
        const locale = await this.localeOf(action.chatId, action.localeHint);
        return this.sendMessageCall(action.chatId, { text: text(this.deps.runtime.i18n, `telegram.${action.key}`, locale) });
      }
      case 'group_invite': {
        const locale = negotiateLocale(action.localeHint, this.deps.runtime.env.locales);
        const url = `https://t.me/${this.deps.botUsername() ?? ''}?start=report`;
        return this.sendMessageCall(action.chatId, {
          text: text(this.deps.runtime.i18n, TG_TEXT.groupInvite, locale),
          replyMarkup: { inline_keyboard: [[{ text: text(this.deps.runtime.i18n, TG_TEXT.groupButton, locale), url }]] },
        });
      }
      case 'turn':
        return this.turn(updateId, action);
    }
  }

  private async turn(updateId: number, action: Extract<UpdateAction, { kind: 'turn' }>): Promise<BotApiCall | null> {
    const { runtime } = this.deps;
    const conversationId = conversationIdOf(action.chatId);
    // Fast path: refused lately (over the limit, or blocked) and already told: no work at all.
    if (refusedRecently(runtime, conversationId)) return action.callback ? { method: 'answerCallbackQuery', callback_query_id: action.callback.id } : null;
    let input = action.input;
    // Kept only when a photo is being asked for; otherwise declined and never fetched.
    if (action.photo && input.kind === 'photo') input = await admitTelegramPhoto(runtime, conversationId, input, action.photo);
    if (action.hashedChoice !== undefined) {
      // A choice id too long for callback_data (callback-data.ts) is looked up in the transcript.
      // Unresolved, the hash goes to the engine as is: it answers "that button belongs to an earlier question".
      const resolved = resolveHash(action.hashedChoice, await runtime.store.history(conversationId));
      if (resolved !== null) input = { kind: 'choice', choiceId: resolved };
    }
    const result = await runTurn(runtime, {
      conversationId,
      channel: TELEGRAM_CHANNEL,
      input,
      dedupeId: dedupeIdOf(updateId),
      ...(action.localeHint !== undefined ? { localeHint: action.localeHint } : {}),
      ...(action.person !== undefined ? { person: action.person } : {}),
      create: { channelData: { chatType: 'private' } },
      limit: true,
      // A closed question's button is answered "closed" and never reaches the dialog, even when
      // its choice id (say `yes`) would fit the current question (turn.ts `question`).
      ...(action.callback ? { question: action.callback.question } : {}),
    });
    if (result.kind === 'closed' && action.callback) {
      if (action.callback.messageId !== undefined) await this.removeKeyboard(action.chatId, action.callback.messageId);
      return { method: 'answerCallbackQuery', callback_query_id: action.callback.id, text: text(runtime.i18n, TG_TEXT.closed, result.locale) };
    }
    const answer: BotApiCall | null = action.callback ? { method: 'answerCallbackQuery', callback_query_id: action.callback.id } : null;
    if (result.kind === 'ok' && result.duplicate) {
      // Already processed (Telegram redelivered): the reply was sent then; only stop the spinner.
      this.log.info({ updateId }, 'duplicate telegram update');
      return answer;
    }
    // A refused press leaves its keyboard: the question is still open once the person may write again.
    const refused = result.kind === 'ok' && result.refused !== undefined;
    if (action.callback?.messageId !== undefined && !refused) await this.removeKeyboard(action.chatId, action.callback.messageId);
    if (result.kind !== 'ok') {
      const locale = await this.localeOf(action.chatId, action.localeHint);
      const busy = this.sendMessageCall(action.chatId, { text: text(runtime.i18n, TG_TEXT.busy, locale) });
      if (!answer) return busy;
      await this.execute(busy);
      return answer;
    }
    const outgoing = result.messages.map((m) => toTelegram(m, runtime.i18n));
    const last = outgoing.pop();
    for (const m of outgoing) {
      const sent = await this.deps.sender.send(action.chatId, m);
      if (sent.kind !== 'sent') return answer;
    }
    if (!last) return answer;
    // A document goes after its text: the webhook answer would run after it, so such a message is sent here.
    if (answer || last.text.length > TELEGRAM_TEXT_LIMIT || last.document) {
      await this.deps.sender.send(action.chatId, last);
      return answer;
    }
    return this.sendMessageCall(action.chatId, last);
  }

  /** The answered question's buttons go away, so an old button cannot be pressed by mistake. */
  private async removeKeyboard(chatId: number, messageId: number): Promise<void> {
    try {
      await this.deps.telegram.editMessageReplyMarkup(chatId, messageId, undefined, undefined);
    } catch (error) {
      // e.g. 400 "message is not modified" (already removed) or a message too old to edit.
      this.log.debug({ chatId, err: errorSummary(error) }, 'could not remove an answered keyboard');
    }
  }

  private sendMessageCall(chatId: number | string, m: OutgoingMessage): BotApiCall {
    return {
      method: 'sendMessage',
      chat_id: chatId,
      text: m.text,
      link_preview_options: { is_disabled: true },
      ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
    };
  }

  /** The conversation's language when there is one, else the Telegram hint. */
  private async localeOf(chatId: number, hint: string | undefined): Promise<string> {
    const { runtime } = this.deps;
    try {
      const loaded = await runtime.store.load(conversationIdOf(chatId));
      const locale = (loaded.conversation?.session as { locale?: unknown } | undefined)?.locale;
      if (typeof locale === 'string' && runtime.env.locales.includes(locale)) return locale;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
    }
    return negotiateLocale(hint, runtime.env.locales);
  }

  /** After an unexpected failure: a polite message in the person's language, and the spinner stopped. */
  private async apologise(action: UpdateAction): Promise<BotApiCall | null> {
    if (action.kind !== 'turn' && action.kind !== 'notice') return action.kind === 'answer_callback' ? { method: 'answerCallbackQuery', callback_query_id: action.callbackId } : null;
    const locale = negotiateLocale(action.localeHint, this.deps.runtime.env.locales);
    const sorry = this.sendMessageCall(action.chatId, { text: text(this.deps.runtime.i18n, TG_TEXT.error, locale) });
    if (action.kind === 'turn' && action.callback) {
      await this.execute(sorry).catch(() => undefined);
      return { method: 'answerCallbackQuery', callback_query_id: action.callback.id };
    }
    return sorry;
  }
}
