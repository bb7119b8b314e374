import { normalize } from '../nlu/normalize';
import type { Env } from './env';

/**
 * Words for a vocabulary entry (`yes`, `skip`, `menu`, ...) across every shipped locale,
 * from the `vocabulary` section of locales/*.json. People mix languages; we accept all.
 */
export function vocabulary(env: Env, entry: string): string[] {
  const out: string[] = [];
  for (const locale of Object.keys(env.commandWords)) {
    for (const w of env.commandWords[locale]?.[entry] ?? []) out.push(normalize(w));
  }
  return out;
}

/** True when the whole text is one of the entry's words. */
export function says(env: Env, text: string, entry: string): boolean {
  const said = normalize(text);
  return said.length > 0 && vocabulary(env, entry).includes(said);
}
