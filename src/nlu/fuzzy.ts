/**
 * Fuzzy matching for typed choices ("recyling" -> "Recycling"). Jaro-Winkler from natural:
 * well suited to short labels and forgiving of typos at the end of a word.
 */
import { JaroWinklerDistance } from 'natural/lib/natural/distance';

/** Similarity in [0, 1] of two normalised strings. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  return JaroWinklerDistance(a, b, {});
}
