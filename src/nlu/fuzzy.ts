/**
 * Fuzzy matching for typed choices ("recyling" -> "Recycling"). Jaro-Winkler from natural:
 * well suited to short labels and forgiving of typos at the end of a word.
 *
 * natural's Jaro window is half the longer string, so comparing a 20,000-character message
 * with a label costs tens of milliseconds. Every caller only wants scores above a threshold, and
 * lengths alone bound the score: Jaro is at most (min/max + 2) / 3 (every character of the
 * shorter string matched, no transpositions), and Winkler's prefix bonus (at most 4 characters,
 * scale 0.1) adds at most 0.4 of what is left, so Jaro-Winkler <= 0.8 + 0.2 * min/max. Strings
 * whose lengths rule out `atLeast` score 0 without being compared.
 */
import { JaroWinklerDistance } from 'natural/lib/natural/distance';

/** The highest Jaro-Winkler similarity two strings of these lengths can have. */
export function similarityBound(lengthA: number, lengthB: number): number {
  const longer = Math.max(lengthA, lengthB);
  return longer === 0 ? 1 : 0.8 + (0.2 * Math.min(lengthA, lengthB)) / longer;
}

/**
 * Similarity in [0, 1] of two normalised strings; 0 when their lengths alone rule out
 * `atLeast` (the caller's threshold: a score below it is never used).
 */
export function similarity(a: string, b: string, atLeast = 0): number {
  if (a === b) return 1;
  if (similarityBound(a.length, b.length) < atLeast) return 0;
  return JaroWinklerDistance(a, b, {});
}
