/**
 * What the intent classifier sees of a message: per-language stems of its words (natural's
 * Porter stemmers, as src/nlu/stem.ts), pairs of neighbouring stems, and the character
 * trigrams of each word padded with "#" (so "potole" still shares "#po", "pot", "ole" and
 * "le#" with "pothole", and "strretlight" most of "streetlight"'s). Text is normalised first
 * (lower case, accents and Arabic variants folded: src/nlu/normalize.ts).
 *
 * Bounded like `stems`: only the first MAX_WORDS words, each at most MAX_WORD_LENGTH long, so a
 * hostile message costs microseconds.
 */
import { PorterStemmer, PorterStemmerEs, PorterStemmerFr, type Stemmer } from 'natural/lib/natural/stemmers';
import { arabicLightStem } from './arabic-stem';
import { words } from './normalize';

/** An intent is named in the first words; the rest of a long message adds noise, not signal. */
const MAX_WORDS = 40;
const MAX_WORD_LENGTH = 40;

/** Porter stemmers (natural) see only words with Latin letters. */
const STEMMERS: Record<string, Stemmer | undefined> = { en: PorterStemmer, es: PorterStemmerEs, fr: PorterStemmerFr };

/** One feature and how much it counts (word stems weigh more than each of a word's trigrams). */
export interface Feature {
  name: string;
  weight: number;
}

const STEM_WEIGHT = 1;
const PAIR_WEIGHT = 0.5;
/** Spread over a word's trigrams: a long word does not outvote a short one. */
const TRIGRAMS_WEIGHT = 1;

/**
 * natural has no Arabic stemmer: Arabic takes our light one (arabic-stem.ts; it leaves words
 * without Arabic letters alone), after normalize() folded the spelling variants.
 */
function stemOf(language: string, stemmer: Stemmer | undefined, word: string): string {
  if (language === 'ar') return arabicLightStem(word);
  if (!stemmer || !/[a-z]/.test(word)) return word;
  return stemmer.stem(word);
}

/** A case reference of the deployment (`WG-7K3QX9`): one feature, whatever its letters. */
const REFERENCE_FEATURE = 'e:reference';

/**
 * Something that looks like a reference: the prefix, a dash or space or nothing, six letters or
 * digits. Looser than entities/reference.ts (which knows the alphabet references are made of):
 * a mistyped reference still says "the status of this one".
 */
function looksLikeReference(text: string, prefix: string): boolean {
  const p = prefix.toLowerCase();
  const said = text.slice(0, 2000).toLowerCase();
  for (let i = said.indexOf(p); i >= 0; i = said.indexOf(p, i + 1)) {
    if (i > 0 && /[\p{L}\p{N}]/u.test(said[i - 1]!)) continue;
    const rest = said.slice(i + p.length, i + p.length + 8);
    // A dash or a digit: "a garden" is not reference A-GARDEN.
    if (/^[-\s]?[a-z0-9]{6}(?![\p{L}\p{N}])/u.test(rest) && (rest.startsWith("-") || /\d/.test(rest))) return true;
  }
  return false;
}

/**
 * The features of a text for the locale's classifier (duplicates summed). With the deployment's
 * reference prefix, a case reference in the text is a feature of its own.
 */
export function intentFeatures(text: string, locale: string, referencePrefix?: string): Feature[] {
  const language = locale.split('-')[0] ?? '';
  const stemmer = STEMMERS[language];
  const list = words(text.slice(0, MAX_WORDS * (MAX_WORD_LENGTH + 1)))
    .filter((w) => w.length <= MAX_WORD_LENGTH)
    .slice(0, MAX_WORDS);
  const out = new Map<string, number>();
  const add = (name: string, weight: number) => out.set(name, (out.get(name) ?? 0) + weight);
  let previous: string | null = null;
  for (const word of list) {
    const stem = stemOf(language, stemmer, word);
    add(`w:${stem}`, STEM_WEIGHT);
    if (previous !== null) add(`b:${previous} ${stem}`, PAIR_WEIGHT);
    previous = stem;
    const padded = `#${word}#`;
    const count = padded.length - 2;
    for (let i = 0; i < count; i++) add(`c:${padded.slice(i, i + 3)}`, TRIGRAMS_WEIGHT / count);
  }
  if (referencePrefix !== undefined && looksLikeReference(text, referencePrefix)) add(REFERENCE_FEATURE, STEM_WEIGHT * 2);
  return [...out].map(([name, weight]) => ({ name, weight }));
}
