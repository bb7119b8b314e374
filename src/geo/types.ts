/**
 * Geocoding (issue 14): a typed place ("12 Oak Ave", "City Hall", "Calle Mayor 5") to points.
 * These are the values that cross from the geocoders (I/O, this folder) to the engine (pure):
 * the runtime asks for what a step needs and hands the outcomes in (src/runtime/geocoding.ts),
 * so the engine checks them against the city's boundary like a map pin.
 */

/** What to look up: the address part of what was typed, in the person's language. */
export interface GeocodeRequest {
  query: string;
  locale: string;
}

/** One place a query may mean. */
export interface GeoMatch {
  lat: number;
  lon: number;
  /** The street or place, in the request's language where the source has it: "Oak Ave", "City Hall". */
  name: string;
  /** The house number, when the match is at one. */
  number?: string;
  /** A crossing: the second street ("5th St" & "Elm St"). */
  cross?: string;
  /**
   * The match is what was typed, not a guess: the street's exact name with a house number in its
   * range, or a named place. One exact match is taken at once; anything else is confirmed.
   */
  exact: boolean;
}

/**
 * `found`: best first, at most five; `none`: nothing by that name (or nothing inside the area
 * searched); `unavailable`: the geocoder could not answer (timeout, HTTP error, too busy). Only
 * `found` and `none` are cached.
 */
export type GeocodeOutcome = { kind: 'found'; matches: GeoMatch[] } | { kind: 'none' } | { kind: 'unavailable'; code: GeocodeFailure };

export type GeocodeFailure = 'timeout' | 'network' | 'http_error' | 'rate_limited' | 'bad_response' | 'busy' | 'not_configured';

/** At most this many matches are offered (as buttons). */
export const MAX_MATCHES = 5;

export interface Geocoder {
  /** For logs and metrics: `gazetteer`, `nominatim`, `pelias`. */
  readonly provider: string;
  /** Never throws: a failure is an `unavailable` outcome. */
  geocode(request: GeocodeRequest): Promise<GeocodeOutcome>;
  /** Releases timers and queues. */
  close?(): Promise<void>;
}
