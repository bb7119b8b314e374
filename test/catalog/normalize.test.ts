import { loadCatalog, parseCatalog } from '../../src/catalog';
import { defaultCatalogPath } from '../../src/catalog';

const SHIPPED = { shippedLocales: ['en', 'es'] };

const FILE = `jurisdiction:
  id: two-towns.example
  name: Two Towns
  timezone: Europe/Madrid
  default_locale: es
  locales: [es, en]
  emergency_number: 112
  phone_region: ES
  reference_prefix: TT
  boundary:
    type: MultiPolygon
    coordinates:
      - [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]]]
      - [[[5, 5, 120], [6, 5, 120], [6, 6, 120], [5, 5, 120]]]
x-webhook: &hook { type: webhook, url: "https://hooks.example/in", secret_env: HOOK_SECRET }
agencies:
  - id: works
    name: Obras
    sinks:
      - { type: open311, endpoint: "https://311.example/v2", api_key_env: OPEN311_KEY, jurisdiction_id: tt }
      - *hook
      - { <<: *hook, url: "http://localhost:9999/in" }
      - { type: slack, channel: "#triage" }
      - { type: file, path: ./data/works.jsonl }
  - id: water
    name: { es: Agua, en: Water }
categories:
  - id: leak
    service_code: 007
    name: Fuga
    agency: water
    emergency: true
  - id: bench
    service_code: 8.10
    name: { es: Banco roto, en: Broken bench }
    agency: works
    keywords: { en: [bench, seat] }
    attributes:
      - { code: third, datatype: text, description: Tercera, order: 30 }
      - { code: first, datatype: string, description: Primera, order: 10, datatype_description: Pista }
      - { code: note, datatype: text, description: Solo información, variable: false }
      - { code: kind, datatype: singlevaluelist, description: Tipo, order: 10, values: [{ key: 01, name: Madera }] }
`;

describe('normalization', () => {
  // YAML anchors and merge keys work: the first webhook sink defines &hook.
  const text = FILE.replace(/^x-webhook: .*\n/m, '').replace('      - *hook', '      - &hook { type: webhook, url: "https://hooks.example/in", secret_env: HOOK_SECRET }');

  it('turns plain strings into the default locale and keeps maps', () => {
    const catalog = parseCatalog(text, 'two.yaml', SHIPPED);
    expect(catalog.jurisdiction.name).toEqual({ es: 'Two Towns' });
    expect(catalog.agencies[1]?.name).toEqual({ es: 'Agua', en: 'Water' });
    expect(catalog.categories[0]?.name).toEqual({ es: 'Fuga' });
  });

  it('normalizes a MultiPolygon with holes and altitudes to Position[][][]', () => {
    const { boundary } = parseCatalog(text, 'two.yaml', SHIPPED).jurisdiction;
    expect(boundary).toHaveLength(2);
    expect(boundary[0]).toHaveLength(2);
    expect(boundary[1]?.[0]?.[0]).toEqual([5, 5]);
  });

  it('keeps numbers that are codes as written', () => {
    const catalog = parseCatalog(text, 'two.yaml', SHIPPED);
    expect(catalog.jurisdiction.emergencyNumber).toBe('112');
    expect(catalog.categories.map((c) => c.serviceCode)).toEqual(['007', '8.10']);
    expect(catalog.categories[1]?.attributes.find((a) => a.code === 'kind')?.values[0]?.key).toBe('01');
  });

  it('maps sinks to camelCase', () => {
    const catalog = parseCatalog(text, 'two.yaml', SHIPPED);
    expect(catalog.agencies[0]?.sinks).toEqual([
      { type: 'open311', endpoint: 'https://311.example/v2', apiKeyEnv: 'OPEN311_KEY', jurisdictionId: 'tt' },
      { type: 'webhook', url: 'https://hooks.example/in', secretEnv: 'HOOK_SECRET' },
      { type: 'webhook', url: 'http://localhost:9999/in', secretEnv: 'HOOK_SECRET' },
      { type: 'slack', channel: '#triage' },
      { type: 'file', path: './data/works.jsonl' },
    ]);
    expect(catalog.agencies[1]?.sinks).toEqual([{ type: 'file' }]);
  });

  it('sorts attributes by order (default: position from 1), keeping file order on ties', () => {
    const bench = parseCatalog(text, 'two.yaml', SHIPPED).categories[1];
    expect(bench?.attributes.map((a) => [a.code, a.order])).toEqual([
      ['note', 3],
      ['first', 10],
      ['kind', 10],
      ['third', 30],
    ]);
    expect(bench?.attributes.find((a) => a.code === 'first')?.hint).toEqual({ es: 'Pista' });
    expect(bench?.attributes.find((a) => a.code === 'note')).toMatchObject({ variable: false, required: false, values: [] });
    expect(bench?.attributes.find((a) => a.code === 'third')).not.toHaveProperty('hint');
  });

  it('applies defaults and turns `emergency: true` into an empty emergency', () => {
    const [leak, bench] = parseCatalog(text, 'two.yaml', SHIPPED).categories;
    expect(leak).toEqual({
      id: 'leak',
      serviceCode: '007',
      name: { es: 'Fuga' },
      agency: 'water',
      keywords: {},
      attributes: [],
      photo: 'optional',
      anonymousAllowed: true,
      emergency: {},
    });
    expect(bench?.keywords).toEqual({ en: ['bench', 'seat'] });
  });

  it('rejects a top-level key even when it only holds a YAML anchor', () => {
    expect(() => parseCatalog(FILE, 'two.yaml', SHIPPED)).toThrow("two.yaml: x-webhook: unknown key 'x-webhook'");
  });

  it('reports an alias with no anchor, with its line', () => {
    const noAnchor = FILE.replace(/^x-webhook: .*\n/m, '');
    const line = noAnchor.split('\n').findIndex((l) => l.includes('- *hook')) + 1;
    expect(() => parseCatalog(noAnchor, 'two.yaml', SHIPPED)).toThrow(
      `two.yaml: line ${line}, column 9: YAML error: unknown alias *hook (define &hook before using it)`,
    );
  });
});

describe('shipped locales', () => {
  it('are read from locales/ by default: the demo city loads as `npm start` would', () => {
    const saved = process.env.WEGOV_CONFIG;
    delete process.env.WEGOV_CONFIG;
    try {
      expect(loadCatalog(defaultCatalogPath()).jurisdiction.locales).toEqual(['en', 'es', 'ar', 'fr']);
    } finally {
      if (saved !== undefined) process.env.WEGOV_CONFIG = saved;
    }
  });
});
