/**
 * Named districts of the jurisdiction (`jurisdiction.districts`) and consultations limited to
 * one (`area: { district: <id> }`): what an operator writes, the exact problems WeGov refuses
 * it with (file, path, reason, line), and the area the dialogs get (the same shape as an
 * inline area, with the district's id kept).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CatalogError, loadCatalog, parseCatalog, pointInBoundary, repoRoot } from '../../src/catalog';
import type { Consultation } from '../../src/catalog/types';
import { writeDemoCatalogCopy } from '../support/demo-catalog-copy';

/** Testville: a 1x1 degree square with two districts, offered in English and Spanish. */
const BASE = `jurisdiction:
  id: test.example
  name: Testville
  timezone: America/Chicago
  default_locale: en
  locales: [en, es]
  emergency_number: "911"
  boundary:
    type: Polygon
    coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
  districts:
    - id: old-town
      name: { en: Old Town, es: el casco antiguo }
      boundary:
        type: Polygon
        coordinates:
          - [[0, 0], [0.5, 0], [0.5, 0.5], [0, 0.5], [0, 0]]
    - id: riverbank
      name: { en: Riverbank, es: la ribera }
      boundary:
        type: MultiPolygon
        coordinates:
          - [[[0.6, 0.6], [0.9, 0.6], [0.9, 0.9], [0.6, 0.6]]]
          - [[[0.1, 0.8], [0.2, 0.8], [0.2, 0.9], [0.1, 0.8]]]
agencies:
  - id: works
    name: Works
categories:
  - id: pothole
    service_code: "001"
    name: { en: Pothole, es: Bache }
    agency: works
consultations:
  - id: old-town-square
    title: { en: Old Town square, es: La plaza del casco antiguo }
    intro: { en: Tell us what you think., es: Dinos qué piensas. }
    agency: works
    opens_at: 2026-11-15 09:00
    closes_at: 2027-01-31 18:00
    area: { district: old-town }
    results: public_live
    questions:
      - id: where
        type: location
        text: { en: Where do you live?, es: ¿Dónde vives? }
`;

const SHIPPED = { shippedLocales: ['en', 'es'] };
const en = (text: string, es: string): { en: string; es: string } => ({ en: text, es });
const OLD_TOWN_BOUNDARY = [[[[0, 0], [0.5, 0], [0.5, 0.5], [0, 0.5], [0, 0]]]];

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are edited freely

/** BASE with `edit` applied to the whole document. */
function edited(edit: (doc: Doc) => void): string {
  const doc = parse(BASE) as Doc;
  edit(doc);
  return stringify(doc);
}

function problems(text: string): CatalogError {
  try {
    parseCatalog(text, 'config/city.yaml', SHIPPED);
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('expected the catalogue to be rejected');
}

/** The 1-based line of the first line of `text` containing `needle` (after `after`, if given). */
function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const index = lines.findIndex((l, i) => i >= from && l.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

describe('jurisdiction.districts', () => {
  it('are normalised like the city boundary: names in every language, boundaries MultiPolygon-style', () => {
    const { jurisdiction } = parseCatalog(BASE, 'config/city.yaml', SHIPPED);
    expect(jurisdiction.districts).toEqual([
      { id: 'old-town', name: en('Old Town', 'el casco antiguo'), boundary: OLD_TOWN_BOUNDARY },
      {
        id: 'riverbank',
        name: en('Riverbank', 'la ribera'),
        boundary: [[[[0.6, 0.6], [0.9, 0.6], [0.9, 0.9], [0.6, 0.6]]], [[[0.1, 0.8], [0.2, 0.8], [0.2, 0.9], [0.1, 0.8]]]],
      },
    ]);
  });

  it('are none when the jurisdiction lists none', () => {
    const text = edited((doc) => {
      delete doc.jurisdiction.districts;
      delete doc.consultations;
    });
    expect(parseCatalog(text, 'config/city.yaml', SHIPPED).jurisdiction.districts).toEqual([]);
  });

  it('accept corners on the city edge and a few metres past it (hand-drawn edges), not 200 m past it', () => {
    const withCorner = (corner: [number, number]): string =>
      edited((doc) => (doc.jurisdiction.districts[0].boundary.coordinates = [[[0, 0], [1, 0], corner, [0, 0.5], [0, 0]]]));
    // [1, 0] and [0, 0] lie on the city's corners, [1, 0.5] on its edge.
    expect(parseCatalog(withCorner([1, 0.5]), 'config/city.yaml', SHIPPED).jurisdiction.districts[0]?.id).toBe('old-town');
    // 0.0002 degrees of longitude at latitude 0.5 is about 22 m.
    expect(parseCatalog(withCorner([1.0002, 0.5]), 'config/city.yaml', SHIPPED).jurisdiction.districts).toHaveLength(2);
    const far = withCorner([1.002, 0.5]);
    expect(problems(far).issues).toEqual([
      {
        path: 'jurisdiction.districts[0].boundary.coordinates[0][2]',
        message: '[1.002, 0.5] is outside jurisdiction.boundary: a district must lie within the jurisdiction (positions are [longitude, latitude])',
        line: lineOf(far, '1.002'),
      },
    ]);
  });
});

describe('broken districts are refused with the exact path, reason and line', () => {
  it('a duplicate id', () => {
    const text = BASE.replace('- id: riverbank', '- id: old-town');
    // The second one: after the first district's ring.
    const line = lineOf(text, '- id: old-town', '[0, 0.5], [0, 0]]');
    const error = problems(text);
    expect(error.issues).toEqual([{ path: 'jurisdiction.districts[1].id', message: "duplicate district id 'old-town' (also used at index 0)", line }]);
    expect(error.message).toContain(`config/city.yaml: jurisdiction.districts[1].id: duplicate district id 'old-town' (also used at index 0) (line ${String(line)})`);
  });

  it('a name missing an offered language', () => {
    const text = BASE.replace('{ en: Riverbank, es: la ribera }', '{ en: Riverbank }');
    expect(problems(text).issues).toEqual([
      {
        path: 'jurisdiction.districts[1].name',
        message: "missing the translation for 'es' (people outside the district are told its name in their language)",
        line: lineOf(text, '{ en: Riverbank }'),
      },
    ]);
  });

  it('an id that is not a slug', () => {
    const text = BASE.replace('- id: riverbank', '- id: River Bank');
    expect(problems(text).issues).toEqual([
      {
        path: 'jurisdiction.districts[1].id',
        message: 'must be 1-40 lowercase letters, digits, - or _, starting with a letter or digit',
        line: lineOf(text, 'River Bank'),
      },
    ]);
  });

  it('positions outside the city (here latitude and longitude swapped in a second polygon): the first one, with how many more', () => {
    const text = BASE.replace('[[[0.1, 0.8], [0.2, 0.8], [0.2, 0.9], [0.1, 0.8]]]', '[[[0.1, 0.8], [45.2, 1.8], [45.3, 1.9], [0.1, 0.8]]]');
    expect(problems(text).issues).toEqual([
      {
        path: 'jurisdiction.districts[1].boundary.coordinates[1][0][1]',
        message: '[45.2, 1.8] is outside jurisdiction.boundary (and 1 more of its positions): a district must lie within the jurisdiction (positions are [longitude, latitude])',
        line: lineOf(text, '45.2'),
      },
    ]);
  });

  it('an open ring gets its own message, and no outside check on a shape that does not parse', () => {
    const text = BASE.replace('[[0, 0], [0.5, 0], [0.5, 0.5], [0, 0.5], [0, 0]]', '[[0, 0], [0.5, 0], [0.5, 0.5], [5, 0.5]]');
    expect(problems(text).issues).toEqual([
      {
        path: 'jurisdiction.districts[0].boundary.coordinates[0]',
        message: 'ring is not closed: the last position [5, 0.5] must repeat the first [0, 0]',
        line: lineOf(text, '[5, 0.5]'),
      },
    ]);
  });

  it('reports every district problem at once, in file order', () => {
    const text = BASE.replace('{ en: Old Town, es: el casco antiguo }', '{ en: Old Town }').replace('- id: riverbank', '- id: old-town').replace('[0.9, 0.9]', '[1.9, 0.9]');
    expect(problems(text).issues.map((i) => i.path)).toEqual([
      'jurisdiction.districts[0].name',
      'jurisdiction.districts[1].id',
      'jurisdiction.districts[1].boundary.coordinates[0][0][2]',
    ]);
  });
});

describe('a consultation area naming a district', () => {
  it('is normalised to the district name and boundary, the same shape as an inline area, keeping the district id', () => {
    const [named] = parseCatalog(BASE, 'config/city.yaml', SHIPPED).consultations;
    expect(named?.area).toEqual({ name: en('Old Town', 'el casco antiguo'), boundary: OLD_TOWN_BOUNDARY, districtId: 'old-town' });
    const inlineText = edited((doc) => {
      doc.consultations[0].area = { name: { en: 'Old Town', es: 'el casco antiguo' }, boundary: { type: 'Polygon', coordinates: OLD_TOWN_BOUNDARY[0] } };
    });
    const [inline] = parseCatalog(inlineText, 'config/city.yaml', SHIPPED).consultations;
    expect(inline?.area).toEqual({ name: en('Old Town', 'el casco antiguo'), boundary: OLD_TOWN_BOUNDARY });
    const { districtId, ...shape } = named?.area ?? {};
    expect(districtId).toBe('old-town');
    expect(shape).toEqual(inline?.area);
    // A pin decides the same way as with the district's own boundary.
    expect(pointInBoundary(named?.area?.boundary ?? [], 0.25, 0.25)).toBe(true);
    expect(pointInBoundary(named?.area?.boundary ?? [], 0.75, 0.75)).toBe(false);
  });

  it('shares nothing with the district (changing one leaves the other)', () => {
    const catalog = parseCatalog(BASE, 'config/city.yaml', SHIPPED);
    const area = catalog.consultations[0]?.area;
    if (area === undefined) throw new Error('expected an area');
    area.name.en = 'changed';
    (area.boundary[0]?.[0]?.[0] ?? [])[0] = 9;
    expect(catalog.jurisdiction.districts[0]).toEqual({ id: 'old-town', name: en('Old Town', 'el casco antiguo'), boundary: OLD_TOWN_BOUNDARY });
  });

  const c0 = 'consultations[0].area';
  const cases: { name: string; area: unknown; districts?: 'none'; path: string; message: string; at: string }[] = [
    { name: 'an unknown district', area: { district: 'new-town' }, path: `${c0}.district`, message: "unknown district 'new-town' (districts defined: old-town, riverbank)", at: 'district: new-town' },
    { name: 'a district when the jurisdiction has none', area: { district: 'old-town' }, districts: 'none', path: `${c0}.district`, message: "unknown district 'old-town' (districts defined: none)", at: 'district: old-town' },
    { name: 'a district and a name', area: { district: 'old-town', name: { en: 'Old Town', es: 'el casco antiguo' } }, path: `${c0}.name`, message: 'not used with district: the area is either { district: <id> } (one of jurisdiction.districts) or { name, boundary }', at: 'name:' },
    { name: 'neither form', area: {}, path: c0, message: 'expected either { district: <id> } (one of jurisdiction.districts) or { name, boundary }', at: 'area:' },
    { name: 'a name without a boundary', area: { name: { en: 'Old Town', es: 'el casco antiguo' } }, path: `${c0}.boundary`, message: 'required (or name a district instead: { district: <id> })', at: 'area:' },
    { name: 'a district id that is not a slug', area: { district: 'Old Town' }, path: `${c0}.district`, message: 'must be 1-40 lowercase letters, digits, - or _, starting with a letter or digit', at: 'district: Old Town' },
  ];

  it.each(cases)('refuses $name at $path', ({ area, districts, path: at, message, at: needle }) => {
    const text = edited((doc) => {
      doc.consultations[0].area = area;
      if (districts === 'none') delete doc.jurisdiction.districts;
    });
    const error = problems(text);
    const line = lineOf(text, needle, '- id: old-town-square');
    expect(error.issues).toEqual([{ path: at, message, line }]);
    expect(error.message).toContain(`config/city.yaml: ${at}: ${message} (line ${String(line)})`);
  });

  it('an inline area with a broken boundary and a name missing a language gets only those two messages', () => {
    const text = edited((doc) => {
      doc.consultations[0].area = { name: { en: 'Old Town' }, boundary: { type: 'Polygon', coordinates: [[[0, 0], [0.5, 0], [0.5, 0.5], [0, 0.4]]] } };
    });
    expect(problems(text).issues.map(({ path: at, message }) => ({ path: at, message }))).toEqual([
      { path: `${c0}.name`, message: "missing the translation for 'es' (a consultation is asked in every offered language)" },
      { path: `${c0}.boundary.coordinates[0]`, message: 'ring is not closed: the last position [0, 0.4] must repeat the first [0, 0]' },
    ]);
  });

  it('refuses a typo in the key with a suggestion (and says which forms there are)', () => {
    const text = BASE.replace('area: { district: old-town }', 'area: { distrct: old-town }');
    const line = lineOf(text, 'distrct');
    expect(problems(text).issues).toEqual([
      { path: `${c0}.distrct`, message: "unknown key 'distrct' (did you mean 'district'?)", line },
      { path: c0, message: 'expected either { district: <id> } (one of jurisdiction.districts) or { name, boundary }', line },
    ]);
  });
});

describe('districts in a consultations_dir file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wegov-districts-'));
    mkdirSync(path.join(dir, 'consultations'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const CONSULTATION = `id: riverbank-path
title: { en: Riverbank path, es: El camino de la ribera }
intro: { en: Tell us., es: Cuéntanos. }
agency: works
opens_at: 2026-11-15 09:00
closes_at: 2027-01-31 18:00
area:
  district: riverbank
results: staff_only
questions:
  - { id: where, type: location, text: { en: Where?, es: ¿Dónde? } }
`;

  it('resolves the district of a consultation in its own file', () => {
    writeFileSync(path.join(dir, 'consultations', 'riverbank.yaml'), CONSULTATION);
    const file = path.join(dir, 'city.yaml');
    writeFileSync(file, `${BASE}consultations_dir: consultations\n`);
    const catalog = loadCatalog(file, SHIPPED);
    expect(catalog.consultations.map((c) => [c.id, c.area?.districtId, c.area?.name])).toEqual([
      ['old-town-square', 'old-town', en('Old Town', 'el casco antiguo')],
      ['riverbank-path', 'riverbank', en('Riverbank', 'la ribera')],
    ]);
    expect(catalog.consultations[1]?.area?.boundary).toEqual(catalog.jurisdiction.districts[1]?.boundary);
  });

  it('names the consultation file and line of an unknown district', () => {
    const consultation = path.join(dir, 'consultations', 'riverbank.yaml');
    writeFileSync(consultation, CONSULTATION.replace('district: riverbank', 'district: river-bank'));
    const file = path.join(dir, 'city.yaml');
    writeFileSync(file, `${BASE}consultations_dir: consultations\n`);
    let error: unknown;
    try {
      loadCatalog(file, SHIPPED);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CatalogError);
    const { issues, message } = error as CatalogError;
    expect(issues).toEqual([{ file: consultation, path: 'area.district', message: "unknown district 'river-bank' (districts defined: old-town, riverbank)", line: 8 }]);
    expect(message).toContain(`${consultation}: area.district: unknown district 'river-bank' (districts defined: old-town, riverbank) (line 8)`);
  });
});

describe('the demo city districts and the district-limited fixture consultation', () => {
  const root = repoRoot();
  const fixtures = path.join(root, 'test', 'dialogs', 'fixtures');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wegov-demo-districts-'));
    mkdirSync(path.join(dir, 'consultations'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has three named districts inside Riverside; the transcripts\' pins fall where they should', () => {
    const { jurisdiction } = loadCatalog(path.join(root, 'config', 'demo-city.yaml'), { shippedLocales: ['en', 'es', 'ar', 'fr'] });
    expect(jurisdiction.districts.map((d) => [d.id, d.name])).toEqual([
      ['downtown', { en: 'Downtown', es: 'el centro', ar: 'وسط المدينة', fr: 'Centre-ville' }],
      ['north-end', { en: 'North End', es: 'el barrio Norte', ar: 'الحي الشمالي', fr: 'Quartier Nord' }],
      ['east-bank', { en: 'East Bank', es: 'la Orilla Este', ar: 'الضفة الشرقية', fr: 'Rive Est' }],
    ]);
    for (const d of jurisdiction.districts) {
      for (const [lon, lat] of d.boundary.flat(2)) expect(pointInBoundary(jurisdiction.boundary, lat, lon)).toBe(true);
    }
    // The pins of the golden transcripts: one in East Bank, one downtown (in the city, not in East Bank).
    const [downtown, , eastBank] = jurisdiction.districts;
    expect(pointInBoundary(eastBank?.boundary ?? [], 30.24, -97.7)).toBe(true);
    expect(pointInBoundary(downtown?.boundary ?? [], 30.27, -97.745)).toBe(true);
    expect(pointInBoundary(eastBank?.boundary ?? [], 30.27, -97.745)).toBe(false);
  });

  it('loads east-bank-playground.yaml in the demo city as exactly the normalised fixture the transcripts use', () => {
    const city = path.join(dir, 'city.yaml');
    writeDemoCatalogCopy(city, `${readFileSync(path.join(root, 'config', 'demo-city.yaml'), 'utf8')}\nconsultations_dir: consultations\n`);
    copyFileSync(path.join(fixtures, 'east-bank-playground.yaml'), path.join(dir, 'consultations', 'east-bank-playground.yaml'));
    const catalog = loadCatalog(city, { shippedLocales: ['en', 'es', 'ar', 'fr'] });
    const loaded = catalog.consultations.find((c) => c.id === 'east-bank-playground');
    const fixture = JSON.parse(readFileSync(path.join(fixtures, 'east-bank-playground.json'), 'utf8')) as Consultation;
    expect(loaded).toEqual(fixture);
    expect(fixture.area?.districtId).toBe('east-bank');
    expect(fixture.area?.boundary).toEqual(catalog.jurisdiction.districts.find((d) => d.id === 'east-bank')?.boundary);
  });
});
