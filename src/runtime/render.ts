/**
 * Turns one step's output into transcript lines. The person's own input is echoed back first,
 * bounded: an accepted answer is shown as accepted (trimmed, at most the longest answer any
 * question takes), an input that was refused only as a short preview ending in an ellipsis.
 * A 20,000-character message refused at a 4,000-character question is thus kept as a few
 * hundred characters, not 20,000 (issue 9, finding 3); the stores cap the rest in bytes.
 */
import { DEFAULT_LIMITS } from '../engine/env';
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

/** Characters (code points) of a refused input shown back, before the ellipsis. */
export const REFUSED_ECHO_MAX_CHARS = 280;

/** Default for `maxEchoChars`: the engine's longest accepted answer. */
export const DEFAULT_ECHO_MAX_CHARS = DEFAULT_LIMITS.descriptionMaxChars;

const ELLIPSIS = '…';

/**
 * Renders one turn's output in `locale`, with ids `messageId(version, i)` so every message of a
 * conversation has a unique, increasing id (SSE `Last-Event-ID` relies on it). `maxEchoChars`
 * is the longest answer a question accepts (engine limits `descriptionMaxChars`).
 */
export function renderTurn(
  i18n: Renderer,
  turn: { echo?: Text[]; events: readonly EngineEvent[] },
  opts: { version: number; locale: string; createdAt: string; maxEchoChars?: number },
): RenderedTurn {
  const all: StoredMessage[] = [];
  const bot: StoredMessage[] = [];
  const base = { lang: opts.locale, createdAt: opts.createdAt };
  if (turn.echo && turn.echo.length > 0) {
    const refused = turn.events.some((e) => e.type === 'input_rejected');
    const max = refused ? REFUSED_ECHO_MAX_CHARS : (opts.maxEchoChars ?? DEFAULT_ECHO_MAX_CHARS);
    all.push({
      id: messageId(opts.version, all.length),
      from: 'user',
      text: truncate(i18n.renderText(turn.echo, opts.locale).trim(), max),
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
      ...(r.control ? { control: r.control } : {}),
      ...(r.document ? { document: r.document } : {}),
      ...base,
    };
    all.push(m);
    bot.push(m);
  }
  return { all, bot };
}

/**
 * `text` if it has at most `max` code points (the engine counts answer length the same way),
 * else its first `max` code points and an ellipsis. Never splits a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text; // UTF-16 units >= code points: short enough
  let units = 0;
  let count = 0;
  for (const char of text) {
    if (count === max) return `${text.slice(0, units)}${ELLIPSIS}`;
    units += char.length;
    count += 1;
  }
  return text;
}
