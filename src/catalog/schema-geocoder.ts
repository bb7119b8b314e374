/**
 * `jurisdiction.geocoder`: how a typed address becomes a point, so it gets the same boundary
 * check as a map pin (issue 14). Three kinds:
 *
 *   { type: gazetteer, file: streets.csv }                   the city's streets and places, offline (gazetteer-csv.ts)
 *   { type: nominatim, url: https://..., email: you@city }   an OpenStreetMap Nominatim server (its usage policy
 *                                                            wants a contact: the email goes in the User-Agent)
 *   { type: pelias, url: https://..., api_key_env?: NAME }   a Pelias server (geocode.earth or your own)
 *
 * Optional on the HTTP kinds: `timeout_ms` (default 5000) and `cache_hours` (default 168, a week).
 * Without a geocoder, a typed address is kept as typed when it reads as an address.
 */
import { z } from 'zod';
import { envName, secureUrl } from './schema-primitives';

const timeoutMs = z.number().int().min(500).max(30_000).default(5000);
const cacheHours = z.number().int().min(0).max(24 * 365).default(168);

export const geocoderSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('gazetteer'), file: z.string().trim().min(1, 'must name a CSV file (relative to this catalogue)') }),
    z.strictObject({
      type: z.literal('nominatim'),
      url: secureUrl,
      email: z.email({ error: 'must be an email address: Nominatim asks every application for a contact' }),
      /** ISO 3166 codes Nominatim limits results to; default: jurisdiction.phone_region. */
      country_codes: z.array(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter lowercase country code like us')).min(1).optional(),
      timeout_ms: timeoutMs,
      cache_hours: cacheHours,
    }),
    z.strictObject({ type: z.literal('pelias'), url: secureUrl, api_key_env: envName.optional(), timeout_ms: timeoutMs, cache_hours: cacheHours }),
  ],
  { error: 'expected a geocoder with type gazetteer, nominatim or pelias' },
);

export type GeocoderFile = z.output<typeof geocoderSchema>;
