/**
 * The intent classifier: multinomial logistic regression (softmax) over sparse features
 * (intent-features.ts: natural's per-language Porter stems, stem pairs, character trigrams),
 * trained at start from example utterances (intent-examples.ts).
 *
 * Why not natural's own classifiers: they turn every message into a dense vector over the whole
 * vocabulary (`textToFeatures` walks every known feature with `indexOf`). Measured here on the
 * English fixture with these same features: `BayesClassifier` 41% accurate, 0.67 ms median and
 * 21 ms p99 a message; `LogisticRegressionClassifier` had not finished training after ten
 * minutes. natural still does the language work (Porter stemmers, Jaro-Winkler for misspelt
 * keywords); the scoring here is sparse: a message costs its own features times the number of
 * intents (about 0.03 ms; `npm run eval:nlu` prints p50 and p99).
 *
 * Softmax probabilities are what the menu's "unsure: ask" rule reads (src: dialogs/menu/
 * understand.ts). Class-balanced training was tried and not kept (no better overall). Training
 * is deterministic (a seeded shuffle), so the same examples always give the same model.
 */
import { intentFeatures } from './intent-features';
import { seededRandom } from '../engine/seeded-random';

/** One labelled example. */
export interface IntentExample {
  text: string;
  intent: string;
}

/** An intent and its probability; a ranking sums to 1. */
export interface IntentScore {
  intent: string;
  score: number;
}

export interface IntentClassifier {
  readonly locale: string;
  readonly intents: readonly string[];
  /** Every intent, most likely first; empty when the text has nothing the examples had. */
  classify(text: string): IntentScore[];
}

const EPOCHS = 40;
const LEARNING_RATE = 0.5;
const L2 = 1e-5;


interface Encoded {
  index: number[];
  value: number[];
  label: number;
}

function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp(scores[k]! - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k]! /= sum;
}

/**
 * Trains a classifier for one locale. Throws (a coded error) without at least two intents.
 * `referencePrefix` (e.g. WG) makes a case reference in a message a feature of its own.
 */
export function trainIntentClassifier(locale: string, examples: readonly IntentExample[], referencePrefix?: string): IntentClassifier {
  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  if (intents.length < 2) throw Object.assign(new Error(`intent examples for ${locale}: at least two intents are needed`), { code: 'intents_too_few' });
  const K = intents.length;
  const vocabulary = new Map<string, number>();
  const encode = (text: string, grow: boolean): { index: number[]; value: number[] } => {
    const index: number[] = [];
    const value: number[] = [];
    const features = intentFeatures(text, locale, referencePrefix);
    // Scaled so a message's features have unit length: long and short examples weigh alike.
    const norm = Math.sqrt(features.reduce((s, f) => s + f.weight * f.weight, 0)) || 1;
    for (const f of features) {
      let i = vocabulary.get(f.name);
      if (i === undefined) {
        if (!grow) continue;
        i = vocabulary.size;
        vocabulary.set(f.name, i);
      }
      index.push(i);
      value.push(f.weight / norm);
    }
    return { index, value };
  };
  const data: Encoded[] = examples.map((e) => ({ ...encode(e.text, true), label: intents.indexOf(e.intent) }));
  const weights = new Float64Array(vocabulary.size * K);
  const bias = new Float64Array(K);
  const scores = new Float64Array(K);
  const random = seededRandom(14);
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = LEARNING_RATE / (1 + epoch * 0.1);
    for (const n of order) {
      const d = data[n]!;
      scoreInto(scores, weights, bias, d.index, d.value, K);
      softmaxInPlace(scores);
      for (let k = 0; k < K; k++) {
        const g = scores[k]! - (k === d.label ? 1 : 0);
        bias[k]! -= rate * g;
        for (let f = 0; f < d.index.length; f++) {
          const w = d.index[f]! * K + k;
          weights[w] = weights[w]! * (1 - rate * L2) - rate * g * d.value[f]!;
        }
      }
    }
  }
  return {
    locale,
    intents,
    classify(text) {
      const { index, value } = encode(text, false);
      // Nothing the examples ever had ("x", a run of dots, an alphabet no example uses): no guess.
      if (index.length === 0) return [];
      const out = new Float64Array(K);
      scoreInto(out, weights, bias, index, value, K);
      softmaxInPlace(out);
      return intents.map((intent, k) => ({ intent, score: out[k]! })).sort((a, b) => b.score - a.score);
    },
  };
}

function scoreInto(scores: Float64Array, weights: Float64Array, bias: Float64Array, index: number[], value: number[], K: number): void {
  for (let k = 0; k < K; k++) scores[k] = bias[k]!;
  for (let f = 0; f < index.length; f++) {
    const base = index[f]! * K;
    const v = value[f]!;
    for (let k = 0; k < K; k++) scores[k]! += weights[base + k]! * v;
  }
}
