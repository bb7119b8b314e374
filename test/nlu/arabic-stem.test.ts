import fc from 'fast-check';
import { arabicLightStem } from '../../src/nlu/arabic-stem';
import { matchKeywords } from '../../src/nlu/keyword-match';
import { normalize } from '../../src/nlu/normalize';
import { stems } from '../../src/nlu/stem';

const stem = (word: string): string => arabicLightStem(normalize(word));

describe('arabicLightStem', () => {
  it('cuts the possessives and suffixes people attach', () => {
    expect(stem('شارعنا')).toBe(stem('شارع'));
    expect(stem('مكسورة')).toBe(stem('مكسور'));
    expect(stem('الحفرة')).toBe(stem('حفرة'));
    expect(stem('إشارات')).toBe(stem('إشارة'));
    expect(stem('فالشارع')).toBe(stem('شارع'));
  });

  it('cuts و (and) only from words of four letters or more, and leaves two letters at least', () => {
    expect(stem('والشجرة')).toBe(stem('شجرة'));
    expect(stem('وقع')).toBe('وقع');
    expect(arabicLightStem('يه')).toBe('يه');
    fc.assert(fc.property(fc.stringMatching(/^[\u0621-\u064A]{2,12}$/), (w) => arabicLightStem(w).length >= 2));
  });

  it('leaves words without Arabic letters alone', () => {
    expect(arabicLightStem('streetlight')).toBe('streetlight');
    expect(arabicLightStem('wg-7k3qx9')).toBe('wg-7k3qx9');
  });

  it('is the Arabic stemmer of keyword matching: "شارعنا مظلم" names the dark street', () => {
    expect(stems('شارعنا مظلم', 'ar')).toEqual(stems('شارع مظلم', 'ar'));
    expect(matchKeywords('شارعنا مظلم', [{ id: 'streetlight', keywords: ['شارع مظلم'] }], 'ar')).toEqual(['streetlight']);
  });
});
