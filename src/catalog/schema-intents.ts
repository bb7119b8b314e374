import { z } from 'zod';
import { localeTag } from './schema-text';

/**
 * The catalogue's optional `intents:` section: an agency's own example messages for the intent
 * classifier (src/nlu/intent-classifier.ts), per intent and language, added to WeGov's
 * (locales/intents/<locale>.json and each module's). For instance:
 *
 *   intents:
 *     report:
 *       en: ["the bins on my street smell", "a manhole cover is missing"]
 *     volunteer:
 *       es: ["quiero ayudar en la feria del barrio"]
 *
 * Intent ids are WeGov's (README "Understanding free text" lists them); examples for an intent
 * no module offers are kept but unused.
 */
export const intentId = z.string().regex(/^[a-z][a-z_]{1,39}$/, 'must be an intent id like report, volunteer or my_reports');

const example = z.string().trim().min(1, 'must not be blank').max(300, 'must be at most 300 characters');

export const intentsSchema = z.record(intentId, z.record(localeTag, z.array(example).min(1, 'needs at least one example')));

/** Examples per intent, then per locale. */
export type CatalogIntents = Record<string, Record<string, string[]>>;
