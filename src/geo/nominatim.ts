/**
 * OpenStreetMap Nominatim (`GET /search?format=jsonv2&q=...`), as its usage policy asks
 * (https://operations.osmfoundation.org/policies/nominatim/): at most one request a second
 * (bottleneck: one at a time, 1.1 s apart; at most QUEUE_MAX waiting, beyond which a lookup is
 * `busy` at once rather than making a person wait), an identifying User-Agent with a contact
 * email, results cached (cache.ts: the caller wraps this in CachingGeocoder), and no bulk use.
 * Searches are bounded to the city's box (`viewbox` + `bounded=1`) and country, five results at
 * most, names in the person's language (`accept-language`).
 *
 * The limit holds per process: several processes against the public server share its 1/s, so run
 * one, or your own Nominatim (the README says so).
 */
import Bottleneck from 'bottleneck';
import { z } from 'zod';
import type { Logger } from '../log';
import { getJson, type Box } from './http';
import { MAX_MATCHES, type GeocodeOutcome, type GeocodeRequest, type Geocoder, type GeoMatch } from './types';

/** Nominatim's absolute maximum: one request a second. */
export const NOMINATIM_POLICY_MS = 1000;
/**
 * The gap kept between requests: the policy's second plus a margin, so that neither the limiter's
 * own scheduling (a millisecond early at times) nor network jitter brings two requests closer.
 */
export const NOMINATIM_MIN_INTERVAL_MS = 1100;
/** Lookups that may wait for their turn (about as many seconds); more are refused as `busy`. */
export const QUEUE_MAX = 5;

export interface NominatimOptions {
  /** The server, e.g. https://nominatim.openstreetmap.org (a path prefix is kept). */
  url: string;
  /** The operator's contact, required by the usage policy: in the User-Agent and the `email` parameter. */
  email: string;
  countryCodes: readonly string[];
  box: Box;
  timeoutMs: number;
  /** WeGov's version, for the User-Agent. */
  version: string;
  logger?: Logger;
  /** Tests pass their own (e.g. to watch its queue); default: the policy's 1/s. */
  limiter?: Bottleneck;
}

const place = z.object({
  lat: z.coerce.number(),
  lon: z.coerce.number(),
  name: z.string().optional(),
  display_name: z.string(),
  place_rank: z.number().optional(),
  address: z.record(z.string(), z.string()).optional(),
});
const reply = z.array(place);

/** A new limiter with the policy's rate. */
export function nominatimLimiter(): Bottleneck {
  return new Bottleneck({ maxConcurrent: 1, minTime: NOMINATIM_MIN_INTERVAL_MS, highWater: QUEUE_MAX, strategy: Bottleneck.strategy.OVERFLOW });
}

export class NominatimGeocoder implements Geocoder {
  readonly provider = 'nominatim';
  readonly limiter: Bottleneck;

  constructor(private readonly opts: NominatimOptions) {
    this.limiter = opts.limiter ?? nominatimLimiter();
  }

  /** The request a lookup makes (exported for tests and for the README's example). */
  url(request: GeocodeRequest): URL {
    const base = this.opts.url.endsWith('/') ? this.opts.url : `${this.opts.url}/`;
    const url = new URL('search', base);
    const [minLon, minLat, maxLon, maxLat] = this.opts.box;
    url.search = new URLSearchParams({
      format: 'jsonv2',
      q: request.query,
      countrycodes: this.opts.countryCodes.join(','),
      viewbox: `${String(minLon)},${String(maxLat)},${String(maxLon)},${String(minLat)}`,
      bounded: '1',
      limit: String(MAX_MATCHES),
      addressdetails: '1',
      'accept-language': request.locale,
      email: this.opts.email,
    }).toString();
    return url;
  }

  async geocode(request: GeocodeRequest): Promise<GeocodeOutcome> {
    try {
      return await this.limiter.schedule(() => this.lookup(request));
    } catch (error) {
      // Dropped by the queue's high-water mark (too many waiting), or stopped at shutdown.
      if (error instanceof Bottleneck.BottleneckError) return this.failed({ code: 'busy' });
      throw error;
    }
  }

  private async lookup(request: GeocodeRequest): Promise<GeocodeOutcome> {
    const userAgent = `WeGov/${this.opts.version} (civic issue reporting; +mailto:${this.opts.email})`;
    const got = await getJson(this.url(request), { headers: { 'user-agent': userAgent }, timeoutMs: this.opts.timeoutMs });
    if (!got.ok) return this.failed(got);
    const parsed = reply.safeParse(got.json);
    if (!parsed.success) return this.failed({ code: 'bad_response' });
    const matches = parsed.data.slice(0, MAX_MATCHES).map(toMatch);
    return matches.length > 0 ? { kind: 'found', matches } : { kind: 'none' };
  }

  private failed(f: { code: Extract<GeocodeOutcome, { kind: 'unavailable' }>['code']; status?: number }): GeocodeOutcome {
    // Never the query or the URL: they hold what the person typed.
    this.opts.logger?.warn({ provider: this.provider, code: f.code, ...(f.status !== undefined ? { status: f.status } : {}) }, 'geocoder unavailable');
    return { kind: 'unavailable', code: f.code };
  }

  async close(): Promise<void> {
    await this.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }
}

/** A Nominatim place as a match: its road and house number, or its own name (a landmark). */
function toMatch(p: z.infer<typeof place>): GeoMatch {
  const a = p.address ?? {};
  const number = a.house_number;
  const road = a.road ?? a.pedestrian ?? a.footway ?? a.path;
  const name = (number !== undefined ? road : undefined) ?? (p.name !== undefined && p.name !== '' ? p.name : undefined) ?? road ?? p.display_name.split(',')[0]?.trim() ?? p.display_name;
  // An address (a house number) or a building-level place is what was typed; a road is only its middle.
  const exact = number !== undefined || (p.place_rank ?? 0) >= 30;
  return { lat: p.lat, lon: p.lon, name, ...(number !== undefined ? { number } : {}), exact };
}
