/**
 * Multinomial logistic regression (softmax) over sparse, named features: the trainer shared by
 * the intent classifier (intent-classifier.ts) and the category ranking (category-classifier.ts).
 *
 * Why not natural's own classifiers: they turn every message into a dense vector over the whole
 * vocabulary (`textToFeatures` walks every known feature with `indexOf`); measured on the English
 * intent fixture, `BayesClassifier` was 41% accurate with a 21 ms p99 and
 * `LogisticRegressionClassifier` had not finished training after ten minutes. Here a message
 * costs its own features times the number of labels. Plain stochastic gradient descent with a
 * small L2 penalty; training is deterministic (a seeded shuffle), so the same examples always
 * give the same model.
 */
import type { Feature } from './intent-features';
import { seededRandom } from '../engine/seeded-random';

/** One training example: its features and its label. */
export interface SoftmaxExample {
  features: readonly Feature[];
  label: string;
}

export interface SoftmaxModel {
  /** The labels, sorted; `probabilities` answers in this order. */
  readonly labels: readonly string[];
  /** Each label's probability (summing to 1); null when no feature was seen in training. */
  probabilities(features: readonly Feature[]): Float64Array | null;
}

/**
 * What training learns, as plain data (model-cache.ts keeps it on disk): the labels, the
 * features seen in training in the order they were first seen, and the weights (feature-major:
 * `weights[f * labels.length + k]`) and biases.
 */
export interface SoftmaxParams {
  readonly labels: readonly string[];
  readonly features: readonly string[];
  readonly weights: Float64Array;
  readonly bias: Float64Array;
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

function scoreInto(scores: Float64Array, weights: Float64Array, bias: Float64Array, index: number[], value: number[], K: number): void {
  for (let k = 0; k < K; k++) scores[k] = bias[k]!;
  for (let f = 0; f < index.length; f++) {
    const base = index[f]! * K;
    const v = value[f]!;
    for (let k = 0; k < K; k++) scores[k]! += weights[base + k]! * v;
  }
}

/** Trains a model (at least two labels: the caller checks and names its own error). */
export function trainSoftmax(examples: readonly SoftmaxExample[]): SoftmaxModel {
  return softmaxModel(trainSoftmaxParams(examples));
}

/**
 * A text's features as vocabulary indices and values, scaled so they have unit length (long and
 * short examples weigh alike). A feature not in the vocabulary is added (`grow`) or skipped.
 */
function encode(features: readonly Feature[], vocabulary: Map<string, number>, grow: boolean): { index: number[]; value: number[] } {
  const index: number[] = [];
  const value: number[] = [];
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
}

/** Training itself: deterministic, so the same examples always give the same parameters. */
export function trainSoftmaxParams(examples: readonly SoftmaxExample[]): SoftmaxParams {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const K = labels.length;
  const vocabulary = new Map<string, number>();
  const data: Encoded[] = examples.map((e) => ({ ...encode(e.features, vocabulary, true), label: labels.indexOf(e.label) }));
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
  return { labels, features: [...vocabulary.keys()], weights, bias };
}

/** The model answering from trained (or loaded) parameters; it never changes them. */
export function softmaxModel(params: SoftmaxParams): SoftmaxModel {
  const { labels, weights, bias } = params;
  const K = labels.length;
  const vocabulary = new Map(params.features.map((name, i) => [name, i]));
  return {
    labels,
    probabilities(features) {
      const { index, value } = encode(features, vocabulary, false);
      if (index.length === 0) return null;
      const out = new Float64Array(K);
      scoreInto(out, weights, bias, index, value, K);
      softmaxInPlace(out);
      return out;
    },
  };
}
