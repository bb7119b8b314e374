/**
 * Per-locale stemming with natural's Porter stemmers, so "potholes" matches the keyword
 * "pothole" and "baches" matches "bache". Imported by subpath: natural's root module loads
 * database drivers we do not need (see STACK.md).
 */
import { PorterStemmer, PorterStemmerEs, type Stemmer } from 'natural/lib/natural/stemmers';
import { words } from './normalize';

const STEMMERS: Record<string, Stemmer> = { en: PorterStemmer, es: PorterStemmerEs };

function stemmerFor(locale: string): Stemmer {
  return STEMMERS[locale.split('-')[0] ?? ''] ?? PorterStemmer;
}

/** The stems of the words of `text`, in the given locale's stemmer. */
export function stems(text: string, locale: string): string[] {
  const stemmer = stemmerFor(locale);
  return words(text).map((w) => stemmer.stem(w));
}
