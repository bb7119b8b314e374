/**
 * Deterministic numbers in [0, 1) from a seed (mulberry32): the intent classifier's training
 * shuffle, and tests and benchmarks that need repeatable "random" data. Four lines of a
 * well-known public-domain generator; no package needed for it.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
