/**
 * `npm run eval:nlu`: WeGov's language understanding measured on the held-out fixture
 * (eval/nlu/README.md). Prints one JSON object: per language, one entry per section. Each
 * section is a function of (fixture lines, language) exported from its own file (intents.ts);
 * a new section (e.g. categories) is one more file and one more line in SECTIONS.
 *
 *   npm run eval:nlu              all languages
 *   npm run eval:nlu -- es fr     only these
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { loadCatalog } from '../../src/catalog';
import { defaultCatalogPath } from '../../src/catalog/paths';
import type { Catalog } from '../../src/catalog/types';
import type { IntentDef } from '../../src/engine/module';
import { participationModules } from '../../dialogs';
import { fixtureLocales, readFixture, type FixtureLine } from './fixture';
import { categorySection } from './category';
import { intentSection } from './intents';

/** What every section gets: the app's intents and the demo catalogue. */
export interface EvalContext {
  intents: readonly IntentDef[];
  catalog: Catalog;
}

export type Section = (lines: readonly FixtureLine[], locale: string, ctx: EvalContext) => unknown;

export const SECTIONS: Record<string, Section> = {
  intents: (lines, locale, ctx) => intentSection(lines, ctx.intents, ctx.catalog, locale),
  categories: (lines, locale, ctx) => categorySection(lines, ctx.catalog, locale),
};

function main(): void {
  const catalog = loadCatalog(defaultCatalogPath({}));
  const intents = participationModules().flatMap((m) => m.intents ?? []);
  const asked = process.argv.slice(2);
  const locales = fixtureLocales().filter((l) => asked.length === 0 || asked.includes(l));
  const out: Record<string, Record<string, unknown>> = {};
  for (const locale of locales) {
    const lines = readFixture(locale);
    out[locale] = Object.fromEntries(Object.entries(SECTIONS).map(([name, section]) => [name, section(lines, locale, { intents, catalog })]));
  }
  console.log(JSON.stringify(out, null, 2));
}

main();
