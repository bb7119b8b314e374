import { extractDatetimes, firstDatetime } from '../../../src/nlu/entities/datetime';

// Monday 30 November 2026, 9:00 in Riverside (America/Chicago, UTC-6).
const now = new Date('2026-11-30T15:00:00.000Z');
const timezone = 'America/Chicago';
const past = (text: string, locale = 'en') => firstDatetime(text, { locale, now, timezone, past: true })?.value;
const any = (text: string, locale = 'en') => firstDatetime(text, { locale, now, timezone })?.value;

describe('dates and times in free text', () => {
  it('reads each language with chrono-node in the jurisdiction’s zone', () => {
    expect(any('yesterday at 9pm')).toBe('2026-11-30T03:00:00.000Z');
    expect(any('ayer a las 21:00', 'es')).toBe('2026-11-30T03:00:00.000Z');
    expect(any('hier à 21h', 'fr')).toBe('2026-11-30T03:00:00.000Z');
    expect(any('2026-11-20 14:00')).toBe('2026-11-20T20:00:00.000Z');
  });

  it('reads French "avant-hier" and "après-demain" as two days off, not as "hier" and "demain" (chrono reads the word inside)', () => {
    expect(past('avant-hier', 'fr')).toBe('2026-11-28T15:00:00.000Z');
    expect(past("C'est cassé depuis avant hier", 'fr')).toBe('2026-11-28T15:00:00.000Z');
    expect(any('avant-hier à 18 h', 'fr')).toBe('2026-11-29T00:00:00.000Z');
    expect(any('après-demain', 'fr')).toBe('2026-12-02T15:00:00.000Z');
    expect(any('apres demain', 'fr')).toBe('2026-12-02T15:00:00.000Z');
    expect(firstDatetime('depuis avant-hier soir', { locale: 'fr', now, timezone })?.text).toContain('avant-hier');
    expect(any('hier', 'fr')).toBe('2026-11-29T15:00:00.000Z');
  });

  it('reads common Arabic day words (best effort)', () => {
    expect(past('أمس')).toBeUndefined(); // an English parser sees no date in Arabic...
    expect(past('أمس', 'ar')?.slice(0, 10)).toBe('2026-11-29'); // ...the Arabic reading does
    expect(past('منذ ٣ أيام', 'ar')?.slice(0, 10)).toBe('2026-11-27');
    expect(past('منذ الاثنين', 'ar')).toBe(now.toISOString());
  });

  describe('a question about the past', () => {
    it('reads a bare weekday that is today as now, not at an implied noon ahead', () => {
      expect(any('It has been like this since Monday')).toBe('2026-11-30T18:00:00.000Z'); // chrono's guess: noon
      expect(past('It has been like this since Monday')).toBe(now.toISOString());
      expect(past('Está así desde el lunes', 'es')).toBe(now.toISOString());
      expect(past('depuis lundi', 'fr')).toBe(now.toISOString());
      expect(past('since this morning')).toBe('2026-11-30T12:00:00.000Z'); // 6:00, already past
      expect(firstDatetime('since Monday', { locale: 'en', now, timezone, past: true })).toMatchObject({ adjusted: true, text: 'Monday' });
    });

    it('reads a weekday ahead as the one before, and a date ahead without a year as last year’s', () => {
      expect(past('since Tuesday')).toBe('2026-11-24T18:00:00.000Z');
      expect(past('desde el martes', 'es')).toBe('2026-11-24T18:00:00.000Z');
      expect(past('December 3')).toBe('2025-12-03T18:00:00.000Z');
    });

    it('never moves what was typed: a time typed ahead stays ahead (the question refuses it)', () => {
      expect(Date.parse(past('today at 5pm') ?? '')).toBeGreaterThan(now.getTime());
      expect(past('December 3 2026')).toBe('2026-12-03T18:00:00.000Z');
      expect(past('tomorrow')?.slice(0, 10)).toBe('2026-12-01');
    });
  });

  it('finds every date in a text, with offsets', () => {
    const text = 'It started on Friday and got worse yesterday';
    const found = extractDatetimes(text, { locale: 'en', now, timezone, past: true });
    expect(found.map((f) => text.slice(f.start, f.end))).toEqual(['on Friday', 'yesterday']);
  });
});
