/**
 * Inline-button `callback_data` (Telegram allows 1-64 bytes). A choice id that fits is sent as
 * is, after a `=`; a longer one is sent as `#` + a short hash of the id and resolved, when the
 * button is pressed, against the conversation's recent transcript (the choices the bot
 * offered). The prefixes keep the two forms apart whatever a choice id looks like.
 */
import crypto from 'node:crypto';
import type { StoredMessage } from '../../src/state/types';

/** Telegram's limit for callback_data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

const DIRECT = '=';
const HASHED = '#';

/** The callback_data for a choice id. */
export function encodeChoice(choiceId: string): string {
  const direct = `${DIRECT}${choiceId}`;
  if (Buffer.byteLength(direct, 'utf8') <= CALLBACK_DATA_MAX_BYTES) return direct;
  return `${HASHED}${choiceHash(choiceId)}`;
}

/** 16 base64url characters of sha256: 96 bits, plenty among one conversation's choices. */
export function choiceHash(choiceId: string): string {
  return crypto.createHash('sha256').update(choiceId, 'utf8').digest('base64url').slice(0, 16);
}

/** What a pressed button's data says: a choice id, a hash to look up, or nothing we sent. */
export type DecodedCallback = { kind: 'choice'; choiceId: string } | { kind: 'hashed'; hash: string } | { kind: 'foreign' };

export function decodeCallback(data: string | undefined): DecodedCallback {
  if (data === undefined || data.length < 2) return { kind: 'foreign' };
  if (data.startsWith(DIRECT)) return { kind: 'choice', choiceId: data.slice(DIRECT.length) };
  if (data.startsWith(HASHED)) return { kind: 'hashed', hash: data.slice(HASHED.length) };
  return { kind: 'foreign' };
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
