import { negotiateLocale } from '../../src/engine/locale';
import { recognizeText } from '../../src/engine/prompts/text';
import { recognizeNumber } from '../../src/engine/prompts/number';
import { newReference, REFERENCE_ALPHABET } from '../../src/engine/ids';
import { testEnv } from '../support/engine-env';

describe('recognisers', () => {
  it('normalises emails and phone numbers, refuses bad ones', () => {
    expect(recognizeText({ kind: 'text', text: ' Ana@Example.COM ' }, { min: 3, max: 254, format: 'email' })).toEqual({ kind: 'answer', value: 'ana@example.com' });
    expect(recognizeText({ kind: 'text', text: 'ana@' }, { min: 3, max: 254, format: 'email' })).toMatchObject({ kind: 'invalid', code: 'email_invalid' });
    expect(recognizeText({ kind: 'text', text: '(512) 555-0147' }, { min: 3, max: 40, format: 'phone', phoneRegion: 'US' })).toEqual({ kind: 'answer', value: '+15125550147' });
    expect(recognizeText({ kind: 'text', text: '555' }, { min: 3, max: 40, format: 'phone', phoneRegion: 'US' })).toMatchObject({ kind: 'invalid', code: 'phone_invalid' });
  });

  it('counts characters, not UTF-16 units, against text limits', () => {
    expect(recognizeText({ kind: 'text', text: '🚧'.repeat(4000) }, { min: 1, max: 4000 })).toMatchObject({ kind: 'answer' });
    expect(recognizeText({ kind: 'text', text: '🚧'.repeat(4001) }, { min: 1, max: 4000 })).toMatchObject({ kind: 'invalid', code: 'text_too_long' });
  });

  it('reads decimal commas and rejects words', () => {
    expect(recognizeNumber({ kind: 'text', text: '2,5' }, {})).toEqual({ kind: 'answer', value: 2.5 });
    expect(recognizeNumber({ kind: 'text', text: '1e9' }, {})).toMatchObject({ kind: 'invalid' });
  });

  it('negotiates locales from channel hints and Accept-Language', () => {
    expect(negotiateLocale('es-MX', ['en', 'es'])).toBe('es');
    expect(negotiateLocale('fr-FR,es;q=0.8,en;q=0.5', ['en', 'es'])).toBe('es');
    expect(negotiateLocale('de', ['en', 'es'])).toBe('en');
    expect(negotiateLocale(undefined, ['en', 'es'])).toBe('en');
  });

  it('makes references from unambiguous characters only', async () => {
    const { env } = await testEnv({ seed: 7 });
    for (let i = 0; i < 200; i++) {
      const ref = newReference('WG', env);
      expect(ref).toMatch(new RegExp(`^WG-[${REFERENCE_ALPHABET}]{6}$`));
      expect(ref.slice(3)).not.toMatch(/[01OILUV]/);
    }
  });
});

describe('right-to-left and non-Latin input', () => {
  it('reads Arabic-Indic digits and separators', () => {
    expect(recognizeNumber({ kind: 'text', text: '٣' }, {})).toEqual({ kind: 'answer', value: 3 });
    expect(recognizeNumber({ kind: 'text', text: '٢٫٥' }, {})).toEqual({ kind: 'answer', value: 2.5 });
    expect(recognizeNumber({ kind: 'text', text: '۱۲' }, {})).toEqual({ kind: 'answer', value: 12 });
  });

  it('splits several picks on the Arabic comma', async () => {
    const { env } = await testEnv();
    const choices = [
      { id: 'wall', label: { literal: 'جدار' }, match: ['جدار'] },
      { id: 'fence', label: { literal: 'سياج' }, match: ['سياج'] },
    ];
    const { recognizeChoice } = await import('../../src/engine/prompts/choice');
    expect(recognizeChoice({ kind: 'text', text: 'جدار، سياج' }, choices, true, { env, locale: 'ar', picks: [] })).toEqual({ kind: 'answer', value: ['wall', 'fence'] });
    expect(recognizeChoice({ kind: 'text', text: 'جدار و سياج' }, choices, true, { env, locale: 'ar', picks: [] })).toEqual({ kind: 'answer', value: ['wall', 'fence'] });
  });
});
