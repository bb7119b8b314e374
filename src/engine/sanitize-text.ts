/**
 * People's (and staff's) text made safe to store, match and show, applied where every
 * channel's text enters the core (runtime/turn.ts). Issue 9: a lone surrogate typed in an
 * address made `encodeURIComponent` throw in the Slack card, and the delivery dead-lettered
 * forever; a bidi override makes a report read backwards to staff; a zero-width space makes
 * "men\u200Bu" look like "menu" without matching it. Pure and linear in the text's length.
 *
 * - Well-formed UTF-16: a lone surrogate becomes U+FFFD (`String.prototype.toWellFormed`).
 * - Line breaks: CRLF, CR, NEL, LS and PS become "\n"; vertical tab and form feed a space.
 * - No other C0 or C1 control character (tab and newline stay).
 * - No bidi embedding, override or isolate control (U+202A–U+202E, U+2066–U+2069). The
 *   directional marks (LRM, RLM, ALM) stay: they only place neutral characters and help
 *   mixed Arabic and Latin text read right.
 * - No invisible format character: zero-width space, word joiner, BOM, soft hyphen, invisible
 *   operators, deprecated format controls, Mongolian vowel separator, annotation controls.
 * - ZWJ and ZWNJ stay where they change what is written: a ZWJ between emoji (👩‍💻, 🏳️‍🌈),
 *   either one between letters of a script that joins or forms conjuncts (Persian "می‌خواهم",
 *   Devanagari "क्‍ष"). Anywhere else they are invisible noise and go.
 * - NFC: one encoding per character, as people see it.
 */
import type { Input } from './input';

/** Lone surrogates as U+FFFD. Node >= 20 has it; the project's TypeScript lib (ES2023) does not declare it. */
export function wellFormed(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}

const LINE_BREAK = /\r\n?|[\u0085\u2028\u2029]/g;
const PAGE_BREAK = /[\u000B\u000C]/g;
const INVISIBLE =
  /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u180E\u200B\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g;
const JOINER = /[\u200C\u200D]/g;
const ZWJ = '\u200D';

/** A character that can come before a ZWJ inside an emoji sequence (emoji, skin tone, VS16). */
const EMOJI_BEFORE = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}$/u;
const MARK = /^\p{M}$/u;
/** Scripts whose letters join (Arabic, Syriac, N'Ko, Mongolian) or form conjuncts (Indic). */
const JOINING_SCRIPT =
  /^[\p{scx=Arabic}\p{scx=Syriac}\p{scx=Nko}\p{scx=Mongolian}\p{scx=Devanagari}\p{scx=Bengali}\p{scx=Gurmukhi}\p{scx=Gujarati}\p{scx=Oriya}\p{scx=Tamil}\p{scx=Telugu}\p{scx=Kannada}\p{scx=Malayalam}\p{scx=Sinhala}]$/u;

/** Text from a person or a public servant, ready for the engine (see the module comment). */
export function sanitizeText(text: string): string {
  const cleaned = wellFormed(text).replace(LINE_BREAK, '\n').replace(PAGE_BREAK, ' ').replace(INVISIBLE, '');
  // NFC last: a removed joiner can bring a letter and its accent together ("u\u200D\u0301").
  return cleaned.replace(JOINER, (joiner: string, at: number) => (joinerMatters(cleaned, joiner, at) ? joiner : '')).normalize('NFC');
}

function joinerMatters(text: string, joiner: string, at: number): boolean {
  const before = charBefore(text, at);
  const after = String.fromCodePoint(text.codePointAt(at + 1) ?? 0x20);
  if (joiner === ZWJ && EMOJI_BEFORE.test(before) && EMOJI_AFTER.test(after)) return true;
  if (!JOINING_SCRIPT.test(before)) return false;
  // After a virama the joiner shapes the consonant itself (Malayalam chillu "ന്‍" ends a word).
  return JOINING_SCRIPT.test(after) || MARK.test(before);
}

/** The code point that ends just before `at` (a space at the start). */
function charBefore(text: string, at: number): string {
  if (at === 0) return ' ';
  const low = text.charCodeAt(at - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return String.fromCodePoint(text.codePointAt(start) ?? 0x20);
}

/** The input with every piece of free text in it sanitised; other inputs unchanged. */
export function sanitizeInput(input: Input): Input {
  switch (input.kind) {
    case 'text':
      return { ...input, text: sanitizeText(input.text) };
    case 'status_update':
      return input.notes === undefined ? input : { ...input, notes: sanitizeText(input.notes) };
    case 'agency_question':
      return { ...input, question: sanitizeText(input.question) };
    default:
      return input;
  }
}
