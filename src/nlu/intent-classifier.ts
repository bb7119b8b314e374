/**
 * The intent classifier: multinomial logistic regression (softmax, the shared trainer in
 * softmax.ts, which says why not natural's own classifiers) over sparse features
 * (intent-features.ts: natural's per-language Porter stems, stem pairs, character trigrams),
 * trained at start from example utterances (intent-examples.ts), or loaded from the model
 * cache when it was trained before on the same examples (model-cache.ts). natural still does the
 * language work (Porter stemmers, Jaro-Winkler for misspelt keywords). A message costs about
 * 0.03 ms (`npm run eval:nlu` prints p50 and p99).
 *
 * Softmax probabilities are what the menu's "unsure: ask" rule reads (src: dialogs/menu/
 * understand.ts). Class-balanced training was tried and not kept (no better overall).
 */
import { intentFeatures } from './intent-features';
import { modelCache, type ModelCache } from './model-cache';

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

/**
 * Trains a classifier for one locale. Throws (a coded error) without at least two intents.
 * `referencePrefix` (e.g. WG) makes a case reference in a message a feature of its own. The model
 * comes from `models` when it holds one for the same examples (model-cache.ts: identical answers).
 */
export function trainIntentClassifier(locale: string, examples: readonly IntentExample[], referencePrefix?: string, models: ModelCache = modelCache()): IntentClassifier {
  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  if (intents.length < 2) throw Object.assign(new Error(`intent examples for ${locale}: at least two intents are needed`), { code: 'intents_too_few' });
  // Found by the texts themselves: a stored model spares computing their features too.
  const inputs = { kind: 'intent-classifier', locale, referencePrefix: referencePrefix ?? null, examples: examples.map((e) => [e.text, e.intent]) };
  const model = models.softmaxFrom(inputs, () => examples.map((e) => ({ features: intentFeatures(e.text, locale, referencePrefix), label: e.intent })));
  return {
    locale,
    intents,
    classify(text) {
      // Nothing the examples ever had ("x", a run of dots, an alphabet no example uses): no guess.
      const out = model.probabilities(intentFeatures(text, locale, referencePrefix));
      if (out === null) return [];
      return model.labels.map((intent, k) => ({ intent, score: out[k]! })).sort((a, b) => b.score - a.score);
    },
  };
}
