/**
 * Pelias (`GET /v1/search?text=...`), the geocoder behind geocode.earth and many self-hosted
 * installs: searches bounded to the city's box (`boundary.rect.*`), five results, names in the
 * person's language (`lang`), and an API key when the catalogue names the environment variable
 * that holds it (`api_key_env`; sent as `api_key`, as geocode.earth expects). Answers are GeoJSON
 * features; an `address` with an exact match or a `venue` the person named is exact.
 */
import { z } from 'zod';
import type { Logger } from '../log';
import { getJson, type Box } from './http';
import { MAX_MATCHES, type GeocodeOutcome, type GeocodeRequest, type Geocoder, type GeoMatch } from './types';

export interface PeliasOptions {
  /** The server, e.g. https://api.geocode.earth (a path prefix is kept). */
  url: string;
  apiKey?: string;
  box: Box;
  timeoutMs: number;
  version: string;
  logger?: Logger;
}

const feature = z.object({
  geometry: z.object({ coordinates: z.tuple([z.number(), z.number()]).rest(z.number()) }),
  properties: z.object({
    name: z.string().optional(),
    label: z.string().optional(),
    housenumber: z.string().optional(),
    street: z.string().optional(),
    layer: z.string().optional(),
    match_type: z.string().optional(),
    confidence: z.number().optional(),
  }),
});
const reply = z.object({ features: z.array(feature) });

export class PeliasGeocoder implements Geocoder {
  readonly provider = 'pelias';

  constructor(private readonly opts: PeliasOptions) {}

  url(request: GeocodeRequest): URL {
    const base = this.opts.url.endsWith('/') ? this.opts.url : `${this.opts.url}/`;
    const url = new URL('v1/search', base);
    const [minLon, minLat, maxLon, maxLat] = this.opts.box;
    const params = new URLSearchParams({
      text: request.query,
      'boundary.rect.min_lon': String(minLon),
      'boundary.rect.min_lat': String(minLat),
      'boundary.rect.max_lon': String(maxLon),
      'boundary.rect.max_lat': String(maxLat),
      size: String(MAX_MATCHES),
      lang: request.locale,
    });
    if (this.opts.apiKey !== undefined) params.set('api_key', this.opts.apiKey);
    url.search = params.toString();
    return url;
  }

  async geocode(request: GeocodeRequest): Promise<GeocodeOutcome> {
    const got = await getJson(this.url(request), { headers: { 'user-agent': `WeGov/${this.opts.version}` }, timeoutMs: this.opts.timeoutMs });
    if (!got.ok) return this.failed(got.code, got.status);
    const parsed = reply.safeParse(got.json);
    if (!parsed.success) return this.failed('bad_response');
    const matches = parsed.data.features.slice(0, MAX_MATCHES).map(toMatch);
    return matches.length > 0 ? { kind: 'found', matches } : { kind: 'none' };
  }

  private failed(code: Extract<GeocodeOutcome, { kind: 'unavailable' }>['code'], status?: number): GeocodeOutcome {
    // Never the URL: it holds the typed address and the API key.
    this.opts.logger?.warn({ provider: this.provider, code, ...(status !== undefined ? { status } : {}) }, 'geocoder unavailable');
    return { kind: 'unavailable', code };
  }
}

function toMatch(f: z.infer<typeof feature>): GeoMatch {
  const [lon, lat] = f.geometry.coordinates;
  const p = f.properties;
  const number = p.layer === 'address' ? p.housenumber : undefined;
  const name = (number !== undefined ? p.street : undefined) ?? p.name ?? p.label ?? '';
  const exact = (p.layer === 'address' && p.match_type === 'exact') || (p.layer === 'venue' && (p.confidence ?? 0) >= 0.8);
  return { lat, lon, name, ...(number !== undefined ? { number } : {}), exact };
}
