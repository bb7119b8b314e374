import fc from 'fast-check';
import { matchKeywords } from '../../src/nlu/keyword-match';
import { normalize, words } from '../../src/nlu/normalize';

/** normalize() as it was before Arabic folding: text without Arabic must still give exactly this. */
function latinReference(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/@.+\-\s]/gu, ' ')
    .replace(/[.\-]+(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const hasArabic = (s: string): boolean => /[\u0600-\u06FF]/.test(s);

describe('normalize', () => {
  it('folds case, accents and punctuation', () => {
    expect(normalize('  Menú  ')).toBe('menu');
    expect(normalize('¿Atrás?')).toBe('atras');
    expect(normalize('/menu')).toBe('/menu');
    expect(normalize("That's all.")).toBe('that s all');
    expect(words('Hay unos BACHES, enormes')).toEqual(['hay', 'unos', 'baches', 'enormes']);
  });

  it('leaves text without Arabic exactly as before', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        fc.pre(!hasArabic(s.normalize('NFKD')));
        expect(normalize(s)).toBe(latinReference(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('drops Arabic diacritics, tatweel and the hamza on alef', () => {
    expect(normalize('حُفْرَةٌ')).toBe(normalize('حفرة'));
    expect(normalize('حفـــرة')).toBe(normalize('حفرة'));
    expect(normalize('إلغاء')).toBe(normalize('الغاء'));
    expect(normalize('أرسل')).toBe('ارسل');
  });

  it('reads ة as ه and ى as ي, as people type them', () => {
    expect(normalize('حفره')).toBe(normalize('حفرة'));
    expect(normalize('علي')).toBe(normalize('على'));
  });

  it('drops the definite article, also after و, ب and as لل', () => {
    for (const w of ['الحفرة', 'والحفرة', 'بالحفرة', 'للحفرة']) expect(normalize(w)).toBe(normalize('حفرة'));
    expect(normalize('القائمة الرئيسية')).toBe(normalize('قائمة رئيسية'));
    // The same result with or without the article, even when the word starts with أل.
    expect(normalize('الألعاب')).toBe(normalize('ألعاب'));
    // Too short to be article + word: kept.
    expect(normalize('الم')).toBe('الم');
    expect(normalize('لا')).toBe('لا');
  });

  it('reads Arabic-Indic digits as digits and Arabic punctuation as spaces', () => {
    expect(normalize('٣')).toBe('3');
    expect(normalize('۲۵')).toBe('25');
    expect(normalize('نعم، موافق؟')).toBe('نعم موافق');
  });

  it('is idempotent (a normalised text is normalised again before stemming)', () => {
    const arabic = fc.string({ unit: fc.constantFrom(...'الأإآوبلحفرةىيـ ًٌٍَُِّْ٣،؟ab'.split('')), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(arabic, fc.string({ unit: 'grapheme', maxLength: 20 })), (s) => {
        expect(normalize(normalize(s))).toBe(normalize(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('lets an Arabic sentence name a category by keyword', () => {
    const targets = [
      { id: 'pothole', keywords: ['حفرة', 'حفرة في الطريق', 'pothole'] },
      { id: 'streetlight', keywords: ['إنارة', 'عمود إنارة'] },
    ];
    expect(matchKeywords('في حفرة كبيرة بالشارع', targets, 'ar')).toEqual(['pothole']);
    expect(matchKeywords('الحفرة', targets, 'ar')).toEqual(['pothole']);
    expect(matchKeywords('عمودُ الإنارةِ مطفأ', targets, 'ar')).toEqual(['streetlight']);
    expect(matchKeywords('there is a pothole', targets, 'ar')).toEqual(['pothole']);
  });

  it('lets a French sentence name a category by keyword, with the French stemmer (plurals, elision, no accents)', () => {
    const targets = [
      { id: 'pothole', keywords: ['nid-de-poule', 'nids-de-poule', 'nid de poule'] },
      { id: 'streetlight', keywords: ['lampadaire', 'éclairage public'] },
      { id: 'litter', keywords: ['ordures', 'déchets'] },
    ];
    expect(matchKeywords('Il y a des nids de poule partout', targets, 'fr')).toEqual(['pothole']);
    expect(matchKeywords('un gros nid-de-poule devant chez moi', targets, 'fr')).toEqual(['pothole']);
    expect(matchKeywords('Les lampadaires de ma rue sont éteints', targets, 'fr')).toEqual(['streetlight']);
    expect(matchKeywords("l'eclairage public ne marche plus", targets, 'fr')).toEqual(['streetlight']);
    expect(matchKeywords('des dechets partout', targets, 'fr')).toEqual(['litter']);
    expect(matchKeywords("l'ordure", targets, 'fr')).toEqual(['litter']);
  });
});
