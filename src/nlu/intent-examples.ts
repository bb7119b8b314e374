/**
 * The intent classifier's training data: example messages per intent and language, from three
 * places, all text in the repository or the catalogue (never the held-out eval/nlu fixture):
 * - locales/intents/<locale>.json: WeGov's own intents (greeting, thanks, help, human, ...);
 * - each participation module's `intents` (ParticipationModule.intents): its own examples;
 * - the catalogue's optional `intents:` section: the agency's (src/catalog/schema-intents.ts).
 * The files are read once per process and validated with zod: a broken file fails at start
 * with its path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../catalog/paths';
import type { IntentExample } from './intent-classifier';

/** Examples per locale. */
export type LocaleExamples = Readonly<Record<string, readonly string[]>>;

const fileSchema = z.record(z.string().regex(/^[a-z][a-z_]{1,39}$/), z.array(z.string().trim().min(1).max(300)));

const cache = new Map<string, Readonly<Record<string, readonly string[]>>>();

/** The directory of WeGov's own intent examples. */
export function intentsDir(): string {
  return path.join(repoRoot(), 'locales', 'intents');
}

/** locales/intents/<locale>.json: examples per intent ({} when the locale has no file). */
export function coreIntentExamples(locale: string, dir: string = intentsDir()): Readonly<Record<string, readonly string[]>> {
  const file = path.join(dir, `${locale}.json`);
  let examples = cache.get(file);
  if (!examples) {
    if (!existsSync(file)) examples = {};
    else {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        throw Object.assign(new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`), { code: 'intent_examples_invalid' });
      }
      examples = parsed.data;
    }
    cache.set(file, examples);
  }
  return examples;
}

/** Every locales/intents/<locale>.json, as examples per intent, then per locale. */
export function coreIntents(dir: string = intentsDir()): Record<string, Record<string, readonly string[]>> {
  const out: Record<string, Record<string, readonly string[]>> = {};
  const locales = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)) : [];
  for (const locale of locales.sort()) {
    for (const [intent, list] of Object.entries(coreIntentExamples(locale, dir))) (out[intent] ??= {})[locale] = list;
  }
  return out;
}

/**
 * The training set for one locale: for each intent, its examples in that locale from every
 * source; an intent with none in that locale borrows the fallback locale's, so a language
 * without examples yet still understands what it can.
 */
export function trainingSet(intents: readonly { id: string; examples: LocaleExamples }[], locale: string, fallback: string): IntentExample[] {
  const out: IntentExample[] = [];
  const byIntent = new Map<string, string[]>();
  for (const intent of intents) {
    const list = byIntent.get(intent.id) ?? [];
    list.push(...(intent.examples[locale] ?? []));
    byIntent.set(intent.id, list);
  }
  for (const [id, list] of byIntent) {
    const own = list.length > 0 ? list : intents.filter((i) => i.id === id).flatMap((i) => i.examples[fallback] ?? []);
    for (const text of new Set(own)) out.push({ text, intent: id });
  }
  return out;
}
