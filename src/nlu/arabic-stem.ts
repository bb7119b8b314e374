/**
 * A light Arabic stemmer: the affixes people attach to a word are cut, so "شارعنا" (our street)
 * meets "شارع" and "مكسورة" meets "مكسور". natural has no Arabic stemmer; this follows the
 * "light10" stemmer of Larkey, Ballesteros and Connell (2002, "Improving stemming for Arabic
 * information retrieval"), which did as well as root-based stemmers for retrieval: no roots,
 * no dictionary, a few prefixes and suffixes, each cut only when enough of the word remains.
 *
 * It reads normalised text (normalize.ts: hamza on alef and diacritics gone, ة as ه, ى as ي,
 * the article ال, وال, بال and لل already dropped) and leaves words without Arabic letters alone.
 * For matching only; never shown.
 */

/** Prefixes light10 cuts (those normalize() left): the article after ك (as) or ف (so). */
const ARTICLE_AFTER = ['كال', 'فال'];
/** Suffixes, tried in this order, each at most once (ة is ه after normalize()). */
const SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];
/** Dialect possessives light10 predates: "our", "your" (plural), "their". */
const POSSESSIVES = ['نا', 'كم', 'هم'];

const ARABIC_LETTER = /^[\u0621-\u064A]+$/;

export function arabicLightStem(word: string): string {
  if (!ARABIC_LETTER.test(word)) return word;
  let w = word;
  // و (and) is part of many words too ("وقع", fell): light10 cuts it only from words of 4+ letters.
  if (w.length >= 4 && w.startsWith('و')) w = w.slice(1);
  for (const p of ARTICLE_AFTER) {
    if (w.startsWith(p) && w.length - p.length >= 2) {
      w = w.slice(p.length);
      break;
    }
  }
  for (const s of [...POSSESSIVES, ...SUFFIXES]) {
    if (w.length >= s.length + 2 && w.endsWith(s)) w = w.slice(0, -s.length);
  }
  return w;
}
