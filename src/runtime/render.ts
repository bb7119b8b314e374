import type { EngineEvent } from '../engine/events';
import type { Text } from '../engine/text';
import { messageId, type StoredMessage } from '../state/types';
import type { Renderer } from './deps';

/** The transcript lines one turn adds: the person's echo first, then the bot's messages. */
export interface RenderedTurn {
  /** Everything, in order, for history and live subscribers. */
  all: StoredMessage[];
  /** Only the bot's messages: the reply to the request. */
  bot: StoredMessage[];
}

/**
 * Renders one turn's output in `locale`, with ids `messageId(version, i)` so every message of a
 * conversation has a unique, increasing id (SSE `Last-Event-ID` relies on it).
 */
export function renderTurn(
  i18n: Renderer,
  turn: { echo?: Text[]; events: readonly EngineEvent[] },
  opts: { version: number; locale: string; createdAt: string },
): RenderedTurn {
  const all: StoredMessage[] = [];
  const bot: StoredMessage[] = [];
  const base = { lang: opts.locale, createdAt: opts.createdAt };
  if (turn.echo && turn.echo.length > 0) {
    all.push({
      id: messageId(opts.version, all.length),
      from: 'user',
      text: i18n.renderText(turn.echo, opts.locale),
      expects: 'none',
      ...base,
    });
  }
  for (const event of turn.events) {
    if (event.type !== 'message_sent') continue;
    const r = i18n.renderMessage(event.message, opts.locale);
    const m: StoredMessage = {
      id: messageId(opts.version, all.length),
      from: 'bot',
      text: r.text,
      ...(r.choices && r.choices.length > 0 ? { choices: r.choices } : {}),
      expects: r.expects,
      ...(r.multiple ? { multiple: true } : {}),
      ...base,
    };
    all.push(m);
    bot.push(m);
  }
  return { all, bot };
}
