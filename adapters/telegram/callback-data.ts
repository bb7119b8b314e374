/**
 * Inline-button `callback_data` (Telegram allows 1-64 bytes): `=<question>:<choice id>`, or
 * `#<question>:<hash>` when the id is too long, resolved against the conversation's recent
 * transcript when the button is pressed. `<question>` is the turn version of the message the
 * keyboard belongs to, so a button from a question that is no longer the current one (the
 * person typed the answer instead, or moved on) is recognised as closed, whatever its choice
 * id, and never taken as an answer to a later question.
 */
import crypto from 'node:crypto';
import type { StoredMessage } from '../../src/state/types';

/** Telegram's limit for callback_data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

const DIRECT = '=';
const HASHED = '#';

/** The callback_data for a choice of the question asked at turn `question`. */
export function encodeChoice(choiceId: string, question: number): string {
  const direct = `${DIRECT}${question}:${choiceId}`;
  if (Buffer.byteLength(direct, 'utf8') <= CALLBACK_DATA_MAX_BYTES) return direct;
  return `${HASHED}${question}:${choiceHash(choiceId)}`;
}

/** 16 base64url characters of sha256: 96 bits, plenty among one conversation's choices. */
export function choiceHash(choiceId: string): string {
  return crypto.createHash('sha256').update(choiceId, 'utf8').digest('base64url').slice(0, 16);
}

/** What a pressed button's data says: a choice id, a hash to look up, or nothing we sent. */
export type DecodedCallback =
  | { kind: 'choice'; choiceId: string; question: number }
  | { kind: 'hashed'; hash: string; question: number }
  | { kind: 'foreign' };

const FORM = /^([=#])(\d{1,15}):(.+)$/s;

export function decodeCallback(data: string | undefined): DecodedCallback {
  const m = FORM.exec(data ?? '');
  if (!m || !m[3]) return { kind: 'foreign' };
  const question = Number(m[2]);
  return m[1] === DIRECT ? { kind: 'choice', choiceId: m[3], question } : { kind: 'hashed', hash: m[3], question };
}

/** The choice id behind a hash among the bot's recent messages (newest first), or null. */
export function resolveHash(hash: string, history: readonly StoredMessage[]): string | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i];
    if (!m || m.from !== 'bot' || !m.choices) continue;
    const found = m.choices.find((c) => choiceHash(c.id) === hash);
    if (found) return found.id;
  }
  return null;
}
