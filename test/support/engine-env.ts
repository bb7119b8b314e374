import { loadCatalog } from '../../src/catalog';
import { defaultCatalogPath } from '../../src/catalog/paths';
import type { Catalog } from '../../src/catalog/types';
import { DEFAULT_LIMITS, type EngineLimits, type Env } from '../../src/engine/env';
import { loadI18n, type I18n } from '../../src/i18n';

import { seededRandom } from '../../src/engine/seeded-random';

export { seededRandom };

/** A clock that starts at `start` and moves one second each time it is read. */
export function steppingClock(start = '2026-11-26T15:00:00.000Z'): () => Date {
  let ms = Date.parse(start);
  return () => {
    const now = new Date(ms);
    ms += 1000;
    return now;
  };
}

let shared: Promise<{ catalog: Catalog; i18n: I18n }> | undefined;

/** The demo city and the shipped locales, loaded once per test file. */
export function demo(): Promise<{ catalog: Catalog; i18n: I18n }> {
  shared ??= loadI18n().then((i18n) => ({ catalog: loadCatalog(defaultCatalogPath({})), i18n }));
  return shared;
}

/** An engine env over the demo city with a stepping clock and a seeded random. */
export async function testEnv(opts: { seed?: number; limits?: Partial<EngineLimits>; catalog?: Catalog } = {}): Promise<{ env: Env; i18n: I18n }> {
  const { catalog, i18n } = await demo();
  return {
    i18n,
    env: {
      now: steppingClock(),
      random: seededRandom(opts.seed ?? 42),
      catalog: opts.catalog ?? catalog,
      locales: i18n.locales,
      commandWords: i18n.commandWords,
      limits: { ...DEFAULT_LIMITS, ...opts.limits },
    },
  };
}
