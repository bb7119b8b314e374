import { phraseStems, stems } from './stem';

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
