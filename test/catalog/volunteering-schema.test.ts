import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CatalogError, loadCatalog, parseCatalog, pointInBoundary, repoRoot } from '../../src/catalog';
import type { Opportunity } from '../../src/catalog/types';

/** A small catalogue in Chicago's time zone with one opportunity and one asset. */
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
agencies:
  - id: parks
    name: Parks
categories:
  - id: pothole
    service_code: "001"
    name: { en: Pothole, es: Bache }
    agency: parks
`;

const VOLUNTEERING = `volunteering:
  opportunities:
    - id: river-cleanup
      title: { en: River clean-up, es: Limpieza del río }
      description: { en: Pick up litter., es: Recoge basura. }
      agency: parks
      place:
        lat: 0.5
        lon: 0.25
        address: { en: River Park gate, es: Entrada del parque del río }
      tags: [outdoors, lifting]
      min_age: 16
      requirements:
        - { en: I can lift 10 kg, es: Puedo levantar 10 kg }
      questions:
        - id: gloves
          type: yes_no
          text: { en: Do you need gloves?, es: ¿Necesitas guantes? }
        - id: size
          type: single_choice
          text: { en: Glove size?, es: ¿Talla de guantes? }
          condition: { question: gloves, op: equals, value: "yes" }
          options:
            - { id: s, label: { en: Small, es: Pequeña } }
            - { id: l, label: { en: Large, es: Grande } }
      shifts:
        - { id: cleanup-dec-05, starts_at: 2026-12-05 09:00, ends_at: 2026-12-05 12:00, capacity: 20 }
        - { id: cleanup-jul-04, starts_at: 2027-07-04 09:00, ends_at: 2027-07-04 12:00, capacity: 1 }
  assets:
    - { id: drain-1, type: storm_drain, name: { en: Drain at Elm, es: Desagüe en Elm }, lat: 0.2, lon: 0.3, agency: parks }
`;

const VALID = BASE + VOLUNTEERING;
const SHIPPED = { shippedLocales: ['en', 'es'] };

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are edited freely

/** The valid file with `edit` applied to its `volunteering` section. */
function edited(edit: (v: Doc) => void): string {
  const doc = parse(VALID) as Doc;
  edit(doc.volunteering as Doc);
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

const en = (text: string, es: string): { en: string; es: string } => ({ en: text, es });

const EXPECTED: Opportunity = {
  id: 'river-cleanup',
  title: en('River clean-up', 'Limpieza del río'),
  description: en('Pick up litter.', 'Recoge basura.'),
  agency: 'parks',
  place: { lat: 0.5, lon: 0.25, address: en('River Park gate', 'Entrada del parque del río') },
  tags: ['outdoors', 'lifting'],
  minAge: 16,
  requirements: [en('I can lift 10 kg', 'Puedo levantar 10 kg')],
  questions: [
    { id: 'gloves', type: 'yes_no', required: true, text: en('Do you need gloves?', '¿Necesitas guantes?') },
    {
      id: 'size',
      type: 'single_choice',
      required: true,
      text: en('Glove size?', '¿Talla de guantes?'),
      condition: { question: 'gloves', op: 'equals', value: 'yes' },
      other: false,
      options: [
        { id: 's', label: en('Small', 'Pequeña') },
        { id: 'l', label: en('Large', 'Grande') },
      ],
    },
  ],
  waitlist: true,
  shifts: [
    // 09:00 in Chicago: standard time (UTC-6) in December, daylight time (UTC-5) in July.
    { id: 'cleanup-dec-05', startsAt: '2026-12-05T15:00:00.000Z', endsAt: '2026-12-05T18:00:00.000Z', capacity: 20 },
    { id: 'cleanup-jul-04', startsAt: '2027-07-04T14:00:00.000Z', endsAt: '2027-07-04T17:00:00.000Z', capacity: 1 },
  ],
};

describe('volunteering in the catalogue', () => {
  it('normalizes opportunities (times in UTC, questions with defaults, waitlist on by default) and assets', () => {
    const catalog = parseCatalog(VALID, 'config/city.yaml', SHIPPED);
    expect(catalog.opportunities).toEqual([EXPECTED]);
    expect(catalog.assets).toEqual([{ id: 'drain-1', type: 'storm_drain', name: en('Drain at Elm', 'Desagüe en Elm'), lat: 0.2, lon: 0.3, agency: 'parks' }]);
  });

  it('has none when the catalogue has no volunteering section', () => {
    const catalog = parseCatalog(BASE, 'config/city.yaml', SHIPPED);
    expect(catalog.opportunities).toEqual([]);
    expect(catalog.assets).toEqual([]);
  });

  it('takes an opportunity without shifts (they may come from an import), questions or tags, and waitlist off', () => {
    const text = edited((v) => {
      const o = v.opportunities[0];
      delete o.shifts;
      delete o.questions;
      delete o.tags;
      delete o.requirements;
      delete o.min_age;
      o.waitlist = false;
    });
    const [o] = parseCatalog(text, 'config/city.yaml', SHIPPED).opportunities;
    expect(o).toMatchObject({ shifts: [], questions: [], tags: [], requirements: [], waitlist: false });
    expect(o).not.toHaveProperty('minAge');
  });
});

describe('broken volunteering is refused with the exact path, reason and line', () => {
  const o0 = 'volunteering.opportunities[0]';
  const cases: { name: string; text: string; path: string; message: string }[] = [
    { name: 'an unknown agency', text: edited((v) => (v.opportunities[0].agency = 'library')), path: `${o0}.agency`, message: "unknown agency 'library' (agencies defined: parks)" },
    { name: 'a title missing an offered language', text: edited((v) => (v.opportunities[0].title = { en: 'River clean-up' })), path: `${o0}.title`, message: "missing the translation for 'es' (volunteers browse in every offered language)" },
    { name: 'an address missing an offered language', text: edited((v) => (v.opportunities[0].place.address = { en: 'Gate' })), path: `${o0}.place.address`, message: "missing the translation for 'es' (volunteers browse in every offered language)" },
    { name: 'a requirement in one string for two languages', text: edited((v) => (v.opportunities[0].requirements[0] = 'I can lift 10 kg')), path: `${o0}.requirements[0]`, message: 'needs a translation for every offered language: { en: ..., es: ... }' },
    { name: 'a place outside the boundary', text: edited((v) => (v.opportunities[0].place.lat = 1.5)), path: `${o0}.place.lat`, message: 'lat 1.5, lon 0.25 is outside jurisdiction.boundary: a place must lie within the jurisdiction (are lat and lon swapped?)' },
    { name: 'a latitude past the pole', text: edited((v) => (v.opportunities[0].place.lat = 95)), path: `${o0}.place.lat`, message: 'must be at most 90' },
    { name: 'a shift ending before it starts', text: edited((v) => (v.opportunities[0].shifts[0].ends_at = '2026-12-05 08:00')), path: `${o0}.shifts[0].ends_at`, message: 'must be after starts_at' },
    { name: 'a shift ending as it starts', text: edited((v) => (v.opportunities[0].shifts[0].ends_at = '2026-12-05 09:00')), path: `${o0}.shifts[0].ends_at`, message: 'must be after starts_at' },
    { name: 'a shift in the skipped spring hour', text: edited((v) => (v.opportunities[0].shifts[0].starts_at = '2027-03-14 02:30')), path: `${o0}.shifts[0].starts_at`, message: '2027-03-14 02:30 does not exist in America/Chicago (the clocks skip that hour); pick a time outside it' },
    { name: 'a shift time without a time of day', text: edited((v) => (v.opportunities[0].shifts[0].starts_at = '2026-12-05')), path: `${o0}.shifts[0].starts_at`, message: 'expected a date and time like 2026-11-15 09:00 (in America/Chicago), or an ISO instant with an offset' },
    { name: 'a capacity of 0', text: edited((v) => (v.opportunities[0].shifts[0].capacity = 0)), path: `${o0}.shifts[0].capacity`, message: 'must be a whole number of at least 1' },
    { name: 'a capacity of 2.5', text: edited((v) => (v.opportunities[0].shifts[0].capacity = 2.5)), path: `${o0}.shifts[0].capacity`, message: 'must be a whole number of at least 1' },
    { name: 'a capacity as text', text: edited((v) => (v.opportunities[0].shifts[0].capacity = 'ten')), path: `${o0}.shifts[0].capacity`, message: 'must be a whole number of at least 1' },
    { name: 'a shift without a capacity', text: edited((v) => delete v.opportunities[0].shifts[0].capacity), path: `${o0}.shifts[0].capacity`, message: 'required' },
    { name: 'a shift id used twice in one opportunity', text: edited((v) => (v.opportunities[0].shifts[1].id = 'cleanup-dec-05')), path: `${o0}.shifts[1].id`, message: "duplicate shift id 'cleanup-dec-05' (also at opportunities[0].shifts[0]; shift ids are unique across the deployment)" },
    {
      name: 'a shift id used by another opportunity',
      text: edited((v) => v.opportunities.push({ ...structuredClone(v.opportunities[0]), id: 'tree-planting', shifts: [{ id: 'cleanup-jul-04', starts_at: '2027-01-10 10:00', ends_at: '2027-01-10 12:00', capacity: 5 }] })),
      path: 'volunteering.opportunities[1].shifts[0].id',
      message: "duplicate shift id 'cleanup-jul-04' (also at opportunities[0].shifts[1]; shift ids are unique across the deployment)",
    },
    { name: 'an opportunity id used twice', text: edited((v) => v.opportunities.push({ ...structuredClone(v.opportunities[0]), shifts: [] })), path: 'volunteering.opportunities[1].id', message: "duplicate opportunity id 'river-cleanup' (also used at index 0)" },
    { name: 'a condition on an unknown question', text: edited((v) => (v.opportunities[0].questions[1].condition.question = 'glove')), path: `${o0}.questions[1].condition.question`, message: "unknown question 'glove' (questions defined: gloves, size)" },
    { name: 'a condition value that is not a choice', text: edited((v) => (v.opportunities[0].questions[1].condition.value = 'true')), path: `${o0}.questions[1].condition.value`, message: "'true' is not a choice of question 'gloves' (choices: yes, no)" },
    { name: 'a duplicate question id', text: edited((v) => (v.opportunities[0].questions[1].id = 'gloves')), path: `${o0}.questions[1].id`, message: "duplicate question id 'gloves' (also used at index 0)" },
    { name: 'a minimum age of 0', text: edited((v) => (v.opportunities[0].min_age = 0)), path: `${o0}.min_age`, message: 'must be at least 1' },
    { name: 'a tag with spaces', text: edited((v) => (v.opportunities[0].tags[0] = 'out doors')), path: `${o0}.tags[0]`, message: 'must be 1-40 lowercase letters, digits, - or _, starting with a letter or digit' },
    { name: 'a typo in waitlist', text: edited((v) => (v.opportunities[0].wait_list = false)), path: `${o0}.wait_list`, message: "unknown key 'wait_list' (did you mean 'waitlist'?)" },
    { name: 'an asset outside the boundary', text: edited((v) => (v.assets[0].lon = -0.3)), path: 'volunteering.assets[0].lat', message: 'lat 0.2, lon -0.3 is outside jurisdiction.boundary: an asset must lie within the jurisdiction (are lat and lon swapped?)' },
    { name: 'an asset of an unknown agency', text: edited((v) => (v.assets[0].agency = 'water')), path: 'volunteering.assets[0].agency', message: "unknown agency 'water' (agencies defined: parks)" },
    { name: 'an asset type with capitals', text: edited((v) => (v.assets[0].type = 'Storm drain')), path: 'volunteering.assets[0].type', message: 'must be 1-40 lowercase letters, digits or _, like storm_drain' },
    { name: 'an asset id used twice', text: edited((v) => v.assets.push({ ...v.assets[0] })), path: 'volunteering.assets[1].id', message: "duplicate asset id 'drain-1' (also used at index 0)" },
    { name: 'an asset name missing a language', text: edited((v) => (v.assets[0].name = { en: 'Drain' })), path: 'volunteering.assets[0].name', message: "missing the translation for 'es' (volunteers browse in every offered language)" },
  ];

  it.each(cases)('$name -> $path', ({ text, path: at, message }) => {
    const error = problems(text);
    const line = error.issues.find((i) => i.path === at)?.line;
    expect(error.issues).toContainEqual({ path: at, message, line: expect.any(Number) });
    expect(error.message).toContain(`config/city.yaml: ${at}: ${message} (line ${String(line)})`);
  });

  it('gives the line of the offending value', () => {
    const text = VALID.replace('capacity: 20 }', 'capacity: 0 }');
    const line = text.split('\n').findIndex((l) => l.includes('capacity: 0 }')) + 1;
    expect(problems(text).issues).toContainEqual({ path: 'volunteering.opportunities[0].shifts[0].capacity', message: 'must be a whole number of at least 1', line });
  });

  it('reports every problem at once, in file order', () => {
    const error = problems(
      edited((v) => {
        v.opportunities[0].agency = 'library';
        v.opportunities[0].shifts[1].capacity = 0;
        v.assets[0].lat = 2;
      }),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['volunteering.opportunities[0].agency', 'volunteering.opportunities[0].shifts[1].capacity', 'volunteering.assets[0].lat']);
  });
});

describe('volunteering in config/demo-city.yaml', () => {
  const catalog = loadCatalog(path.join(repoRoot(), 'config', 'demo-city.yaml'), { shippedLocales: ['en', 'es', 'ar', 'fr'] });

  it('has three opportunities in en, es, ar and fr, with upcoming shifts from December 2026 to February 2027', () => {
    expect(catalog.opportunities.map((o) => [o.id, o.agency, o.waitlist])).toEqual([
      ['riverbank-cleanup', 'parks', true],
      ['tree-planting', 'parks', true],
      ['drain-stenciling', 'public-works', false],
    ]);
    for (const o of catalog.opportunities) {
      for (const text of [o.title, o.description, o.place.address, ...o.requirements]) expect(Object.keys(text).sort()).toEqual(['ar', 'en', 'es', 'fr']);
      expect(pointInBoundary(catalog.jurisdiction.boundary, o.place.lat, o.place.lon)).toBe(true);
      expect(o.shifts.length).toBeGreaterThanOrEqual(4);
      for (const s of o.shifts) {
        expect(s.startsAt > '2026-11-30T23:59:59Z' && s.endsAt < '2027-03-01T00:00:00Z').toBe(true);
        expect(s.endsAt > s.startsAt).toBe(true);
      }
    }
    const [cleanup] = catalog.opportunities;
    // Saturday 5 December 2026, 09:00 in Riverside (UTC-6).
    expect(cleanup?.shifts[0]).toEqual({ id: 'cleanup-2026-12-05', startsAt: '2026-12-05T15:00:00.000Z', endsAt: '2026-12-05T18:00:00.000Z', capacity: 20 });
    expect(cleanup?.requirements[0]).toEqual({ en: 'I can lift 10 kg', es: 'Puedo levantar 10 kg', ar: 'أستطيع رفع 10 كغ', fr: 'Je peux soulever 10 kg' });
    expect(cleanup?.questions.map((q) => q.type)).toEqual(['single_choice']);
  });

  it('has eight adoptable storm drains and trees inside the city, named in every language', () => {
    expect(catalog.assets).toHaveLength(8);
    expect(new Set(catalog.assets.map((a) => a.type))).toEqual(new Set(['storm_drain', 'tree']));
    for (const a of catalog.assets) {
      expect(pointInBoundary(catalog.jurisdiction.boundary, a.lat, a.lon)).toBe(true);
      expect(Object.keys(a.name).sort()).toEqual(['ar', 'en', 'es', 'fr']);
    }
  });
});
