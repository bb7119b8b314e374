/**
 * Which question a button belongs to: the turn version of the bot message that asked it. Every
 * channel with buttons (Telegram's callback_data, Slack's button values) carries it, so a button
 * of a question that is no longer the current one is recognised as closed, never taken as an
 * answer to a later question.
 */
import type { StoredMessage } from '../state/types';

/** The turn version a stored message was written in (`000000000012.001` -> 12). */
export function questionOf(message: Pick<StoredMessage, 'id'>): number {
  return Number.parseInt(message.id.split('.')[0] ?? '0', 10) || 0;
}

/** The turn version of the question being asked now: the newest bot message with choices. */
export function currentQuestion(history: readonly StoredMessage[]): number | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i];
    if (m && m.from === 'bot' && (m.expects !== 'none' || (m.choices?.length ?? 0) > 0)) return questionOf(m);
  }
  return null;
}
