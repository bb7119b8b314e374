/**
 * `jurisdiction.geocoder` in the catalogue: each kind read as configured (defaults, the gazetteer
 * file next to the catalogue, Nominatim's country from the phone region), and mistakes refused at
 * start with the path and line, like the rest of the catalogue.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCatalog } from '../../src/catalog';
import { CatalogError } from '../../src/catalog/errors';
import { defaultCatalogPath } from '../../src/catalog/paths';

const demo = readFileSync(defaultCatalogPath({}), 'utf8');
const GEOCODER = /  geocoder:\n    type: gazetteer\n    file: demo-gazetteer.csv\n/;

/** The demo catalogue with its geocoder block replaced (indented under jurisdiction). */
function withGeocoder(block: string): string {
  expect(demo).toMatch(GEOCODER);
  return demo.replace(GEOCODER, block);
}

const source = defaultCatalogPath({});

describe('jurisdiction.geocoder', () => {
  it('reads the demo gazetteer next to the catalogue', () => {
    const geocoder = parseCatalog(demo, source).jurisdiction.geocoder;
    expect(geocoder).toMatchObject({ type: 'gazetteer', file: path.join(path.dirname(source), 'demo-gazetteer.csv') });
    expect(geocoder && 'streets' in geocoder && geocoder.streets.length).toBeGreaterThan(30);
  });

  it('reads Nominatim and Pelias with their defaults', () => {
    const nominatim = parseCatalog(withGeocoder('  geocoder: { type: nominatim, url: "https://nominatim.example", email: ops@riverside.example }\n'), source);
    expect(nominatim.jurisdiction.geocoder).toEqual({ type: 'nominatim', url: 'https://nominatim.example', email: 'ops@riverside.example', countryCodes: ['us'], timeoutMs: 5000, cacheSeconds: 168 * 3600 });
    const pelias = parseCatalog(withGeocoder('  geocoder: { type: pelias, url: "https://api.geocode.earth", api_key_env: GEOCODE_EARTH_KEY, cache_hours: 1, timeout_ms: 2000 }\n'), source);
    expect(pelias.jurisdiction.geocoder).toEqual({ type: 'pelias', url: 'https://api.geocode.earth', apiKeyEnv: 'GEOCODE_EARTH_KEY', timeoutMs: 2000, cacheSeconds: 3600 });
  });

  it('is optional', () => {
    expect(parseCatalog(withGeocoder(''), source).jurisdiction.geocoder).toBeUndefined();
  });

  it.each([
    ['an unknown kind', '  geocoder: { type: google, key: x }\n', 'jurisdiction.geocoder.type: expected a geocoder with type gazetteer, nominatim or pelias'],
    ['Nominatim without a contact', '  geocoder: { type: nominatim, url: "https://nominatim.example" }\n', 'jurisdiction.geocoder.email'],
    ['Nominatim with a bad contact', '  geocoder: { type: nominatim, url: "https://nominatim.example", email: ops }\n', 'jurisdiction.geocoder.email: must be an email address: Nominatim asks every application for a contact'],
    ['plain http to another machine', '  geocoder: { type: pelias, url: "http://pelias.example" }\n', 'jurisdiction.geocoder.url: must be an https:// URL (http:// only for localhost)'],
    ['a key written in the file', '  geocoder: { type: pelias, url: "https://pelias.example", api_key_env: "ge-123secret" }\n', 'jurisdiction.geocoder.api_key_env: must be an environment variable name like OPEN311_API_KEY'],
    ['an unknown field', '  geocoder: { type: gazetteer, file: demo-gazetteer.csv, format: csv }\n', 'jurisdiction.geocoder.format'],
  ])('refuses %s, with its line', (_, block, message) => {
    let error: unknown;
    try {
      parseCatalog(withGeocoder(block), source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    const line = demo.split('\n').findIndex((l) => l.startsWith('  geocoder:')) + 1;
    expect((error as CatalogError).message).toContain(message);
    expect((error as CatalogError).issues.every((i) => i.line !== undefined && i.line >= line && i.line <= line + 1)).toBe(true);
  });
});
