/**
 * The geocoder a deployment configured (catalogue `jurisdiction.geocoder`), ready to use: the
 * gazetteer as is (offline, instant), Nominatim or Pelias behind a cache (Redis when the stores
 * are, else in memory) and counted in the metrics. Searches are limited to the box around the
 * city's boundary; the engine then checks each point against the boundary itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../catalog/paths';
import type { Boundary, GeocoderConfig } from '../catalog/types';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { RedisCalls } from '../state/redis-calls';
import { CachingGeocoder, MemoryGeocodeCache, RedisGeocodeCache } from './cache';
import { GazetteerGeocoder } from './gazetteer';
import type { Box } from './http';
import { NominatimGeocoder } from './nominatim';
import { PeliasGeocoder } from './pelias';
import type { Geocoder } from './types';

export interface GeocoderDeps {
  boundary: Boundary;
  defaultLocale: string;
  /** The stores' Redis (src/state): the cache is shared by every process. Unset: in memory. */
  redis?: RedisCalls;
  logger?: Logger;
  metrics?: Metrics;
  /** Where API keys are read (`api_key_env`); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The configured geocoder, or undefined when the catalogue has none. */
export function createGeocoder(config: GeocoderConfig | undefined, deps: GeocoderDeps): Geocoder | undefined {
  if (config === undefined) return undefined;
  if (config.type === 'gazetteer') return new GazetteerGeocoder(config, deps.defaultLocale);
  const box = boxOf(deps.boundary);
  const version = wegovVersion();
  const logger = deps.logger?.child({ component: 'geocoder' });
  const inner =
    config.type === 'nominatim'
      ? new NominatimGeocoder({ url: config.url, email: config.email, countryCodes: config.countryCodes, box, timeoutMs: config.timeoutMs, version, ...(logger ? { logger } : {}) })
      : new PeliasGeocoder({ url: config.url, box, timeoutMs: config.timeoutMs, version, ...apiKey(config.apiKeyEnv, deps.env ?? process.env), ...(logger ? { logger } : {}) });
  const cache = deps.redis ? new RedisGeocodeCache(deps.redis) : new MemoryGeocodeCache();
  const counter = deps.metrics?.geocodes;
  return new CachingGeocoder(inner, cache, config.cacheSeconds, (fromCache, outcome) => counter?.inc({ provider: inner.provider, outcome: outcome.kind, cache: fromCache ? 'hit' : 'miss' }));
}

function apiKey(name: string | undefined, env: Readonly<Record<string, string | undefined>>): { apiKey?: string } {
  const value = name === undefined ? undefined : env[name];
  return value !== undefined && value !== '' ? { apiKey: value } : {};
}

/** The box around a boundary: [min lon, min lat, max lon, max lat]. */
export function boxOf(boundary: Boundary): Box {
  const positions = boundary.flat(2);
  const lons = positions.map(([lon]) => lon);
  const lats = positions.map(([, lat]) => lat);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

let version: string | undefined;

/** package.json's version, for User-Agents. */
function wegovVersion(): string {
  if (version === undefined) {
    try {
      version = String((JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version?: unknown }).version ?? '0');
    } catch {
      version = '0';
    }
  }
  return version;
}
