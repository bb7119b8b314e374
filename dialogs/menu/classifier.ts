/**
 * The menu's intent classifier per catalogue and language, trained from every intent's
 * examples (the menu's, each module's, the catalogue's `intents:`) the first time it is
 * needed, or at start (`prepare`, which the composition root calls). A reloaded catalogue has
 * new categories: its classifiers are trained afresh.
 */
import type { Catalog } from '../../src/catalog/types';
import type { IntentDef } from '../../src/engine/module';
import { trainIntentClassifier, type IntentClassifier } from '../../src/nlu/intent-classifier';
import { trainingSet } from '../../src/nlu/intent-examples';

export interface IntentModels {
  classifier(catalog: Catalog, locale: string): IntentClassifier;
  /** The intent with that id, if any module (or the menu) declares it. */
  intent(id: string): IntentDef | undefined;
  /** Every declared intent's id. */
  ids(): readonly string[];
}

/** The training data of one locale: every declared intent's examples, and the catalogue's for them. */
export function intentTraining(intents: readonly IntentDef[], catalog: Catalog, locale: string) {
  const sources = intents.map((i) => ({ id: i.id, examples: i.examples(catalog) }));
  for (const [id, byLocale] of Object.entries(catalog.intents ?? {})) {
    if (intents.some((i) => i.id === id)) sources.push({ id, examples: byLocale });
  }
  return trainingSet(sources, locale, catalog.jurisdiction.defaultLocale);
}

export function intentModels(intents: readonly IntentDef[]): IntentModels {
  // Keyed by the catalogue's categories (a reload makes new ones): copies of one loaded catalogue share them.
  const cache = new WeakMap<Catalog['categories'], Map<string, IntentClassifier>>();
  return {
    classifier(catalog, locale) {
      let byLocale = cache.get(catalog.categories);
      if (!byLocale) cache.set(catalog.categories, (byLocale = new Map()));
      let model = byLocale.get(locale);
      if (!model) {
        model = trainIntentClassifier(locale, intentTraining(intents, catalog, locale), catalog.jurisdiction.referencePrefix);
        byLocale.set(locale, model);
      }
      return model;
    },
    intent: (id) => intents.find((i) => i.id === id),
    ids: () => intents.map((i) => i.id),
  };
}
