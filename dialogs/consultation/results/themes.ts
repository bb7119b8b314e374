/**
 * Free-text answers summarised into themes, per language (issue 12): "what worries you about
 * the bike lane?" -> "parking, spaces, street" (30 answers), "bus, stop, behind, passengers,
 * wait" (11), "deliveries, loading, block, zone, bays" (9) ... (the English half of
 * test/dialogs/fixtures/free-text-answers.json), each theme with its words, how many answers
 * it holds and a few example answers with personal data masked.
 * Pure and deterministic: no I/O, no clock, no randomness; the same answers in any order give
 * the same themes.
 *
 * Method, per language (the primary subtag of each answer's locale: "es-MX" counts as "es"):
 * 1. Terms: tokenise, lower case, strip accents for matching, drop stop words, stem
 *    (themes-language.ts: natural's tokenizer, stop-word lists and Porter stemmers; Arabic is
 *    normalised but not stemmed, natural has no Arabic stemmer).
 * 2. TF-IDF over that language's answers, with natural's definitions (naturalnode.github.io/
 *    natural/tfidf.html): tf = the raw count in the answer, idf = 1 + ln(N / (1 + df)). The
 *    document frequencies are counted here in one pass instead of with natural's TfIdf class,
 *    whose idf scans every document for each term (terms x answers): its listTerms over 10,000
 *    varied English answers (7,588 stems) took 9.4 s here, this whole extraction of 20,000
 *    answers about 0.3 s (bench/themes.ts).
 * 3. Each answer's top terms: its TOP_TERMS terms of highest tf-idf, among terms used by at
 *    least `minThemeSize` answers (a word nobody else used cannot be shared) and not among the
 *    `ignore` words (pass the question's text: its words say what was asked, not what answers
 *    differ on). Ties go to the term first in code-point order.
 * 4. Greedy grouping: the theme word is the term with the highest document count x mean
 *    tf-idf among the remaining answers' top terms (that is, the sum of its tf-idf); its theme
 *    holds every remaining answer with that term among its top terms; the words most often
 *    among those answers' top terms join it (those in CO_TERM_SHARE of them; if fewer than
 *    two, the most frequent ones found in at least 2), up to MAX_TERMS words in all. Its
 *    answers leave the pool; repeat until `maxThemes` themes or no term is shared by
 *    `minThemeSize` remaining answers. What is left is `unthemed`. A word is in a theme only
 *    when 2 answers or more used it, so one person's name or street rarely names a theme.
 * 5. Words are shown as people wrote them: each stem as its most frequent lower-case form
 *    ("parking", not "park"). Examples are the answers with most of the theme's words,
 *    preferring a readable length, masked (mask-personal-data.ts) before they are shortened.
 *
 * Answers are put in a canonical order (id, then text) first, and every tie is broken by a
 * string comparison, so floating-point sums are always added in the same order.
 */
import { maskPersonalData } from './mask-personal-data';
import { languageOf, termReader, type Term } from './themes-language';

export interface FreeTextAnswer {
  id: string;
  text: string;
  locale: string;
}

export interface ThemeOptions {
  /** Most themes per language (default 8). */
  maxThemes?: number;
  /** Example answers per theme (default 3). */
  examples?: number;
  /** Fewest answers that make a theme (default 2). */
  minThemeSize?: number;
  /**
   * Per language ("en", "es"): text whose words never make a theme; pass the question as it
   * was asked. Without it, its words ("bike", "lane") can join themes as their other words.
   */
  ignore?: Readonly<Record<string, string>>;
}

export interface ThemeExample {
  id: string;
  /** Personal data masked; shortened to MAX_EXAMPLE_CHARS. */
  text: string;
}

export interface Theme {
  /** 1 to MAX_TERMS words, the theme word first, as people wrote them. */
  terms: string[];
  count: number;
  examples: ThemeExample[];
}

export interface LocaleThemes {
  /** The language: "en", "es", "ar". */
  locale: string;
  answers: number;
  /** Largest first; equal counts in the order of their first word. */
  themes: Theme[];
  /** Answers in no theme: too short, stop words only, or about something nobody else said. */
  unthemed: number;
}

/** Languages in code-point order. */
export type ThemesByLocale = Record<string, LocaleThemes>;

/** How many of an answer's terms take part in grouping. */
export const TOP_TERMS = 8;
/** A word joins a theme when this share of its answers have it among their top terms. */
export const CO_TERM_SHARE = 0.15;
/** Fewest words shown for a theme, when its answers share that many. */
export const MIN_TERMS = 3;
/** Most words shown for a theme. */
export const MAX_TERMS = 5;
/** Examples longer than this are cut at a word boundary, with an ellipsis. */
export const MAX_EXAMPLE_CHARS = 280;
/** Examples of about this length read best: neither "parking!!" nor a letter. */
const READABLE_CHARS = 140;

const DEFAULTS = { maxThemes: 8, examples: 3, minThemeSize: 2 };

/** Themes of free-text answers, per language. */
export function extractThemes(answers: readonly FreeTextAnswer[], opts: ThemeOptions = {}): ThemesByLocale {
  const settings = {
    maxThemes: opts.maxThemes ?? DEFAULTS.maxThemes,
    examples: opts.examples ?? DEFAULTS.examples,
    minThemeSize: Math.max(1, opts.minThemeSize ?? DEFAULTS.minThemeSize),
  };
  const byLanguage = new Map<string, FreeTextAnswer[]>();
  for (const answer of answers) {
    const language = languageOf(answer.locale);
    let list = byLanguage.get(language);
    if (!list) byLanguage.set(language, (list = []));
    list.push(answer);
  }
  const result: ThemesByLocale = {};
  for (const language of [...byLanguage.keys()].sort(compare)) {
    const list = [...(byLanguage.get(language) ?? [])].sort((a, b) => compare(a.id, b.id) || compare(a.text, b.text));
    result[language] = themesOfLanguage(language, list, { ...settings, ignore: opts.ignore?.[language] ?? '' });
  }
  return result;
}

interface Doc {
  answer: FreeTextAnswer;
  /** Term id -> tf. */
  tf: Map<number, number>;
  /** Term id -> tf-idf, for the answer's top terms only. */
  top: Map<number, number>;
}

function themesOfLanguage(
  language: string,
  answers: readonly FreeTextAnswer[],
  settings: { maxThemes: number; examples: number; minThemeSize: number; ignore: string },
): LocaleThemes {
  const reader = termReader(language);
  const vocabulary = new Vocabulary();
  const docs: Doc[] = answers.map((answer) => ({ answer, tf: vocabulary.count(reader.terms(answer.text)), top: new Map() }));
  const ignored = new Set(reader.terms(settings.ignore).map((t) => t.stem));

  const df = new Array<number>(vocabulary.size).fill(0);
  for (const doc of docs) for (const id of doc.tf.keys()) df[id] = (df[id] ?? 0) + 1;
  const idf = df.map((n) => 1 + Math.log(docs.length / (1 + n)));
  for (const doc of docs) {
    const scored: [number, number][] = [];
    for (const [id, tf] of doc.tf) {
      if ((df[id] ?? 0) >= settings.minThemeSize && !ignored.has(vocabulary.stem(id))) scored.push([id, tf * (idf[id] ?? 0)]);
    }
    scored.sort((a, b) => b[1] - a[1] || compare(vocabulary.stem(a[0]), vocabulary.stem(b[0])));
    doc.top = new Map(scored.slice(0, TOP_TERMS));
  }

  const themes: Theme[] = [];
  let pool = docs.filter((d) => d.top.size > 0);
  while (themes.length < settings.maxThemes) {
    const word = themeWord(pool, vocabulary, settings.minThemeSize);
    if (word === undefined) break;
    const members = pool.filter((d) => d.top.has(word));
    pool = pool.filter((d) => !d.top.has(word));
    const terms = [word, ...coTerms(members, word, vocabulary)];
    themes.push({
      terms: terms.map((id) => vocabulary.surface(id)),
      count: members.length,
      examples: pickExamples(members, terms, settings.examples),
    });
  }
  themes.sort((a, b) => b.count - a.count || compare(a.terms[0] ?? '', b.terms[0] ?? ''));
  const themed = themes.reduce((n, t) => n + t.count, 0);
  return { locale: language, answers: answers.length, themes, unthemed: answers.length - themed };
}

/** Per term: in how many of these answers' top terms, and the sum of its tf-idf there. */
function tally(docs: readonly Doc[], skip?: number): Map<number, { count: number; sum: number }> {
  const totals = new Map<number, { count: number; sum: number }>();
  for (const doc of docs) {
    for (const [id, score] of doc.top) {
      if (id === skip) continue;
      const t = totals.get(id);
      if (t) {
        t.count++;
        t.sum += score;
      } else totals.set(id, { count: 1, sum: score });
    }
  }
  return totals;
}

/** The term with the highest count x mean tf-idf (= sum) shared by enough answers. */
function themeWord(pool: readonly Doc[], vocabulary: Vocabulary, minSize: number): number | undefined {
  let best: { id: number; count: number; sum: number } | undefined;
  for (const [id, t] of tally(pool)) {
    if (t.count < minSize) continue;
    if (!best || t.sum > best.sum || (t.sum === best.sum && (t.count > best.count || (t.count === best.count && compare(vocabulary.stem(id), vocabulary.stem(best.id)) < 0)))) {
      best = { id, ...t };
    }
  }
  return best?.id;
}

/**
 * The top terms that co-occur most with the theme word: those in CO_TERM_SHARE of its answers,
 * or, when fewer than MIN_TERMS - 1 are, the most frequent ones in at least 2 of them.
 */
function coTerms(members: readonly Doc[], word: number, vocabulary: Vocabulary): number[] {
  const ranked = [...tally(members, word)]
    .filter(([, t]) => t.count >= 2)
    .sort(([a, x], [b, y]) => y.count - x.count || y.sum - x.sum || compare(vocabulary.stem(a), vocabulary.stem(b)));
  const common = ranked.filter(([, t]) => t.count >= members.length * CO_TERM_SHARE);
  return (common.length >= MIN_TERMS - 1 ? common : ranked).slice(0, Math.max(common.length, MIN_TERMS - 1)).slice(0, MAX_TERMS - 1).map(([id]) => id);
}

/** Answers with most of the theme's terms, then of a readable length, then by id; masked. */
function pickExamples(members: readonly Doc[], terms: readonly number[], howMany: number): ThemeExample[] {
  const ranked = members.map((d) => ({
    d,
    shared: terms.filter((id) => d.tf.has(id)).length,
    distance: Math.abs(d.answer.text.length - READABLE_CHARS),
  }));
  ranked.sort((a, b) => b.shared - a.shared || a.distance - b.distance || compare(a.d.answer.id, b.d.answer.id) || compare(a.d.answer.text, b.d.answer.text));
  return ranked.slice(0, Math.max(0, howMany)).map(({ d }) => ({ id: d.answer.id, text: shorten(maskPersonalData(d.answer.text)) }));
}

/** At most MAX_EXAMPLE_CHARS characters, cut after a whole word where there is one. */
function shorten(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= MAX_EXAMPLE_CHARS) return trimmed;
  const cut = trimmed.slice(0, MAX_EXAMPLE_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_EXAMPLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Stems as small integers, with the most frequent way each was written. */
class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly stems: string[] = [];
  private readonly surfaces: Map<string, number>[] = [];

  get size(): number {
    return this.stems.length;
  }

  /** Term frequencies of one answer's terms; records how each stem was written. */
  count(terms: readonly Term[]): Map<number, number> {
    const tf = new Map<number, number>();
    for (const { stem, surface } of terms) {
      let id = this.ids.get(stem);
      if (id === undefined) {
        id = this.stems.length;
        this.ids.set(stem, id);
        this.stems.push(stem);
        this.surfaces.push(new Map());
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
      const forms = this.surfaces[id];
      forms?.set(surface, (forms.get(surface) ?? 0) + 1);
    }
    return tf;
  }

  stem(id: number): string {
    return this.stems[id] ?? '';
  }

  /** The most frequent written form; among equals, the first in code-point order. */
  surface(id: number): string {
    let best = '';
    let bestCount = 0;
    for (const [form, n] of this.surfaces[id] ?? []) {
      if (n > bestCount || (n === bestCount && compare(form, best) < 0)) {
        best = form;
        bestCount = n;
      }
    }
    return best;
  }
}

/** Code-point order: the same on every machine and in every locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
