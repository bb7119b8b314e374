/**
 * Category from a description: "the light outside my house has been out for a week" ranks
 * "Streetlight out" first. One classifier per catalogue and language, trained at start from the
 * catalogue's own text in that language only (names, descriptions, keywords, the categories'
 * questions and answers), so a Spanish "hola" never meets the English "hole".
 *
 * Library: natural's TfIdf, one document per category holding the set of its terms: word stems
 * (natural's Porter stemmer for the language, stem.ts; natural's stop-word lists; for Arabic,
 * which natural lacks, a light stemmer and stop words of our own), adjacent
 * word pairs ("traffic light" is not "street light") and joined pairs ("street light" is
 * "streetlight"). TF-IDF suits this training data: about ten short documents per language, a
 * few dozen words each; a word counts by how few categories use it, with no priors to learn
 * (a naive Bayes classifier over so few words mostly learns document length). Typos: a word the
 * classifier does not know takes the closest known word's stem when their Jaro-Winkler
 * similarity (natural) is 0.9 or more ("potole" -> pothole, "grafitti" -> graffiti).
 *
 * Beside TF-IDF, a softmax regression (softmax.ts, the intent classifier's trainer) learns from
 * each training text on its own (one example each, labelled with its category) over the same
 * terms plus character trigrams; the ranking sums the two, each scaled to its best. TF-IDF
 * alone weighs a word by how few categories use it; the regression learns which words tell
 * categories apart across the examples. Together they rank better than either alone
 * (`npm run eval:nlu`; README "Understanding free text"). The regression is trained once per
 * set of texts and then loaded (model-cache.ts).
 */
import { TfIdf } from 'natural/lib/natural/tfidf';
import { words as ENGLISH } from 'natural/lib/natural/util/stopwords';
import { words as SPANISH } from 'natural/lib/natural/util/stopwords_es';
import { words as FRENCH } from 'natural/lib/natural/util/stopwords_fr';
import { similarity } from './fuzzy';
import type { Feature } from './intent-features';
import { modelCache, type ModelCache } from './model-cache';
import type { SoftmaxExample, SoftmaxModel } from './softmax';
import { normalize } from './normalize';
import { MAX_WORD_LENGTH, MAX_WORDS, stems } from './stem';

/** A category's training text in one language. */
export interface CategoryDoc {
  id: string;
  texts: readonly string[];
}

/** A ranked category: higher scores first. */
export interface CategoryScore {
  id: string;
  score: number;
}

/** Words that say nothing about which category (chat words, "problem", "report"), per language. */
const EXTRA_STOP: Record<string, readonly string[]> = {
  en: ['problem', 'issue', 'report', 'reporting', 'please', 'pls', 'hi', 'hello', 'hey', 'im', 'its', 'theres', 'there', 'still', 'since', 'week', 'weeks', 'day', 'days', 'today', 'yesterday', 'now', 'lol', 'omg', 'really', 'very', 'someone', 'something', 'get', 'got', 'can', 'could', 'would', 'need', 'want', 'fix', 'many', 'much', 'what', 'which', 'how', 'where', 'when', 'who', 'my', 'your', 'mine',
    // Where and when: said of every kind of problem, so never evidence for one.
    'outside', 'house', 'home', 'front', 'near', 'next', 'corner', 'block', 'building', 'across', 'middle', 'side', 'again', 'keeps', 'been', 'hours', 'morning', 'everyone', 'people'],
  es: ['problema', 'reportar', 'reporte', 'favor', 'hola', 'buenas', 'hay', 'esta', 'estan', 'desde', 'hace', 'semana', 'semanas', 'dia', 'dias', 'hoy', 'ayer', 'ya', 'alguien', 'algo', 'puede', 'pueden', 'quiero', 'necesito', 'arreglar', 'mi', 'mis', 'tu', 'tus', 'su', 'sus', 'he', 'has', 'ha', 'cuanto', 'cuanta', 'cuantos', 'cuantas', 'que', 'cual', 'donde', 'como', 'porque',
    'afuera', 'fuera', 'casa', 'frente', 'cerca', 'esquina', 'lado', 'medio', 'otra', 'vez', 'sigue', 'siguen', 'horas', 'manana', 'gente', 'nadie'],
  fr: ['probleme', 'signaler', 'signalement', 'svp', 'bonjour', 'salut', 'ya', 'depuis', 'semaine', 'semaines', 'jour', 'jours', 'aujourd', 'hui', 'hier', 'quelqu', 'quelque', 'chose', 'peut', 'pouvez', 'veux', 'faut', 'reparer', 'mes', 'mon', 'ma', 'combien', 'quel', 'quelle', 'quels', 'quelles', 'ou', 'comment',
    'dehors', 'devant', 'maison', 'pres', 'coin', 'cote', 'milieu', 'encore', 'toujours', 'heures', 'matin', 'gens'],
  // natural has no Arabic list: function words of Modern Standard Arabic and the common dialect
  // spellings (normalize() folds hamza, ta marbuta and alef maksura, and drops the article).
  ar: ['في', 'فى', 'فيه', 'فيها', 'من', 'على', 'عن', 'الى', 'إلى', 'لى', 'مع', 'او', 'أو', 'ثم', 'يا', 'هذا', 'هذه', 'هذي', 'هاد', 'هادا', 'هادي', 'هاي', 'ده', 'دي', 'دا', 'ذلك', 'تلك', 'اللي', 'الي', 'الذي', 'التي', 'الذين', 'انا', 'أنا', 'احنا', 'نحن', 'هو', 'هي', 'هم', 'انت', 'أنت', 'كان', 'كانت', 'يكون', 'صار', 'صارت', 'قد', 'لقد', 'كل', 'كله', 'كلها', 'جدا', 'كتير', 'كثير', 'كثيرا', 'اوي', 'قوي', 'لسه', 'لسا', 'بعد', 'قبل', 'منذ', 'حتى', 'لحد', 'عند', 'عندي', 'عندنا', 'بدي', 'بدنا', 'عايز', 'عاوز', 'ابغى', 'أبغى', 'ابي', 'أريد', 'اريد', 'ممكن', 'يمكن', 'لو', 'سمحت', 'فضلك', 'مرحبا', 'سلام', 'عليكم', 'شكرا', 'مشكله', 'بلاغ', 'ابلاغ', 'إبلاغ', 'ابلغ', 'أبلغ', 'بلغ', 'حدا', 'حد', 'احد', 'أحد', 'شي', 'شيء', 'حاجه', 'يوم', 'ايام', 'أيام', 'اسبوع', 'أسبوع', 'اسابيع', 'شهر', 'امبارح', 'امس', 'أمس', 'النهارده', 'هلق', 'هلا', 'الان', 'الآن', 'مره', 'كمان', 'برضو', 'ايضا', 'أيضا', 'قدام', 'امام', 'أمام', 'جنب', 'بجانب', 'قرب', 'بيت', 'بيتي', 'بيتنا', 'ناس', 'واحد'],
};
const NATURAL_STOP: Record<string, readonly string[]> = { en: ENGLISH, es: SPANISH, fr: FRENCH };

/** Typos: a word at least this similar to a known word is read as that word. */
const CLOSE = 0.9;
/** Shorter unknown words are not corrected (too many near neighbours). */
const MIN_TYPO_LENGTH = 4;
/** Stems and corrections of people's words are remembered up to this many. */
const CACHE_MAX = 20_000;

/** How much the softmax model counts beside TF-IDF (1: alike). */
const SOFTMAX_SHARE = 1;

/**
 * What the softmax model sees of a text: the TF-IDF terms (stems, pairs, joined pairs) and the
 * character trigrams of its content words, spread so a long word does not outvote a short one.
 */
function features(ws: readonly string[], terms: readonly string[]): Feature[] {
  const out = new Map<string, number>();
  const add = (name: string, weight: number) => out.set(name, (out.get(name) ?? 0) + weight);
  for (const t of terms) add(`t:${t}`, 1);
  for (const w of ws) {
    const padded = `#${w}#`;
    const count = padded.length - 2;
    for (let i = 0; i < count; i++) add(`c:${padded.slice(i, i + 3)}`, 1 / count);
  }
  return [...out].map(([name, weight]) => ({ name, weight }));
}

/** Words natural's lists stop that say what happened here: a light is "out", a tree "down", rubbish not picked "up". */
const KEEP = new Set(['out', 'off', 'down', 'up']);

function stopWordsFor(locale: string): Set<string> {
  const base = locale.split('-')[0] ?? '';
  return new Set([...(NATURAL_STOP[base] ?? []), ...(EXTRA_STOP[base] ?? [])].map(normalize).filter((w) => !KEEP.has(w)));
}

/** The content words of a text, normalised, in order (bounded like stems()). */
function contentWords(text: string, stop: ReadonlySet<string>): string[] {
  return normalize(text.slice(0, MAX_WORDS * (MAX_WORD_LENGTH + 1)))
    .split(/[\s/.+@\-]+/)
    .filter((w) => w.length > 1 && w.length <= MAX_WORD_LENGTH && !stop.has(w) && !/^\d+$/.test(w))
    .slice(0, MAX_WORDS);
}

/** A trained classifier for one language. */
export class CategoryClassifier {
  private readonly ids: string[] = [];
  /**
   * Each training term's idf (natural's TfIdf: 1 + ln(N / (1 + df))) and the categories that
   * use it. Scores are read from here, not from TfIdf.tfidfs: that caches the idf of every
   * term it is asked about, so people's words would grow it without bound.
   */
  private readonly weights = new Map<string, { idf: number; docs: number[] }>();
  private readonly stop: Set<string>;
  /** Every word seen in training -> its stem; by first two letters, for typo look-ups. */
  private readonly known = new Map<string, string>();
  private readonly byInitial = new Map<string, string[]>();
  /** Corrections already looked up (bounded: cleared when full). */
  private readonly corrected = new Map<string, string>();
  private readonly stemCache = new Map<string, string>();
  private readonly softmax: SoftmaxModel | null;

  constructor(
    docs: readonly CategoryDoc[],
    private readonly locale: string,
    models: ModelCache = modelCache(),
  ) {
    this.stop = stopWordsFor(locale);
    const tfidf = new TfIdf();
    const termsOf: Set<string>[] = [];
    const examples: SoftmaxExample[] = [];
    for (const doc of docs) {
      const terms = new Set<string>();
      for (const text of doc.texts) {
        const ws = contentWords(text, this.stop);
        for (const w of ws) this.learn(w);
        for (let i = 0; i + 1 < ws.length; i++) this.learn(`${ws[i]}${ws[i + 1]}`);
        const own = this.terms(ws);
        for (const term of own) terms.add(term);
        if (ws.length > 0) examples.push({ features: features(ws, own), label: doc.id });
      }
      this.ids.push(doc.id);
      termsOf.push(terms);
      tfidf.addDocument([...terms]);
    }
    this.softmax = new Set(examples.map((e) => e.label)).size >= 2 ? models.softmax(examples) : null;
    termsOf.forEach((terms, d) => {
      for (const term of terms) {
        const w = this.weights.get(term) ?? { idf: tfidf.idf(term), docs: [] };
        w.docs.push(d);
        this.weights.set(term, w);
      }
    });
  }

  /** Categories whose terms the text shares, best first (at most `limit`). */
  rank(text: string, limit = 3): CategoryScore[] {
    const ws = contentWords(text, this.stop).map((w) => this.correct(w));
    const query = [...new Set(this.terms(ws))];
    if (query.length === 0) return [];
    const scores = this.ids.map(() => 0);
    for (const term of query) {
      const w = this.weights.get(term);
      if (w) for (const d of w.docs) scores[d] = (scores[d] ?? 0) + w.idf;
    }
    this.blend(scores, features(ws, query));
    return scores
      .map((score, i) => ({ id: this.ids[i] ?? '', score }))
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /**
   * TF-IDF scores blended with the softmax model's probabilities, each scaled to its best (so
   * both count alike), on TF-IDF's scale: the suggestion thresholds read that scale.
   */
  private blend(scores: number[], query: readonly Feature[]): void {
    const top = Math.max(...scores);
    const probabilities = this.softmax?.probabilities(query);
    if (top <= 0 || !this.softmax || !probabilities) return;
    const best = Math.max(...probabilities);
    const labels = this.softmax.labels;
    const byId = new Map(labels.map((label, k) => [label, (probabilities[k] ?? 0) / best]));
    for (let d = 0; d < scores.length; d++) {
      const p = byId.get(this.ids[d] ?? '') ?? 0;
      scores[d] = (top * ((scores[d] ?? 0) / top + SOFTMAX_SHARE * p)) / (1 + SOFTMAX_SHARE);
    }
  }

  /** Stems, stems of adjacent pairs ("traffic light"), and of joined pairs ("streetlight"). */
  private terms(ws: readonly string[]): string[] {
    const s = ws.map((w) => this.stem(w));
    const out = [...s];
    for (let i = 0; i + 1 < ws.length; i++) {
      out.push(`${s[i]} ${s[i + 1]}`);
      out.push(this.stem(`${ws[i]}${ws[i + 1]}`));
    }
    return out;
  }

  private stem(word: string): string {
    let s = this.stemCache.get(word);
    if (s === undefined) {
      s = stems(word, this.locale)[0] ?? word;
      if (this.stemCache.size >= CACHE_MAX) this.stemCache.clear();
      this.stemCache.set(word, s);
    }
    return s;
  }

  private learn(word: string): void {
    if (this.known.has(word)) return;
    this.known.set(word, this.stem(word));
    const initial = word.slice(0, 2);
    const list = this.byInitial.get(initial) ?? [];
    list.push(word);
    this.byInitial.set(initial, list);
  }

  /**
   * A word the classifier does not know, read as the closest known word. Only known words with
   * the same first two letters and a length within two are compared (typos rarely start a
   * word; Jaro-Winkler weighs the start most anyway).
   */
  private correct(word: string): string {
    if (this.known.has(word) || word.length < MIN_TYPO_LENGTH) return word;
    const cached = this.corrected.get(word);
    if (cached !== undefined) return cached;
    let best = word;
    let bestScore = CLOSE;
    for (const candidate of this.byInitial.get(word.slice(0, 2)) ?? []) {
      if (Math.abs(candidate.length - word.length) > 2) continue;
      const score = similarity(word, candidate, CLOSE);
      if (score >= bestScore) [best, bestScore] = [candidate, score];
    }
    if (this.corrected.size >= CACHE_MAX) this.corrected.clear();
    this.corrected.set(word, best);
    return best;
  }
}
