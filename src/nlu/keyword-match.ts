import { similarity } from './fuzzy';
import { normalize, words } from './normalize';
import { MAX_WORD_LENGTH, MAX_WORDS, phraseStems, stems } from './stem';

/** Something that can be recognised from free text by its keywords. */
export interface KeywordTarget {
  id: string;
  /** Keyword phrases, any locale. */
  keywords: readonly string[];
}

/**
 * Ids of the targets whose keyword phrases all appear (stemmed) in the text, best first
 * (longer keyword phrases are more specific). Used to recognise a category from a sentence
 * such as "there is a big pothole on my street".
 */
export function matchKeywords(text: string, targets: readonly KeywordTarget[], locale: string): string[] {
  const textStems = new Set(stems(text, locale));
  if (textStems.size === 0) return [];
  const scored: { id: string; score: number }[] = [];
  for (const target of targets) {
    let best = 0;
    for (const phrase of target.keywords) {
      const phraseStemList = phraseStems(phrase, locale);
      if (phraseStemList.length > 0 && phraseStemList.every((s) => textStems.has(s))) {
        best = Math.max(best, phraseStemList.length);
      }
    }
    if (best > 0) scored.push({ id: target.id, score: best });
  }
  scored.sort((a, b) => b.score - a.score);
  const top = scored[0]?.score ?? 0;
  return scored.filter((s) => s.score === top).map((s) => s.id);
}

/** Words shorter than this are never read as a misspelt keyword ("hola" is not "hole"). */
const LOOSE_MIN_LENGTH = 5;
/** Jaro-Winkler similarity a misspelling needs ("potole"/"pothole" 0.94, "grafitti"/"graffiti" 0.97). */
const LOOSE_MIN_SIMILARITY = 0.92;

/**
 * Ids of the targets with a one-word keyword that a word of the text misspells ("potole",
 * "strretlight", "grafitti"), best first; for when `matchKeywords` finds nothing. Words and
 * keywords shorter than five letters are left out: short words are too alike to guess.
 */
export function matchKeywordsLoosely(text: string, targets: readonly KeywordTarget[]): string[] {
  const said = words(text.slice(0, MAX_WORDS * (MAX_WORD_LENGTH + 1)))
    .slice(0, MAX_WORDS)
    .filter((w) => w.length >= LOOSE_MIN_LENGTH && w.length <= MAX_WORD_LENGTH);
  if (said.length === 0) return [];
  let best: { id: string; score: number }[] = [];
  for (const target of targets) {
    for (const keyword of target.keywords) {
      const k = normalize(keyword);
      if (k.length < LOOSE_MIN_LENGTH || k.includes(' ')) continue;
      for (const w of said) {
        const score = similarity(w, k, LOOSE_MIN_SIMILARITY);
        if (score < LOOSE_MIN_SIMILARITY) continue;
        if (best.length === 0 || score > (best[0]?.score ?? 0)) best = [{ id: target.id, score }];
        else if (score === best[0]?.score && !best.some((b) => b.id === target.id)) best.push({ id: target.id, score });
      }
    }
  }
  return best.map((b) => b.id);
}
