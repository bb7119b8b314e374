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
import { PorterStemmer, PorterStemmerEs, PorterStemmerFr, type Stemmer } from './stemmers';
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
 * The text with every case reference cut out, and whether there was one. A reference here is
 * looser than entities/reference.ts (which knows the alphabet references are made of): the
 * prefix, a dash, a space or nothing, six letters or digits, so a mistyped reference still says
 * "the status of this one" (a dash or a digit: "a garden" is not reference A-GARDEN). Its letters
 * are drawn at random: as words they would only add noise, and make the same sentence read
 * differently for each reference.
 */
const REFERENCE_LIKE = /(?<![\p{L}\p{N}])(\p{L}{1,4})([-\s]?)([\p{L}\p{N}]{6})(?![\p{L}\p{N}])/giu;

function cutReferences(text: string, prefix: string): { rest: string; found: boolean } {
  let found = false;
  const rest = text.slice(0, 2000).replace(REFERENCE_LIKE, (whole: string, pre: string, sep: string, body: string) => {
    if (pre.toUpperCase() !== prefix.toUpperCase() || !/^[a-z0-9]{6}$/i.test(body) || (sep !== '-' && !/\d/.test(body))) return whole;
    found = true;
    return ' ';
  });
  return found ? { rest, found } : { rest: text, found };
}

/**
 * The features of a text for the locale's classifier (duplicates summed). With the deployment's
 * reference prefix, a case reference in the text is a feature of its own.
 */
export function intentFeatures(text: string, locale: string, referencePrefix?: string): Feature[] {
  const language = locale.split('-')[0] ?? '';
  const stemmer = STEMMERS[language];
  const { rest, found } = referencePrefix !== undefined ? cutReferences(text, referencePrefix) : { rest: text, found: false };
  const list = words(rest.slice(0, MAX_WORDS * (MAX_WORD_LENGTH + 1)))
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
  if (found) add(REFERENCE_FEATURE, STEM_WEIGHT * 2);
  return [...out].map(([name, weight]) => ({ name, weight }));
}
