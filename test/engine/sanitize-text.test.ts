import fc from 'fast-check';
import { sanitizeInput, sanitizeText } from '../../src/engine/sanitize-text';

/** Control, bidi and zero-width characters, none of which may survive. */
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u180E\u200B\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/;
const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

describe('sanitizeText', () => {
  it.each([
    ['plain text is unchanged', 'Pothole on Elm St, near #12', 'Pothole on Elm St, near #12'],
    ['newline and tab stay', 'line one\n\tline two', 'line one\n\tline two'],
    ['CRLF, CR, NEL, LS and PS become newlines', 'a\r\nb\rc\u0085d\u2028e\u2029f', 'a\nb\nc\nd\ne\nf'],
    ['vertical tab and form feed become spaces', 'a\u000Bb\u000Cc', 'a b c'],
    ['C0 and C1 controls are removed', 'a\u0000b\u0007c\u001Bd\u007Fe\u0090f\u009Fg', 'abcdefg'],
    ['a lone high surrogate becomes U+FFFD', '1 Main St \uD83D', '1 Main St \uFFFD'],
    ['a lone low surrogate becomes U+FFFD', '\uDE00 Elm', '\uFFFD Elm'],
    ['a reversed pair becomes two U+FFFD', 'x\uDE00\uD83Dy', 'x\uFFFD\uFFFDy'],
    ['a right-to-left override is removed', 'invoice\u202Egnp.exe', 'invoicegnp.exe'],
    ['embeddings, pops and isolates are removed', '\u202Aa\u202Bb\u202Cc\u202Dd\u2066e\u2067f\u2068g\u2069', 'abcdefg'],
    ['directional marks stay (they help mixed text)', 'WG-7K3QX9\u200F حفرة \u200Eok\u061C', 'WG-7K3QX9\u200F حفرة \u200Eok\u061C'],
    ['zero-width space, word joiner and BOM are removed', '\uFEFFme\u200Bn\u2060u', 'menu'],
    ['a soft hyphen is removed', 'pot\u00ADhole', 'pothole'],
    ['ZWJ between Latin letters is removed', 'men\u200Du', 'menu'],
    ['ZWNJ between Latin letters is removed', 'he\u200Cllo', 'hello'],
    ['a joiner at either end is removed', '\u200Dحفرة\u200C', 'حفرة'],
    ['decomposed accents are composed (NFC)', 'Men\u0075\u0301 cafe\u0301', 'Menú café'],
    ['a ZWSP between a letter and its accent no longer blocks NFC', 'e\u200B\u0301', 'é'],
    ['nor does a removed ZWJ', 'menu\u200D\u0301', 'menú'],
  ])('%s', (_name, input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  it.each([
    ['a family emoji', '👨\u200D👩\u200D👧'],
    ['a technologist with a skin tone', '👩🏽\u200D💻'],
    ['the rainbow flag (VS16 before the ZWJ)', '🏳\uFE0F\u200D🌈'],
    ['a heart on fire', '❤\uFE0F\u200D🔥'],
    ['Persian with ZWNJ ("I want")', 'می\u200Cخواهم'],
    ['Arabic letters with a ZWJ (a joined form shown alone)', 'ه\u200Dـ'],
    ['Arabic with a vowel mark before the ZWNJ', 'بَ\u200Cت'],
    ['Devanagari with a half form (virama + ZWJ)', 'क्\u200Dष'],
    ['Malayalam chillu with ZWJ, at the end of a word', 'അവന്\u200D വന്നു'],
    ['Bengali with ZWNJ', 'র্\u200Cয'],
  ])('keeps the joiners of %s', (_name, text) => {
    expect(sanitizeText(text)).toBe(text.normalize('NFC'));
  });

  it('gives well-formed NFC text with no control, bidi or invisible characters, for any input', () => {
    const hostile = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\uD800', '\uDFFF', '\u202E', '\u2066', '\u200B', '\u200C', '\u200D', '\uFEFF', '\u0000', '\u0085', '\r', '\u0301', 'ب', 'क', '👩'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(hostile, (s) => {
        const out = sanitizeText(s);
        expect(isWellFormed(out)).toBe(true);
        expect(out).toBe(out.normalize('NFC'));
        expect(out).not.toMatch(FORBIDDEN);
        expect(sanitizeText(out)).toBe(out); // idempotent: sanitising twice changes nothing
      }),
      { seed: 9, numRuns: 2000 },
    );
  });
});

describe('sanitizeInput', () => {
  it('cleans typed text and staff text in status notes and agency questions; leaves ids alone', () => {
    expect(sanitizeInput({ kind: 'text', text: 'a\u202Eb' })).toEqual({ kind: 'text', text: 'ab' });
    expect(sanitizeInput({ kind: 'status_update', reference: 'WG-1', status: 'closed', notes: 'Fixed\u0000 \uD800' })).toEqual({
      kind: 'status_update',
      reference: 'WG-1',
      status: 'closed',
      notes: 'Fixed \uFFFD',
    });
    expect(sanitizeInput({ kind: 'status_update', reference: 'WG-1', status: 'open' })).toEqual({ kind: 'status_update', reference: 'WG-1', status: 'open' });
    expect(sanitizeInput({ kind: 'agency_question', reference: 'WG-1', question: 'Which\u200B side?', questionId: 'q1', replyTo: 'r' })).toMatchObject({
      question: 'Which side?',
      questionId: 'q1',
    });
    const choice = { kind: 'choice' as const, choiceId: 'yes' };
    expect(sanitizeInput(choice)).toBe(choice);
  });
});
