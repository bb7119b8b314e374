/**
 * Theme extraction over free-text answers (issue 12, dialogs/consultation/results/themes.ts):
 * 20,000 answers made from the 200 of test/dialogs/fixtures/free-text-answers.json, each copy
 * varied so the vocabulary grows as real answers' does (a made-up word in half of them, a typo
 * in a third), in English and Spanish. Median CPU time of three runs, and the vocabulary size.
 */
import { performance } from 'node:perf_hooks';
import { extractThemes, type FreeTextAnswer } from '../dialogs/consultation/results/themes';
import fixture from '../test/dialogs/fixtures/free-text-answers.json';

/** A small seeded generator (mulberry32): the same answers on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'abcdefghilmnoprstuv';

/** `n` answers: the fixture's, varied copy by copy. */
export function manyAnswers(n: number, seed = 12): FreeTextAnswer[] {
  const random = seeded(seed);
  const word = () => Array.from({ length: 4 + Math.floor(random() * 6) }, () => LETTERS[Math.floor(random() * LETTERS.length)]).join('');
  const answers: FreeTextAnswer[] = [];
  for (let i = 0; i < n; i++) {
    const base = fixture[i % fixture.length];
    if (!base) break;
    let text = base.text;
    if (random() < 0.5) text = `${text} ${word()}`;
    if (random() < 0.33 && text.length > 3) {
      const at = Math.floor(random() * text.length);
      text = text.slice(0, at) + (LETTERS[Math.floor(random() * LETTERS.length)] ?? '') + text.slice(at + 1);
    }
    answers.push({ id: `a${i}`, locale: base.locale, text });
  }
  return answers;
}

export function benchThemes(n = 20_000): { answers: number; medianMs: number; themes: Record<string, number>; unthemed: Record<string, number> } {
  const answers = manyAnswers(n);
  const times: number[] = [];
  let result = extractThemes(answers);
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    result = extractThemes(answers);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    answers: answers.length,
    medianMs: Math.round(times[1] ?? 0),
    themes: Object.fromEntries(Object.values(result).map((l) => [l.locale, l.themes.length])),
    unthemed: Object.fromEntries(Object.values(result).map((l) => [l.locale, l.unthemed])),
  };
}
