import type { Catalog } from '../catalog/types';
import type { EngineLimits, Env } from '../engine/env';
import { pooledCryptoRandom } from './crypto-random';

/** The part of the i18n module the engine's env needs. */
export interface EnvI18n {
  locales: readonly string[];
  commandWords: Env['commandWords'];
}

/**
 * The production engine env: the real clock and cryptographic randomness (references must not
 * be guessable). Tests pass `now` and `random` to make a run exact.
 */
export function createEnv(opts: {
  catalog: Catalog;
  i18n: EnvI18n;
  limits: EngineLimits;
  now?: () => Date;
  random?: () => number;
  /** WEGOV_PUBLIC_URL: links the dialogs give (a consultation's results page). */
  publicUrl?: string;
}): Env {
  return {
    now: opts.now ?? (() => new Date()),
    random: opts.random ?? pooledCryptoRandom(),
    catalog: opts.catalog,
    locales: opts.i18n.locales,
    commandWords: opts.i18n.commandWords,
    limits: opts.limits,
    ...(opts.publicUrl !== undefined ? { publicUrl: opts.publicUrl } : {}),
  };
}
