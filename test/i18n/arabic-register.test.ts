/**
 * Arabic addresses the person in one register (issue 14): the masculine singular, the form
 * Arabic uses for an unknown reader ("اختر", "يمكنك"), or neutral forms ("يُرجى"). A feminine
 * singular or a plural "you" would read as a different voice. The vocabulary section is left
 * out: it is what people type (they may well write "تواصلوا معي" to the agency).
 */
import { readLocaleFiles } from '../../src/i18n';

/** Feminine singular imperatives and pronoun endings, and the plural "you" (verbs, pronouns, possessives). */
const OTHER_REGISTER: { name: string; re: RegExp }[] = [
  { name: 'feminine', re: /(?<![\p{L}])(?:اكتبي|اختاري|أرسلي|ارسلي|شاركي|أدخلي|حاولي|انتظري|تأكدي|اضغطي|راجعي|أنتِ|لكِ|عليكِ|يمكنكِ)(?![\p{L}])/u },
  { name: 'plural', re: /(?<![\p{L}])(?:اكتبوا|اختاروا|أرسلوا|شاركوا|أدخلوا|حاولوا|انتظروا|تأكدوا|اضغطوا|راجعوا|يمكنكم|لكم|عليكم|أنتم|إليكم|تصلكم|بلاغكم|بياناتكم)(?![\p{L}])/u },
];

function strings(tree: unknown, where: string): { where: string; text: string }[] {
  if (typeof tree === 'string') return [{ where, text: tree }];
  if (Array.isArray(tree)) return tree.flatMap((v, i) => strings(v, `${where}[${i}]`));
  if (typeof tree === 'object' && tree !== null) return Object.entries(tree).flatMap(([k, v]) => strings(v, where ? `${where}.${k}` : k));
  return [];
}

describe('Arabic keeps one register', () => {
  it('locales/ar.json has no feminine or plural "you" (outside the vocabulary people type)', () => {
    const { vocabulary: _typed, ...shown } = readLocaleFiles().ar as Record<string, unknown>;
    const found = strings(shown, '').flatMap(({ where, text }) => OTHER_REGISTER.filter((r) => r.re.test(text)).map((r) => ({ where, register: r.name, text })));
    expect(found).toEqual([]);
  });

  it('catches the forms it is meant to catch', () => {
    expect(OTHER_REGISTER.map((r) => r.re.test('اكتبي عنوانك'))).toEqual([true, false]);
    expect(OTHER_REGISTER.map((r) => r.re.test('ولن تصلكم إلا بموافقته'))).toEqual([false, true]);
    expect(OTHER_REGISTER.map((r) => r.re.test('اختر أحد الخيارات، أو يُرجى كتابة رقمه.'))).toEqual([false, false]);
  });
});
