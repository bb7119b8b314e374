/**
 * The offline gazetteer with the demo city's real file (config/demo-gazetteer.csv): addresses
 * in each language, numbers placed along their street, names shared by two streets, crossings,
 * places, typos, and texts that name no place. And the file's checks at load, with lines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../../src/catalog';
import { CatalogError } from '../../src/catalog/errors';
import { parseGazetteerCsv } from '../../src/catalog/gazetteer-csv';
import { defaultCatalogPath } from '../../src/catalog/paths';
import { pointInBoundary } from '../../src/catalog/geo';
import { GazetteerGeocoder } from '../../src/geo/gazetteer';
import { demoGazetteer } from './support';

const { catalog, gazetteer } = demoGazetteer();
const geocoder = new GazetteerGeocoder(gazetteer, 'en');
const match = (query: string, locale = 'en') => geocoder.match({ query, locale });

describe('the demo gazetteer', () => {
  it('has about forty streets, a few places, and names two streets alike', () => {
    expect(gazetteer.streets.length).toBeGreaterThanOrEqual(38);
    expect(gazetteer.places.map((p) => p.names.en)).toEqual(expect.arrayContaining(['City Hall', 'Central Library', 'Riverside Park']));
    expect(gazetteer.streets.filter((s) => s.names.en === 'Park Rd')).toHaveLength(2);
    expect(gazetteer.streets.map((s) => s.names.en)).toEqual(expect.arrayContaining(['Oak St', 'Oak Ave', 'Elm St', 'Main St', 'Riverside Avenue']));
  });

  it('lies inside Riverside, except the neighbouring towns kept to test the boundary', () => {
    const outside = new Set(['lakeside-rd', 'old-mill-rd', 'lakeside-mall']);
    for (const s of gazetteer.streets) {
      for (const seg of s.segments) for (const [lat, lon] of [seg.start, seg.end]) expect([s.id, pointInBoundary(catalog.jurisdiction.boundary, lat, lon)]).toEqual([s.id, !outside.has(s.id)]);
    }
    for (const p of gazetteer.places) expect([p.id, pointInBoundary(catalog.jurisdiction.boundary, p.lat, p.lon)]).toEqual([p.id, !outside.has(p.id)]);
  });
});

describe('matching a typed place', () => {
  it('finds an address and places its number along the street (exact)', () => {
    expect(match('12 Oak Ave')).toEqual({ kind: 'found', matches: [{ lat: 30.31, lon: -97.769736, name: 'Oak Ave', number: '12', exact: true }] });
    // The same address inside a sentence, and typed another way.
    expect(match('the streetlight outside 12 Oak Ave is broken')).toEqual(match('12 Oak Ave'));
    expect(match('12 oak avenue')).toEqual(match('12 Oak Ave'));
    // 1000 on Riverside Avenue starts its second stretch.
    expect(match('1000 Riverside Avenue')).toMatchObject({ matches: [{ lat: 30.265, lon: -97.747, exact: true }] });
  });

  it('reads each language, naming the street in it', () => {
    expect(match('Calle Mayor 5', 'es')).toMatchObject({ matches: [{ name: 'Calle Mayor', number: '5', exact: true }] });
    expect(match('5 Main St', 'es')).toMatchObject({ matches: [{ name: 'Calle Mayor', number: '5', exact: true }] });
    expect(match('Calle Río 45', 'es')).toMatchObject({ matches: [{ name: 'Calle del Río', number: '45', exact: true }] });
    expect(match('5 rue de la Paix', 'fr')).toMatchObject({ matches: [{ name: 'rue de la Paix', number: '5', exact: true }] });
    expect(match('شارع السلام ٥', 'ar')).toMatchObject({ matches: [{ name: 'شارع السلام', number: '5', exact: true }] });
    expect(match('next to the ayuntamiento', 'es')).toMatchObject({ matches: [{ name: 'Ayuntamiento', exact: true }] });
  });

  it('offers every street a name may mean: two Park Rds, Oak St and Oak Ave', () => {
    const park = match('12 Park Rd');
    expect(park).toMatchObject({ kind: 'found', matches: [{ name: 'Park Rd', number: '12', exact: true }, { name: 'Park Rd', number: '12', exact: true }] });
    const oak = match('Oak');
    expect(oak.kind === 'found' && oak.matches.map((m) => [m.name, m.exact])).toEqual([['Oak St', false], ['Oak Ave', false]]);
  });

  it('offers a street without a number (or with one it does not have) at its middle, to confirm', () => {
    expect(match('Riverside Avenue itself')).toEqual({ kind: 'found', matches: [{ lat: 30.28, lon: -97.747, name: 'Riverside Avenue', exact: false }] });
    expect(match('9999 Oak Ave')).toEqual({ kind: 'found', matches: [{ lat: 30.31, lon: -97.74, name: 'Oak Ave', exact: false }] });
  });

  it('finds crossings and named places', () => {
    expect(match('45th St and Guadalupe St')).toEqual({ kind: 'found', matches: [{ lat: 30.3061, lon: -97.7398, name: '45th St', cross: 'Guadalupe St', exact: true }] });
    // "Elm Ave" is Elm St by its base: the crossing is found, to confirm.
    expect(match('Corner of 5th St and Elm Ave, behind the library')).toMatchObject({ matches: [{ name: '5th St', cross: 'Elm St', exact: false }] });
    expect(match('City Hall')).toEqual({ kind: 'found', matches: [{ lat: 30.2665, lon: -97.7452, name: 'City Hall', exact: true }] });
    expect(match('Riverside Park, north entrance')).toMatchObject({ matches: [{ name: 'Riverside Park', exact: true }] });
  });

  it('forgives a typo, but never calls it exact', () => {
    expect(match('12 Elmm St')).toMatchObject({ matches: [{ name: 'Elm St', number: '12', exact: false }] });
  });

  it('finds nothing where no place is named', () => {
    for (const text of ['It has been out for a week', 'Hace una semana que no funciona', '12 Nowhere Blvd', '']) expect(match(text)).toEqual({ kind: 'none' });
  });

  it('answers through the Geocoder interface the same way', async () => {
    await expect(geocoder.geocode({ query: '12 Oak Ave', locale: 'en' })).resolves.toEqual(match('12 Oak Ave'));
  });
});

describe('the gazetteer file, checked at load', () => {
  const header = 'id,kind,name,name_es,aliases,from,to,lat,lon,end_lat,end_lon\n';

  it('names the column and line of each problem', () => {
    const text = `${header}# a comment\noak-ave,street,Oak Ave,,,1,99,30.31,-97.77,30.31,-97.71\noak-ave,street,,,,50,150,30.31,-97.71,30.31,-97.70\nBad Id,street,X,,,1,2,1,1,1,1\nhall,place,City Hall,,,1,,30.2,-97.7,,\nelm,street,Elm St,,,9,1,30.2,-97.7,30.3,-97.7\nnorth,place,North,,,,,95,-97.7,,\n`;
    const read = parseGazetteerCsv(text, 'streets.csv', 'en');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.issues).toEqual([
      { file: 'streets.csv', path: 'from', line: 4, message: "numbers 50-150 overlap 1-99 of 'oak-ave'" },
      { file: 'streets.csv', path: 'id', line: 5, message: 'must be 1-80 lowercase letters, digits, - or _' },
      { file: 'streets.csv', path: 'from', line: 6, message: 'a place has a point only: leave it empty' },
      { file: 'streets.csv', path: 'to', line: 7, message: 'must be at least from (9)' },
      { file: 'streets.csv', path: 'lat', line: 8, message: 'must be a number between -90 and 90' },
    ]);
  });

  it('refuses unknown and missing columns, and an empty file', () => {
    const read = parseGazetteerCsv('id,kind,name,lat,colour\n', 'streets.csv', 'en');
    expect(!read.ok && read.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'colour: unknown column (expected id, kind, name, lat, lon, aliases, from, to, end_lat, end_lon, name_<language>)',
      'lon: missing column',
      '(file): no streets or places after the header',
    ]);
    expect(parseGazetteerCsv('', 'streets.csv', 'en')).toMatchObject({ ok: false, issues: [{ path: '(file)' }] });
  });

  it('stops the catalogue at start with the file and line, like any catalogue problem', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wegov-gazetteer-'));
    const yaml = readDemoWith(dir, 'streets.csv');
    writeFileSync(path.join(dir, 'streets.csv'), `${header}oak-ave,avenue,Oak Ave,,,1,99,30.31,-97.77,30.31,-97.71\n`);
    expect(() => loadCatalog(yaml)).toThrow(CatalogError);
    expect(() => loadCatalog(yaml)).toThrow(`${path.join(dir, 'streets.csv')}: kind: must be 'street' or 'place' (line 2)`);
    const missing = readDemoWith(dir, 'nowhere.csv');
    expect(() => loadCatalog(missing)).toThrow(/jurisdiction\.geocoder\.file: cannot read .*nowhere\.csv \(not found\) \(line \d+\)/);
  });
});

/** The demo catalogue copied into `dir` with its geocoder reading `file` (relative to it). */
function readDemoWith(dir: string, file: string): string {
  const { readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
  const text = readFileSync(defaultCatalogPath({}), 'utf8').replace('file: demo-gazetteer.csv', `file: ${file}`);
  const target = path.join(dir, `city-${file}.yaml`);
  writeFileSync(target, text);
  return target;
}
