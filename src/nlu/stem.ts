/**
 * Per-locale stemming with natural's Porter stemmers, so "potholes" matches the keyword
 * "pothole", "baches" matches "bache" and "lampadaires" matches "lampadaire". Imported by subpath: natural's root module loads
 * database drivers we do not need (see STACK.md).
 */
import { PorterStemmer, PorterStemmerEs, PorterStemmerFr, type Stemmer } from './stemmers';
import { arabicLightStem } from './arabic-stem';
import { words } from './normalize';

/**
 * Other locales fall back to English Porter, which only touches Latin words. natural has no
 * Arabic stemmer: Arabic takes a light stemmer of our own (arabic-stem.ts: affixes cut, no
 * roots) after normalize() has dropped the definite article and the spelling variants; its
 * plurals are mostly irregular (حفرة, حفر), so catalogue keywords list them too.
 */
const ARABIC: Pick<Stemmer, 'stem'> = { stem: arabicLightStem };
const STEMMERS: Record<string, Pick<Stemmer, 'stem'>> = { en: PorterStemmer, es: PorterStemmerEs, fr: PorterStemmerFr, ar: ARABIC };

/** Stems of catalogue keyword phrases are asked for on every turn: keep them (bounded). */
const phraseCache = new Map<string, string[]>();
const PHRASE_CACHE_MAX = 10_000;

function stemmerFor(locale: string): Pick<Stemmer, 'stem'> {
  return STEMMERS[locale.split('-')[0] ?? ''] ?? PorterStemmer;
}

/** No keyword is longer; stemming cost grows with the square of a word's length. */
export const MAX_WORD_LENGTH = 40;
/** Free-text matching looks at the start of a message only (a category is named early). */
export const MAX_WORDS = 200;

/**
 * The stems of the words of `text`, in the given locale's stemmer. Bounded: over-long
 * "words" are ignored and only the first MAX_WORDS words count, so a hostile 20,000
 * character message costs microseconds, not seconds.
 */
export function stems(text: string, locale: string): string[] {
  const stemmer = stemmerFor(locale);
  return words(text.slice(0, MAX_WORDS * (MAX_WORD_LENGTH + 1)))
    .filter((w) => w.length <= MAX_WORD_LENGTH)
    .slice(0, MAX_WORDS)
    .map((w) => stemmer.stem(w));
}

/** Like `stems`, memoised: for keyword phrases from the catalogue, not for people's text. */
export function phraseStems(phrase: string, locale: string): string[] {
  const key = `${locale}\u0000${phrase}`;
  let cached = phraseCache.get(key);
  if (!cached) {
    if (phraseCache.size >= PHRASE_CACHE_MAX) phraseCache.clear();
    cached = stems(phrase, locale);
    phraseCache.set(key, cached);
  }
  return cached;
}
