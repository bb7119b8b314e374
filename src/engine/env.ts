import type { Catalog } from '../catalog/types';
import type { GeocodeOutcome } from '../geo/types';

/** Limits the dialogs enforce; configurable per deployment through env vars. */
export interface EngineLimits {
  /** Largest photo accepted, in bytes. */
  photoMaxBytes: number;
  /** Open311 caps descriptions at 4,000 characters. */
  descriptionMaxChars: number;
  /** Failed attempts at one question before the person is offered help and the menu. */
  maxAttempts: number;
  /** More categories than this are asked in two steps: group, then category. */
  groupCategoriesAbove: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  photoMaxBytes: 5 * 1024 * 1024,
  descriptionMaxChars: 4000,
  maxAttempts: 3,
  groupCategoriesAbove: 8,
};

/**
 * Everything impure the engine needs, passed in: a clock, randomness, the catalogue and the
 * shipped locales. Tests pass a fixed clock and a seeded random so transcripts are exact.
 */
export interface Env {
  now(): Date;
  /** Uniform in [0, 1). */
  random(): number;
  /**
   * The next report reference with `prefix` already claimed for this deployment (the runtime's
   * blocks: src/runtime/reference-blocks.ts), or undefined: newReference then draws one from
   * `random` (tests, stores without blocks) and the runtime claims it after the step.
   */
  nextReference?(prefix: string): string | undefined;
  catalog: Catalog;
  /** Shipped locales (files in locales/), default first. */
  locales: readonly string[];
  /** Command words per locale (from locales/<l>.json `commands.*`), for global commands. */
  commandWords: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  limits: EngineLimits;
  /**
   * The person's current result in each `once` scope the runtime looked up for this turn
   * (ParticipationModule.onceScopes): when it was submitted (ISO; '' when unknown), or null
   * when they have none. A scope not looked up is absent: dialogs then fall back to the
   * session's own results.
   */
  onceAnswered?: Readonly<Record<string, string | null>>;
  /**
   * Where people reach this deployment (WEGOV_PUBLIC_URL), for links the dialogs give, e.g. a
   * consultation's results page. Absent: no such links are given.
   */
  publicUrl?: string;
  /**
   * What the configured geocoder answered this turn for the place typed (the engine's `placeQuery`
   * says what to look up; src/runtime/geocoding.ts asks). Absent: nothing was looked up.
   */
  geocoded?: { query: string; outcome: GeocodeOutcome };
}
