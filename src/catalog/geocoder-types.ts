/** The configured geocoder (catalogue `jurisdiction.geocoder`, schema-geocoder.ts), as the code sees it. */

/** A stretch of a street with its house numbers, from `from` at `start` to `to` at `end` ([lat, lon]). */
export interface StreetSegment {
  from: number;
  to: number;
  start: [number, number];
  end: [number, number];
}

/** A street of the gazetteer: its names (by locale), other spellings, and its segments. */
export interface GazetteerStreet {
  id: string;
  names: Record<string, string>;
  aliases: string[];
  segments: StreetSegment[];
}

/** A named place of the gazetteer (a landmark, a park): its names and one point. */
export interface GazetteerPlace {
  id: string;
  names: Record<string, string>;
  aliases: string[];
  lat: number;
  lon: number;
}

export interface Gazetteer {
  streets: GazetteerStreet[];
  places: GazetteerPlace[];
}

export type GeocoderConfig =
  /** `file` is resolved (absolute); its rows are read and checked at load. */
  | ({ type: 'gazetteer'; file: string } & Gazetteer)
  | { type: 'nominatim'; url: string; email: string; countryCodes: string[]; timeoutMs: number; cacheSeconds: number }
  | { type: 'pelias'; url: string; apiKeyEnv?: string; timeoutMs: number; cacheSeconds: number };
