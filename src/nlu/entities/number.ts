/**
 * Numbers in free text: digits (Arabic-Indic too) with the language's separators ("2.5" and
 * "1,000" in English, "2,5" and "1.000" in Spanish and French, "٢٫٥" in Arabic), and the small
 * numbers people spell out ("three", "tres", "trois", "ثلاثة"). Digits glued to letters ("45th",
 * "WG-7K3QX9", "12b") are not numbers. Linear: one pattern whose repeats each need a separator.
 */
import { westernDigits } from '../digits';
import { normalize } from '../normalize';

export interface NumberEntity {
  text: string;
  start: number;
  end: number;
  value: number;
}

const DIGITS = /(?<![\p{L}\p{N}])-?\d+(?:[.,]\d+)*(?![\p{L}\p{N}])/gu;
const WORD = /[\p{L}\p{M}]+/gu;

const WORDS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, twenty: 20, dozen: 12,
  cero: 0, uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12, veinte: 20,
  zéro: 0, un: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12, vingt: 20,
  // Arabic, folded as normalize() folds it (ة -> ه).
  واحد: 1, واحده: 1, اثنان: 2, اثنين: 2, ثلاثه: 3, ثلاث: 3, اربعه: 4, اربع: 4, خمسه: 5, خمس: 5, سته: 6, ست: 6, سبعه: 7, سبع: 7,
  ثمانيه: 8, ثماني: 8, تسعه: 9, تسع: 9, عشره: 10, عشر: 10,
};

/** Languages that write a decimal comma (and a dot between thousands). */
const DECIMAL_COMMA = new Set(['es', 'fr', 'de', 'it', 'pt', 'nl']);

/** Every number in `text`, in order. Spelled-out numbers: words that are numbers in any shipped language. */
export function extractNumbers(text: string, locale: string): NumberEntity[] {
  const head = westernDigits(text.slice(0, 20_000));
  const comma = DECIMAL_COMMA.has(locale.split('-')[0] ?? '');
  const out: NumberEntity[] = [];
  for (const m of head.matchAll(DIGITS)) {
    const value = readDigits(m[0], comma);
    if (value !== undefined) out.push({ text: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length, value });
  }
  for (const m of head.matchAll(WORD)) {
    // "un"/"une" are articles as often as numbers; "once" is English too: only their own language reads them.
    const word = normalize(m[0]);
    const value = WORDS[word] ?? WORDS[m[0].toLowerCase()];
    if (value === undefined || ambiguous(word, locale)) continue;
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length, value });
  }
  return out.sort((a, b) => a.start - b.start);
}

function ambiguous(word: string, locale: string): boolean {
  const language = locale.split('-')[0] ?? '';
  if (word === 'once') return language !== 'es';
  if (word === 'un' || word === 'una' || word === 'uno') return language !== 'es' && language !== 'fr';
  return false;
}

/**
 * "1,000.5" (dot decimal) or "1.000,5" (comma decimal): the last separator is the decimal one
 * when the language says so and three digits do not follow it as a thousands group would.
 */
function readDigits(raw: string, decimalComma: boolean): number | undefined {
  const groups = raw.replace(/^-/, '').split(/[.,]/);
  const separators = raw.replace(/[^.,]/g, '');
  const negative = raw.startsWith('-') ? -1 : 1;
  if (groups.length === 1) return negative * Number(groups[0]);
  const decimalMark = decimalComma ? ',' : '.';
  const last = separators[separators.length - 1];
  const tail = groups[groups.length - 1] ?? '';
  const hasDecimal = last === decimalMark || (tail.length !== 3 && separators.length === 1);
  const whole = (hasDecimal ? groups.slice(0, -1) : groups).join('');
  const value = Number(hasDecimal ? `${whole}.${tail}` : whole);
  return Number.isFinite(value) ? negative * value : undefined;
}
