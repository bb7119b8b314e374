/**
 * Pelias (a third-party API: nock): the search it is sent (the city box, five results, the
 * language, the API key from the environment variable the catalogue names), its GeoJSON answer as
 * matches, and failures as values, logged without the query or the key.
 */
import nock from 'nock';
import { createGeocoder } from '../../src/geo/from-config';
import { PeliasGeocoder } from '../../src/geo/pelias';
import type { Logger } from '../../src/log';
import { demoGazetteer, RIVERSIDE_BOX } from './support';

const BASE = 'https://pelias.example/geo';
const feature = (props: Record<string, unknown>, lon: number, lat: number) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props });

afterEach(() => nock.cleanAll());

describe('Pelias', () => {
  it('searches the city box with the key and language, and reads addresses, streets and venues', async () => {
    let query: Record<string, string> | undefined;
    nock('https://pelias.example')
      .get('/geo/v1/search')
      .query((q) => {
        query = q as Record<string, string>;
        return true;
      })
      .reply(200, {
        type: 'FeatureCollection',
        features: [
          feature({ layer: 'address', name: '12 Oak Ave', housenumber: '12', street: 'Oak Ave', match_type: 'exact', confidence: 1 }, -97.7697, 30.31),
          feature({ layer: 'street', name: 'Oak St', confidence: 0.8 }, -97.745, 30.2652),
          feature({ layer: 'venue', name: 'City Hall', confidence: 0.95 }, -97.7452, 30.2665),
        ],
      });
    const geo = new PeliasGeocoder({ url: BASE, apiKey: 'ge-secret', box: RIVERSIDE_BOX, timeoutMs: 5000, version: '0.1.0' });
    await expect(geo.geocode({ query: '12 Oak Ave', locale: 'es' })).resolves.toEqual({
      kind: 'found',
      matches: [
        { lat: 30.31, lon: -97.7697, name: 'Oak Ave', number: '12', exact: true },
        { lat: 30.2652, lon: -97.745, name: 'Oak St', exact: false },
        { lat: 30.2665, lon: -97.7452, name: 'City Hall', exact: true },
      ],
    });
    expect(query).toEqual({
      text: '12 Oak Ave',
      'boundary.rect.min_lon': '-97.8',
      'boundary.rect.min_lat': '30.2',
      'boundary.rect.max_lon': '-97.65',
      'boundary.rect.max_lat': '30.35',
      size: '5',
      lang: 'es',
      api_key: 'ge-secret',
    });
  });

  it('reads its key from the environment variable the catalogue names, and caches answers', async () => {
    let requests = 0;
    let key: string | undefined;
    nock('https://pelias.example')
      .get('/geo/v1/search')
      .query((q) => {
        key = String(q.api_key);
        return true;
      })
      .times(2)
      .reply(200, () => {
        requests++;
        return { features: [] };
      });
    const { catalog } = demoGazetteer();
    const geo = createGeocoder(
      { type: 'pelias', url: BASE, apiKeyEnv: 'PELIAS_TEST_KEY', timeoutMs: 5000, cacheSeconds: 3600 },
      { boundary: catalog.jurisdiction.boundary, defaultLocale: 'en', env: { PELIAS_TEST_KEY: 'from-env' } },
    );
    await expect(geo?.geocode({ query: 'Nowhere', locale: 'en' })).resolves.toEqual({ kind: 'none' });
    await expect(geo?.geocode({ query: 'nowhere', locale: 'en' })).resolves.toEqual({ kind: 'none' });
    expect([key, requests]).toEqual(['from-env', 1]);
  });

  it('answers unavailable (not a throw) when Pelias fails, and logs no query or key', async () => {
    nock('https://pelias.example').get('/geo/v1/search').query(true).reply(503, 'down').get('/geo/v1/search').query(true).reply(200, { features: [{ geometry: {} }] });
    const lines: unknown[] = [];
    const logger = { warn: (obj: unknown, msg: string) => lines.push({ obj, msg }) } as unknown as Logger;
    const geo = new PeliasGeocoder({ url: BASE, apiKey: 'ge-secret', box: RIVERSIDE_BOX, timeoutMs: 5000, version: '0.1.0', logger });
    await expect(geo.geocode({ query: '12 Oak Ave', locale: 'en' })).resolves.toEqual({ kind: 'unavailable', code: 'http_error' });
    await expect(geo.geocode({ query: '12 Oak Ave', locale: 'en' })).resolves.toEqual({ kind: 'unavailable', code: 'bad_response' });
    expect(lines).toEqual([
      { obj: { provider: 'pelias', code: 'http_error', status: 503 }, msg: 'geocoder unavailable' },
      { obj: { provider: 'pelias', code: 'bad_response' }, msg: 'geocoder unavailable' },
    ]);
  });
});
