/**
 * How free-text answers turn into terms, per language, for theme extraction (themes.ts).
 *
 * - Tokenise: natural's RegexpTokenizer splitting on anything that is not a Unicode letter,
 *   mark or digit, after dropping apostrophes ("don't" -> "dont") and email addresses (their
 *   parts are personal, never a theme). natural's AggressiveTokenizer (en)
 *   splits inside "café", AggressiveTokenizerEs knows Latin-1 letters only and natural has no
 *   Arabic tokenizer; one Unicode-aware pattern serves en, es and ar alike. Emoji are
 *   separators; words with a digit ("5th", "x2") are dropped: they never make a theme.
 * - Match key: lower case, then `normalize` from src/nlu (the chat's own matching): accents
 *   removed, so "estacionamiento" and "estacionamíento", "autobús" and "autobus" are one word;
 *   Arabic folded (diacritics, hamza on alef, ة/ه, ى/ي, tatweel, the article ال).
 * - French elision: "l'eau", "d'arbres", "qu'il" are two words (the article or pronoun, then
 *   the word), split before apostrophes are dropped, so "l'eau" is "eau" and not "leau".
 * - Stop words: natural's English list (util/stopwords), Spanish list (util/stopwords_es) and
 *   French list (util/stopwords_fr), each with the small additions below (chat words,
 *   contractions, common verbs natural's short Spanish and French lists lack). natural ships no Arabic list: a short one is below. All lists
 *   go through the same match key, so "más" and "mas", "أن" and "ان" are both caught.
 * - Stem: natural's PorterStemmer (en), PorterStemmerEs (es) and PorterStemmerFr (fr), applied to the accent-free
 *   key so that people who type without accents get the same stem ("circulacion" and
 *   "circulación" both give "circulacion"; stemming the accented form would give "circul").
 *   natural 8.1 has no Arabic stemmer (verified: natural/lib/natural/stemmers exports none):
 *   Arabic words are only normalised as above, not stemmed, so a broken plural is another
 *   word. Other languages: the tokenizer and the match key, no stop words, no stemming.
 * - Bounds: the first MAX_WORDS words of an answer count, and longer "words" than
 *   MAX_WORD_LENGTH are skipped (Porter's cost grows with a word's length), so a hostile
 *   20,000-character answer costs what a long letter does.
 */
import { PorterStemmer, PorterStemmerEs, PorterStemmerFr } from '../../../src/nlu/stemmers';
import type * as Tokenizers from 'natural/lib/natural/tokenizers';
import { words as ENGLISH } from 'natural/lib/natural/util/stopwords';
import { words as SPANISH } from 'natural/lib/natural/util/stopwords_es';
import { words as FRENCH } from 'natural/lib/natural/util/stopwords_fr';
import { normalize } from '../../../src/nlu/normalize';
import { withoutEmails } from './mask-personal-data';

export const MAX_WORDS = 1_000;
export const MAX_WORD_LENGTH = 40;
/** Enough characters for MAX_WORDS words: the tokenizer never sees more. */
const MAX_CHARS = MAX_WORDS * 12;

const ENGLISH_MORE = [
  'dont', 'cant', 'im', 'ive', 'id', 'ill', 'its', 'thats', 'isnt', 'wont', 'didnt', 'doesnt', 'theyre',
  'youre', 'whats', 'theres', 'not', 'no', 'will', 'just', 'really', 'going', 'gonna', 'us', 'one', 'every',
  'already', 'anyone', 'anything', 'everyone', 'everything', 'else', 'even', 'lol', 'pls', 'please', 'ok',
  'okay', 'yes', 'idk', 'thing', 'things', 'lot', 'let', 'know', 'think', 'want', 'need', 'needs', 'say', 'go',
  'goes', 'put', 'use', 'able', 'less', 'least', 'without', 'both', 'maybe', 'sure',
];
/** Spanish words natural's list lacks ('todo' is the Spanish word "all", not a marker). */
const SPANISH_MORE = [
  'es', 'son', 'ser', 'sea', 'era', 'fue', 'fueron', 'esta', 'estan', 'estoy', 'hay', 'ha', 'han', 'va', 'van',
  'vamos', 'voy', 'ir', 'tiene', 'tienen', 'tengo', 'hace', 'hacer', 'hagan', 'puede', 'pueden', 'todo', 'todos',
  'toda', 'todas', 'asi', 'aqui', 'ahi', 'este', 'estos', 'estas', 'esa', 'esas', 'esos', 'mis', 'tus', 'les',
  'mucho', 'muchos', 'mucha', 'otra', 'otros', 'otras', 'algo', 'alguien', 'cada', 'como', 'donde', 'que',
  'favor', 'jaja', 'ok', 'vez', 'solo', 'igual', 'ya', 'si', 'bien', 'mas', 'menos', 'tan', 'nadie', 'ningun',
  'nuestro', 'nuestra', 'nuestros', 'nuestras', 'mi', 'yo', 'ellos', 'ellas', 'nosotros', 'usted', 'ustedes',
];
/** French words natural's list lacks: common verbs, adverbs and chat words ('tout' is "all", not a marker). */
const FRENCH_MORE = [
  'ca', 'ça', 'cest', 'ya', 'y', 'il', 'va', 'vont', 'fait', 'font', 'peut', 'peuvent', 'faut', 'faudrait', 'dois', 'doit',
  'veux', 'veut', 'voudrais', 'aimerais', 'tout', 'tous', 'toute', 'toutes', 'tres', 'plus', 'moins', 'aussi', 'bien',
  'bon', 'comme', 'quand', 'donc', 'alors', 'encore', 'deja', 'juste', 'vraiment', 'chose', 'choses', 'merci', 'svp',
  'stp', 'ok', 'oui', 'non', 'ni', 'si', 'ceux', 'celle', 'celui', 'celles', 'cela', 'ceci', 'autre', 'autres', 'chaque',
  'quelque', 'quelques', 'rien', 'personne', 'peu', 'beaucoup', 'trop', 'lol', 'mdr', 'jusqu', 'lorsqu', 'puisqu',
];
/** Particles, pronouns and common verbs; written as people type them (normalised below). */
const ARABIC = [
  'في', 'من', 'على', 'إلى', 'الى', 'عن', 'أن', 'إن', 'هذا', 'هذه', 'ذلك', 'تلك', 'التي', 'الذي', 'الذين', 'و',
  'أو', 'ثم', 'لا', 'ما', 'لم', 'لن', 'قد', 'كان', 'كانت', 'يكون', 'هو', 'هي', 'هم', 'نحن', 'أنا', 'انت', 'أنت',
  'كل', 'مع', 'عند', 'بعد', 'قبل', 'حتى', 'لكن', 'بين', 'فيه', 'فيها', 'عليه', 'عليها', 'أي', 'كما', 'لأن',
  'جدا', 'أيضا', 'هناك', 'هنا', 'غير', 'إذا', 'لقد', 'يا', 'به', 'بها', 'له', 'لها', 'ليس', 'نعم', 'شيء',
];

const STOP_WORDS: Record<string, readonly string[]> = {
  en: [...ENGLISH, ...ENGLISH_MORE],
  es: [...SPANISH, ...SPANISH_MORE],
  fr: [...FRENCH, ...FRENCH_MORE],
  ar: ARABIC,
};

const STEMMERS: Record<string, (key: string) => string> = {
  en: (key) => PorterStemmer.stem(key),
  es: (key) => PorterStemmerEs.stem(key),
  fr: (key) => PorterStemmerFr.stem(key),
};

/** Languages that elide an article or pronoun with an apostrophe ("l'eau", "d'arbres", "qu'il"). */
const ELIDING = new Set(['fr', 'it', 'ca']);
/** An elided word and its apostrophe, at the start of a word: "l'", "qu'", "jusqu'". */
const ELISION = /(?<![\p{L}\p{M}])(\p{L}{1,2}|jusqu|lorsqu|puisqu|quelqu)['\u2019](?=\p{L})/giu;

const APOSTROPHES = /['\u2019]/g;
// From its own file: natural's tokenizers index loads every language's tokenizer (Japanese with
// its dictionaries among them), about 7 MB a server would hold for nothing.
const { RegexpTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer') as { RegexpTokenizer: typeof Tokenizers.RegexpTokenizer };
const tokenizer = new RegexpTokenizer({ pattern: /[^\p{L}\p{M}\p{N}]+/u });
const DIGIT = /\p{N}/u;

/** One occurrence of a word in an answer: what it counts as, and how it was written. */
export interface Term {
  stem: string;
  /** Lower case, as typed (accents kept): what people read when the theme is shown. */
  surface: string;
}

/** Turns answers of one language into terms; remembers each word it has seen (one run only). */
export interface TermReader {
  terms(text: string): Term[];
}

/** The language part of a locale: "es-MX" -> "es"; "" -> "und" (undetermined, BCP 47). */
export function languageOf(locale: string): string {
  const language = locale.toLowerCase().split('-')[0]?.split('_')[0] ?? '';
  return language === '' ? 'und' : language;
}

/** A reader for one language. Its cache lives as long as the reader: one extraction. */
export function termReader(language: string): TermReader {
  const stop = new Set((STOP_WORDS[language] ?? []).map(normalize));
  const stem = STEMMERS[language] ?? ((key: string) => key);
  const elides = ELIDING.has(language);
  const cache = new Map<string, string | null>();
  const stemOf = (surface: string): string | null => {
    let s = cache.get(surface);
    if (s === undefined) {
      const key = normalize(surface);
      s = key.length < 2 || key.includes(' ') || stop.has(key) ? null : stem(key);
      if (s !== null && s.length < 2) s = null;
      cache.set(surface, s);
    }
    return s;
  };
  return {
    terms(text) {
      const out: Term[] = [];
      const head = withoutEmails(text.slice(0, MAX_CHARS));
      const tokens = tokenizer.tokenize((elides ? head.replace(ELISION, '$1 ') : head).replace(APOSTROPHES, '').toLowerCase());
      for (const surface of tokens.slice(0, MAX_WORDS)) {
        if (surface.length > MAX_WORD_LENGTH || DIGIT.test(surface)) continue;
        const s = stemOf(surface);
        if (s !== null) out.push({ stem: s, surface });
      }
      return out;
    },
  };
}
