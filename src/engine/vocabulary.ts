import { normalize } from '../nlu/normalize';
import type { Env } from './env';

type Vocab = Env['commandWords'];

/** Normalised words per vocabulary entry, computed once per loaded locale set. */
const cache = new WeakMap<Vocab, Map<string, string[]>>();

/**
 * Words for a vocabulary entry (`yes`, `skip`, `menu`, ...) across every shipped locale,
 * from the `vocabulary` section of locales/*.json. People mix languages; we accept all.
 */
export function vocabulary(env: Env, entry: string): string[] {
  let byEntry = cache.get(env.commandWords);
  if (!byEntry) {
    byEntry = new Map();
    cache.set(env.commandWords, byEntry);
  }
  let words = byEntry.get(entry);
  if (!words) {
    words = [];
    for (const locale of Object.keys(env.commandWords)) {
      for (const w of env.commandWords[locale]?.[entry] ?? []) {
        const n = normalize(w);
        if (n.length > 0 && !words.includes(n)) words.push(n);
      }
    }
    byEntry.set(entry, words);
  }
  return words;
}

/** True when the whole text is one of the entry's words. */
export function says(env: Env, text: string, entry: string): boolean {
  if (text.length > 60) return false;
  const said = normalize(text);
  return said.length > 0 && vocabulary(env, entry).includes(said);
}
