/**
 * Words, numbers and the few punctuation marks that matter in addresses, with their offsets in
 * the original text, for the entity extractors (address.ts). Each token also carries its
 * matching form (normalize.ts: lower case, no accents, Arabic spelling variants folded, digits
 * as ASCII), so "Avenida", "avenida" and "AVENIDA" compare equal and "١٢" reads as 12.
 *
 * Bounded: only the first MAX_CHARS characters are read, so a 20,000-character message costs
 * what a paragraph does. The token pattern is three simple alternatives (linear; checked by
 * test/lint/redos.test.ts).
 */
import { westernDigits } from '../digits';
import { normalize } from '../normalize';

/** An address is named early in a message; a longer text is read up to here. */
export const MAX_CHARS = 1000;

export interface Token {
  /** As typed. */
  text: string;
  /** For matching: normalised, digits as ASCII. May be '' (a lone article). */
  norm: string;
  start: number;
  end: number;
  /** `number`: digits, maybe with a letter ("12b"); `ordinal`: "45th", "3rd", "1er", "2º". */
  kind: 'word' | 'number' | 'ordinal' | 'punct';
}

const TOKEN = /\p{Nd}+\p{L}*|[\p{L}\p{M}]+|[,;&/]/gu;
const ORDINAL_SUFFIX = /^\d+(?:st|nd|rd|th|er|re|e|eme|o|a|º|ª)$/;
const HOUSE_NUMBER = /^\d{1,5}[a-z]?$/;

/** The tokens of the head of `text`, in order. */
export function tokenize(text: string): Token[] {
  const head = text.slice(0, MAX_CHARS);
  const out: Token[] = [];
  for (const m of head.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    if (/^[,;&/]$/.test(raw)) {
      out.push({ text: raw, norm: raw, start, end, kind: 'punct' });
      continue;
    }
    const ascii = westernDigits(raw);
    if (/^\d/.test(ascii)) {
      const lower = ascii.toLowerCase();
      const kind = HOUSE_NUMBER.test(lower) ? 'number' : ORDINAL_SUFFIX.test(lower) ? 'ordinal' : 'word';
      out.push({ text: raw, norm: lower, start, end, kind });
      continue;
    }
    out.push({ text: raw, norm: normalize(raw), start, end, kind: 'word' });
  }
  return out;
}

/** The original text from the start of token `from` to the end of token `to` (inclusive). */
export function span(text: string, tokens: readonly Token[], from: number, to: number): { text: string; start: number; end: number } {
  const start = tokens[from]?.start ?? 0;
  const end = tokens[to]?.end ?? start;
  return { text: text.slice(start, end), start, end };
}
