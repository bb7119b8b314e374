/**
 * Email addresses in free text ("you can reach me at Ana.Ruiz@example.com, thanks"). A word with
 * an @ is taken when, stripped of the punctuation around it, zod's email check accepts it (the
 * same check the email question uses); the value is lower-cased as the question stores it.
 * Linear: one split on spaces, no pattern with backtracking.
 */
import { z } from 'zod';

export interface EmailEntity {
  text: string;
  start: number;
  end: number;
  /** Lower case, as stored. */
  value: string;
}

const email = z.email();
/** Longer than any address (RFC 5321 allows 254). */
const MAX_EMAIL = 254;
const LEADING = /^[<([{"'«“‘¿¡]+/;
/** Punctuation that may close a sentence or a bracket after an address (stripped one by one: linear). */
const TRAILING = new Set(['>', ')', ']', '}', '"', "'", '»', '”', '’', '.', ',', ';', ':', '!', '?']);

function trimTrailing(word: string): string {
  let end = word.length;
  while (end > 0 && TRAILING.has(word[end - 1] as string)) end--;
  return word.slice(0, end);
}

/** Every email address in `text`, in order. */
export function extractEmails(text: string): EmailEntity[] {
  const out: EmailEntity[] = [];
  for (const m of text.slice(0, 20_000).matchAll(/\S+/g)) {
    const word = m[0];
    if (!word.includes('@') || word.length > MAX_EMAIL + 8) continue;
    const lead = LEADING.exec(word)?.[0].length ?? 0;
    const core = trimTrailing(word.slice(lead)).replace(/^mailto:/i, '');
    const value = core.toLowerCase();
    if (value.length > MAX_EMAIL || !email.safeParse(value).success) continue;
    const start = m.index + word.indexOf(core, lead);
    out.push({ text: core, start, end: start + core.length, value });
  }
  return out;
}
