/**
 * Fixed windows numbered from the epoch: window n covers [n * size, (n + 1) * size). Both
 * stores number windows the same way from the `nowMs` they are given, so a test clock drives
 * Redis exactly as it drives memory (Redis's own clock only times out keys nobody reads).
 */

/** The number of the window `nowMs` falls in. */
export function windowOf(nowMs: number, sizeMs: number): number {
  return Math.floor(nowMs / sizeMs);
}

/** When window `n` ends (ms since the epoch). */
export function windowEnd(n: number, sizeMs: number): number {
  return (n + 1) * sizeMs;
}
