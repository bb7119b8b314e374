/**
 * Text normalisation for matching what people type against choices and command words:
 * lower case, accents removed (so "menú" matches "menu"), punctuation folded to spaces.
 * Arabic text is also folded as people type it (see `foldArabic`); text without Arabic
 * letters is untouched by that step.
 *
 * Linear in the length of the text: every pattern here is checked by test/lint/redos.test.ts.
 */
export function normalize(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/@.+\-\s]/gu, ' ')
    .replace(TRAILING_DOTS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return ARABIC.test(folded) ? foldArabic(folded) : folded;
}

/**
 * Dots and dashes that end a word ("menu.", "ok --"). The lookbehind starts a match only at the
 * first of a run: without it, a run not followed by a space ("....x") was rescanned from each
 * of its characters, and 20,000 dots cost half a second (issue 9).
 */
const TRAILING_DOTS = /(?<![.\-])[.\-]+(?=\s|$)/g;

/** Arabic letters, tatweel and Arabic-Indic digits: the only characters `foldArabic` changes. */
const ARABIC = /[\u0600-\u06FF]/;

/**
 * The definite article ال, alone or after و (and), ب (with), or as لل (for the), at the start
 * of a word, when at least two letters remain. Stripped repeatedly, so that the result does not
 * depend on how many articles were found: NFKD already turned أ/إ/آ into ا, so "ألعاب" (games)
 * and "الألعاب" (the games) both end as "عاب". Good enough for matching, never shown.
 */
const ARTICLE = /^(?:[وب]?ال|لل)(?=[\u0621-\u064A]{2})/;

/**
 * Arabic spelling variants people type interchangeably, for matching only (the diacritics and
 * the hamza on alef already went with the combining marks above):
 * - tatweel (ـ, a stretching stroke) removed;
 * - ة (teh marbuta) read as ه, ى (alef maksura) as ي;
 * - Arabic-Indic digits (٣, ۳) read as 3, so "٣" picks the third button;
 * - the definite article dropped (see ARTICLE): "الحفرة" matches "حفرة".
 */
function foldArabic(text: string): string {
  return text
    .replace(/\u0640/g, '')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0649/g, '\u064A')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .split(' ')
    .map(stripArticle)
    .filter((w) => w.length > 0)
    .join(' ');
}

function stripArticle(word: string): string {
  let w = word;
  for (let m = ARTICLE.exec(w); m; m = ARTICLE.exec(w)) w = w.slice(m[0].length);
  return w;
}

/** Words of a normalised text. */
export function words(text: string): string[] {
  return normalize(text)
    .split(' ')
    .filter((w) => w.length > 0);
}
