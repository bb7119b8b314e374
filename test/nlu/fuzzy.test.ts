/**
 * The length bound on Jaro-Winkler (src/nlu/fuzzy.ts). A clean `npm run bench` found a typed
 * 20,000-character message costing 209 ms at the main menu: every "did you type a choice?"
 * check compared the whole message with each choice's words, and natural's Jaro window is half
 * the longer string. The bound skips those comparisons; these tests pin that it never changes a
 * decision, and that a long message is no longer compared at all.
 */
import fc from 'fast-check';
import { JaroWinklerDistance } from 'natural/lib/natural/distance';
import { step } from '../../dialogs';
import { sanitizeInput } from '../../src/engine/sanitize-text';
import { similarity, similarityBound } from '../../src/nlu/fuzzy';
import { HOSTILE_TEXTS } from '../../bench/hostile-input';
import { questionPositions } from '../../bench/question-positions';
import { testEnv } from '../support/engine-env';

const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'o', 'p', 't', 'h', 'l', 'e', ' '), maxLength: 30 });

describe('similarity with a threshold', () => {
  it('is never above the length bound', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(JaroWinklerDistance(a, b, {})).toBeLessThanOrEqual(similarityBound(a.length, b.length) + 1e-12);
      }),
    );
  });

  it('decides every threshold as the exact score does', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom(0.9, 0.92), (a, b, atLeast) => {
        const exact = a === b ? 1 : JaroWinklerDistance(a, b, {});
        expect(similarity(a, b, atLeast) >= atLeast).toBe(exact >= atLeast);
        if (exact >= atLeast) expect(similarity(a, b, atLeast)).toBe(exact);
      }),
    );
  });

  it('still accepts close spellings of a label ("recyling")', () => {
    expect(similarity('recyling', 'recycling', 0.9)).toBeGreaterThanOrEqual(0.9);
    expect(similarity('potole', 'pothole', 0.92)).toBeGreaterThanOrEqual(0.92);
  });

  it('scores a 20,000-character message against a label 0 without comparing them', () => {
    const long = '30.27 '.repeat(3334);
    // The exact score is far below any threshold the callers use...
    expect(JaroWinklerDistance(long, 'recycling', {})).toBeLessThan(0.9);
    // ...and lengths alone say so: the bound is below it, so no character is compared.
    expect(similarityBound(long.length, 'recycling'.length)).toBeLessThan(0.81);
    expect(similarity(long, 'recycling', 0.9)).toBe(0);
  });
});

describe('a long message at every question', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is never compared letter by letter with a label (every English question, every menu)', async () => {
    const { env } = await testEnv();
    // The module object fuzzy.ts calls through (an `import * as` here would be a copy).
    const distance = jest.requireActual<{ JaroWinklerDistance: typeof JaroWinklerDistance }>('natural/lib/natural/distance');
    const spy = jest.spyOn(distance, 'JaroWinklerDistance');
    const long = HOSTILE_TEXTS['almostCoordinates'] ?? '';
    // The code paths are the same in every language; English walks them all, the menus check each language's words.
    const positions = env.locales.flatMap((locale) => questionPositions(env, locale).filter((p) => locale === 'en' || p.name.endsWith('menu/action')));
    expect(positions.length).toBeGreaterThan(40);
    for (const position of positions) {
      step(position.session, sanitizeInput({ kind: 'text', text: long }), env);
    }
    // Words of a message are compared (each at most a word's length); the message itself never.
    const longest = Math.max(0, ...spy.mock.calls.map(([a, b]) => Math.max(a.length, b.length)));
    expect(longest).toBeLessThan(100);
  });
});
