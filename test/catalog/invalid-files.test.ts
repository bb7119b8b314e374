import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CatalogError, parseCatalog, repoRoot } from '../../src/catalog';

/** A small valid catalogue; each case below breaks it in one way. */
const VALID = `jurisdiction:
  id: test.example
  name: Testville
  timezone: Europe/Madrid
  default_locale: en
  locales: [en, es]
  emergency_number: "112"
  boundary:
    type: Polygon
    coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
agencies:
  - id: works
    name: Works
groups:
  - id: streets
    name: { en: Streets, es: Calles }
categories:
  - id: pothole
    service_code: "001"
    name: { en: Pothole, es: Bache }
    group: streets
    agency: works
    attributes:
      - code: size
        datatype: singlevaluelist
        description: { en: How big?, es: ¿Qué tamaño? }
        values: [{ key: small, name: Small }, { key: large, name: Large }]
`;

const SHIPPED = { shippedLocales: ['en', 'es'] };

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are edited freely

/** The valid file with `edit` applied to its parsed form. */
function edited(edit: (doc: Doc) => void): string {
  const doc = parse(VALID) as Doc;
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

describe('parseCatalog rejects broken files with the path and reason', () => {
  it('accepts the base file', () => {
    expect(parseCatalog(VALID, 'config/city.yaml', SHIPPED).categories[0]?.serviceCode).toBe('001');
  });

  const cases: { name: string; text: string; path: string; reason: string }[] = [
    {
      name: 'a retention period of zero days',
      text: edited((d) => (d.retention = { cases_days: 0 })),
      path: 'retention.cases_days',
      reason: 'must be at least 1',
    },
    {
      name: 'an unknown class of retention',
      text: edited((d) => (d.retention = { logs_days: 30 })),
      path: 'retention.logs_days',
      reason: "unknown key 'logs_days'",
    },
    {
      name: 'unknown key (typo)',
      text: VALID.replace('  timezone:', '  timezon:'),
      path: 'jurisdiction.timezon',
      reason: "unknown key 'timezon' (did you mean 'timezone'?)",
    },
    {
      name: 'unknown key in a sink',
      text: edited((d) => (d.agencies[0].sinks = [{ type: 'webhook', url: 'https://x.example/in', secret_env: 'S', retries: 3 }])),
      path: 'agencies[0].sinks[0].retries',
      reason: "unknown key 'retries'",
    },
    {
      name: 'two sinks of an agency with one id',
      text: edited((d) => (d.agencies[0].sinks = [{ type: 'file', id: 'main' }, { type: 'file', id: 'main', path: './b.jsonl' }])),
      path: 'agencies[0].sinks[1].id',
      reason: "duplicate sink id 'main'",
    },
    {
      name: 'a sink id that looks like a position',
      text: edited((d) => (d.agencies[0].sinks = [{ type: 'file', id: '0' }])),
      path: 'agencies[0].sinks[0].id',
      reason: 'must start with a letter (positions are the keys of sinks without an id)',
    },
    {
      name: 'missing default-locale translation',
      text: edited((d) => (d.categories[0].name = { es: 'Bache' })),
      path: 'categories[0].name',
      reason: "missing the translation for the default locale 'en'",
    },
    {
      name: 'translation for a locale that is not offered',
      text: edited((d) => (d.categories[0].name = { en: 'Pothole', de: 'Schlagloch' })),
      path: 'categories[0].name.de',
      reason: "locale 'de' is not one of jurisdiction.locales (en, es)",
    },
    {
      name: 'text of the wrong type inside a map',
      text: edited((d) => (d.groups[0].name = { en: 5 })),
      path: 'groups[0].name.en',
      reason: 'expected text, got number 5',
    },
    {
      name: 'bad datatype',
      text: edited((d) => (d.categories[0].attributes[0].datatype = 'choice')),
      path: 'categories[0].attributes[0].datatype',
      reason: 'must be one of: string, number, datetime, text, singlevaluelist, multivaluelist',
    },
    {
      name: 'list without values',
      text: edited((d) => delete d.categories[0].attributes[0].values),
      path: 'categories[0].attributes[0].values',
      reason: 'required for datatype singlevaluelist',
    },
    {
      name: 'values on a non-list attribute',
      text: edited((d) => (d.categories[0].attributes[0].datatype = 'string')),
      path: 'categories[0].attributes[0].values',
      reason: 'only for singlevaluelist and multivaluelist',
    },
    {
      name: 'duplicate value key',
      text: edited((d) => (d.categories[0].attributes[0].values[1].key = 'small')),
      path: 'categories[0].attributes[0].values[1].key',
      reason: "duplicate key 'small'",
    },
    {
      name: 'duplicate category id',
      text: edited((d) => d.categories.push({ ...d.categories[0], service_code: '002' })),
      path: 'categories[1].id',
      reason: "duplicate id 'pothole'",
    },
    {
      name: 'duplicate service code (number vs text)',
      text: edited((d) => d.categories.push({ ...d.categories[0], id: 'pothole-2', service_code: 1 })).replace(
        'service_code: "001"',
        'service_code: 1',
      ),
      path: 'categories[1].service_code',
      reason: "duplicate service_code '1'",
    },
    {
      name: 'duplicate attribute code',
      text: edited((d) => d.categories[0].attributes.push({ code: 'size', datatype: 'text', description: 'More?' })),
      path: 'categories[0].attributes[1].code',
      reason: "duplicate attribute code 'size'",
    },
    {
      name: 'unknown agency',
      text: edited((d) => (d.categories[0].agency = 'roads')),
      path: 'categories[0].agency',
      reason: "unknown agency 'roads' (agencies defined: works)",
    },
    {
      name: 'unknown group',
      text: edited((d) => (d.categories[0].group = 'parks')),
      path: 'categories[0].group',
      reason: "unknown group 'parks' (groups defined: streets)",
    },
    {
      name: 'open ring',
      text: edited((d) => (d.jurisdiction.boundary.coordinates[0][4] = [0, 0.5])),
      path: 'jurisdiction.boundary.coordinates[0]',
      reason: 'ring is not closed',
    },
    {
      name: 'ring too short',
      text: edited((d) => (d.jurisdiction.boundary.coordinates[0] = [[0, 0], [1, 1], [0, 0]])),
      path: 'jurisdiction.boundary.coordinates[0]',
      reason: 'a ring needs at least 4 positions',
    },
    {
      name: 'latitude out of range (swapped coordinates)',
      text: edited((d) => (d.jurisdiction.boundary.coordinates[0][2] = [1, 97])),
      path: 'jurisdiction.boundary.coordinates[0][2][1]',
      reason: 'latitude must be between -90 and 90',
    },
    {
      name: 'geometry that is not a polygon',
      text: edited((d) => (d.jurisdiction.boundary = { type: 'Point', coordinates: [0, 0] })),
      path: 'jurisdiction.boundary.type',
      reason: 'type Polygon or MultiPolygon',
    },
    {
      name: 'bad timezone',
      text: edited((d) => (d.jurisdiction.timezone = 'Europe/Madird')),
      path: 'jurisdiction.timezone',
      reason: "unknown time zone 'Europe/Madird'",
    },
    {
      name: 'unknown (not shipped) locale',
      text: edited((d) => (d.jurisdiction.locales = ['en', 'fr'])),
      path: 'jurisdiction.locales[1]',
      reason: "locale 'fr' is not shipped: locales/ has en, es",
    },
    {
      name: 'locales without the default locale',
      text: edited((d) => (d.jurisdiction.locales = ['es'])),
      path: 'jurisdiction.locales',
      reason: "must include default_locale 'en'",
    },
    {
      name: 'bad category id',
      text: edited((d) => (d.categories[0].id = 'Pot Hole')),
      path: 'categories[0].id',
      reason: 'lowercase letters, digits, - or _',
    },
    {
      name: 'bad reference prefix',
      text: edited((d) => (d.jurisdiction.reference_prefix = 'wegov')),
      path: 'jurisdiction.reference_prefix',
      reason: '1-4 uppercase letters',
    },
    {
      name: 'unknown sink type',
      text: edited((d) => (d.agencies[0].sinks = [{ type: 'email', to: 'a@b.example' }])),
      path: 'agencies[0].sinks[0].type',
      reason: 'type file, open311, webhook or slack',
    },
    {
      name: 'webhook over plain http',
      text: edited((d) => (d.agencies[0].sinks = [{ type: 'webhook', url: 'http://x.example/in', secret_env: 'HOOK_SECRET' }])),
      path: 'agencies[0].sinks[0].url',
      reason: 'must be an https:// URL',
    },
    {
      name: 'secret env given as a value',
      text: edited((d) => (d.agencies[0].sinks = [{ type: 'open311', endpoint: 'https://x.example/v2', api_key_env: 'abc123-secret' }])),
      path: 'agencies[0].sinks[0].api_key_env',
      reason: 'environment variable name',
    },
    {
      name: 'emergency category with questions',
      text: edited((d) => (d.categories[0].emergency = true)),
      path: 'categories[0].attributes',
      reason: 'an emergency category takes no report',
    },
    {
      name: 'required informational attribute',
      text: edited((d) => d.categories[0].attributes.push({ code: 'note', datatype: 'text', variable: false, required: true, description: 'Note' })),
      path: 'categories[0].attributes[1].required',
      reason: 'cannot be required',
    },
    {
      name: 'missing required field',
      text: edited((d) => delete d.categories[0].agency),
      path: 'categories[0].agency',
      reason: 'required',
    },
    {
      name: 'YAML syntax error',
      text: VALID.replace('  locales: [en, es]', '  locales: [en, es'),
      path: 'line 7, column 3', // where the parser noticed: the start of the next entry
      reason: 'YAML syntax error',
    },
    {
      name: 'duplicate YAML key',
      text: VALID.replace('  timezone: Europe/Madrid\n', '  timezone: Europe/Madrid\n  timezone: UTC\n'),
      path: 'line 5, column 3',
      reason: 'Map keys must be unique',
    },
    {
      name: 'empty file',
      text: '',
      path: '(root)',
      reason: 'the file is empty',
    },
  ];

  it.each(cases)('$name -> $path', ({ text, path, reason }) => {
    const error = problems(text);
    expect(error.issues).toContainEqual(expect.objectContaining({ path, message: expect.stringContaining(reason) }));
    expect(error.message).toContain(`config/city.yaml: ${path}: `);
  });
});

describe('CatalogError', () => {
  it('is coded, names the file and lists every problem on its own line', () => {
    const text = edited((d) => {
      d.jurisdiction.timezone = 'Mars/Olympus';
      d.categories[0].name = { es: 'Bache' };
      delete d.categories[0].attributes[0].values;
      d.categories[0].agency = 'roads';
      d.agencies[0].colour = 'blue';
    });
    const error = problems(text);
    expect(error.code).toBe('catalog_invalid');
    expect(error.file).toBe('config/city.yaml');
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'agencies[0].colour',
      'categories[0].agency',
      'categories[0].attributes[0].values',
      'categories[0].name',
      'jurisdiction.timezone',
    ]);
    expect(error.message).toContain('config/city.yaml: categories[0].attributes[0].values: required for datatype singlevaluelist');
    expect(error.message.split('\n')).toHaveLength(1 + 5);
  });

  it('reports a value of the wrong type once, not again as a dangling reference', () => {
    const error = problems(edited((d) => (d.categories[0].agency = 42)));
    expect(error.issues).toEqual([expect.objectContaining({ path: 'categories[0].agency', message: 'expected text, got number 42' })]);
  });

  it('gives the line of each problem', () => {
    const error = problems(VALID.replace('datatype: singlevaluelist', 'datatype: choice'));
    const lineOfDatatype = VALID.split('\n').findIndex((l) => l.includes('datatype: singlevaluelist')) + 1;
    expect(error.issues).toEqual([expect.objectContaining({ path: 'categories[0].attributes[0].datatype', line: lineOfDatatype })]);
    expect(error.message).toContain(`(line ${lineOfDatatype})`);
  });
});

describe('a YAML syntax error', () => {
  it('is reported alone, at its own line: not as a cascade of the errors it causes further down', () => {
    // A tab-indented line in the middle of the demo city: the parser then stumbles over much of
    // what follows (37 problems before this was fixed).
    const demo = fs.readFileSync(path.join(repoRoot(), 'config', 'demo-city.yaml'), 'utf8');
    const lines = demo.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  - id: streetlight'));
    lines[at] = lines[at]!.replace('  - id: streetlight', '\t- id: streetlight');
    const error = problems(lines.join('\n'));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: expect.stringMatching(new RegExp(`^line ${at + 1}, column \\d+$`)), message: expect.stringContaining('YAML syntax error') });
  });
});
