/**
 * An address in the sentence a report starts from ("the streetlight outside 12 Oak Ave is
 * broken", issue 14) is kept, not thrown away: the runtime looks it up with the geocoder on that
 * turn (src/engine/place-query.ts), and the places inside the city are kept in the report's
 * answers under MENTIONED, to be offered at the location question once the category is known
 * (detail-steps.ts) instead of asking from scratch. One outside the city is kept as such, so the
 * question says so.
 */
import type { Env } from '../../src/engine/env';
import type { Json } from '../../src/engine/json';
import { mentionedAddress, optionsOf, placesOf, type PlaceOption } from '../../src/engine/prompts/places';

export const MENTIONED = 'mentioned_place';

export interface Mentioned {
  /** The address as typed. */
  query: string;
  /** The places it may be, inside the city; empty when every match was outside it. */
  options: PlaceOption[];
}

/** The answer that keeps the address mentioned in `text`, when the geocoder found it this turn. */
export function mentionAnswers(text: string, env: Env, locale: string): { [stepId: string]: Json } {
  const geocoded = env.geocoded;
  if (geocoded?.outcome.kind !== 'found') return {};
  const query = mentionedAddress(text, env, locale);
  if (query !== geocoded.query) return {};
  const options = optionsOf(geocoded.outcome.matches, env.catalog.jurisdiction.boundary, locale);
  return { [MENTIONED]: { query, options } as unknown as Json };
}

/** The kept mention, read back from the answers. */
export function mentionOf(v: Json | undefined): Mentioned | undefined {
  const places = placesOf(v);
  if (!places || typeof v !== 'object' || v === null || Array.isArray(v) || typeof v.query !== 'string') return undefined;
  return { query: v.query, options: places.options };
}
