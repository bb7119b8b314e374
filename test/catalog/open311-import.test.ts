/**
 * `wegov open311:import` against a local fake Open311 server (services.json and service
 * definitions): the output loads with the real catalogue loader, merged into the demo city or
 * as a whole file; hostile answers give a clear error.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import express from 'express';
import { parse, stringify } from 'yaml';
import { defaultCatalogPath, loadCatalog, parseCatalog } from '../../src/catalog';
import { slugify } from '../../src/catalog/open311-import';
import { runOpen311Import } from '../../src/cli/open311-import';

const SERVICES = [
  { service_code: 101, service_name: 'Pothole in street', description: 'Holes in the road', metadata: true, type: 'realtime', keywords: 'pothole, hole,road', group: 'Street Repairs' },
  { service_code: '102', service_name: 'Graffiti Removal!', description: null, metadata: false, type: 'batch', keywords: '', group: 'Sanitation & Graffiti' },
  { service_code: 'SL-3', service_name: 'Pothole in street', description: 'Duplicate name', metadata: 'true', type: 'realtime', keywords: null, group: null },
  { service_code: '104', service_name: '¡¡¡', metadata: false, type: 'realtime', group: 'Street Repairs' },
];

const DEFINITIONS: Record<string, unknown> = {
  '101': {
    service_code: '101',
    attributes: [
      { variable: true, code: 'DEPTH', datatype: 'number', required: false, datatype_description: 'In centimetres', order: 2, description: 'How deep is it?' },
      {
        variable: true,
        code: 'SIZE',
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: null,
        order: 1,
        description: 'How big?',
        values: [
          { key: 1, name: 'Small' },
          { key: '2', name: 'Large' },
        ],
      },
      { variable: false, code: 'NOTE', datatype: 'string', required: true, order: 3, description: 'Crews repair within 5 days.' },
      { variable: true, code: 'LANES', datatype: 'multivaluelist', required: false, order: 4, description: 'Which lanes?', values: [] },
      { variable: true, code: 'bad code!', datatype: 'string', required: false, order: 5, description: 'Dropped' },
      { variable: true, code: 'WHEN', datatype: 'datetime', required: false, order: 6, description: 'When?' },
    ],
  },
  'SL-3': { service_code: 'SL-3', attributes: [{ variable: true, code: 'POLE', datatype: 'geometry', required: false, order: 1, description: 'Pole id' }] },
};

type Handler = (req: express.Request, res: express.Response) => void;

let server: Server;
let base: string;
let override: Handler | undefined;
const requested: string[] = [];
let dir: string;

beforeAll(async () => {
  const app = express();
  app.use((req, res, next) => {
    requested.push(req.url);
    if (override) return override(req, res);
    next();
  });
  app.get('/open311/v2/services.json', (_req, res) => res.json(SERVICES));
  app.get('/open311/v2/services/:file', (req, res) => {
    const code = String(req.params.file).replace(/\.json$/, '');
    const def = DEFINITIONS[code];
    if (!def) return res.status(404).json([{ code: 404, description: 'no such service' }]);
    res.json(def);
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open311/v2`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  override = undefined;
  requested.length = 0;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-import-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], client = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runOpen311Import(args, { out: (t) => (out += t), err: (l) => (err += `${l}\n`) }, client);
  return { code, out, err };
}

/** Adds the fragment's agencies, groups and categories to the demo city and parses it with the real loader. */
function mergeIntoDemo(fragment: string) {
  const demo = parse(fs.readFileSync(defaultCatalogPath(), 'utf8')) as Record<string, unknown[]>;
  const add = parse(fragment) as { agencies?: unknown[]; groups: unknown[]; categories: unknown[] };
  demo.agencies = [...demo.agencies!, ...(add.agencies ?? [])];
  demo.groups = [...demo.groups!, ...add.groups];
  demo.categories = [...demo.categories!, ...add.categories];
  // Beside the demo catalogue, so the files it names (its gazetteer) are found as they are at start.
  return parseCatalog(stringify(demo), path.join(path.dirname(defaultCatalogPath()), 'merged.yaml'));
}

describe('open311:import', () => {
  it('maps services and definitions to categories the real loader accepts (merged into the demo city)', async () => {
    const { code, out, err } = await run([`${base}/`, '--agency', 'public-works']);
    expect(code).toBe(0);
    // metadata:true services (and only those) had their definition read
    expect(requested.sort()).toEqual(['/open311/v2/services.json', '/open311/v2/services/101.json', '/open311/v2/services/SL-3.json']);
    expect(out).not.toMatch(/^agencies:/m); // an existing agency: no agency entry
    const catalog = mergeIntoDemo(out);
    const byCode = (c: string) => catalog.categories.find((x) => x.serviceCode === c);
    const pothole = byCode('101')!;
    expect(pothole.id).toBe('pothole-in-street');
    expect(pothole.agency).toBe('public-works');
    expect(pothole.group).toBe('street-repairs');
    expect(JSON.stringify(pothole.keywords)).toContain('road');
    expect(pothole.attributes.map((a) => a.code)).toEqual(['SIZE', 'DEPTH', 'NOTE', 'LANES', 'WHEN']);
    const size = pothole.attributes.find((a) => a.code === 'SIZE')!;
    expect(size).toMatchObject({ datatype: 'singlevaluelist', required: true });
    expect(size.values?.map((v) => v.key)).toEqual(['1', '2']);
    expect(pothole.attributes.find((a) => a.code === 'NOTE')).toMatchObject({ variable: false, required: false });
    expect(pothole.attributes.find((a) => a.code === 'LANES')?.datatype).toBe('string');
    expect(byCode('SL-3')!.id).toBe('pothole-in-street-2');
    expect(byCode('SL-3')!.attributes[0]?.datatype).toBe('string');
    expect(byCode('102')!).toMatchObject({ id: 'graffiti-removal', group: 'sanitation-graffiti' });
    expect(byCode('104')!.id).toBe('104');
    expect(catalog.groups.map((g) => g.id)).toEqual(expect.arrayContaining(['street-repairs', 'sanitation-graffiti']));
    // what was repaired or dropped is said
    expect(err).toMatch(/LANES: multivaluelist without values/);
    expect(err).toMatch(/bad code!.*left out/);
    expect(err).toMatch(/NOTE: informational/);
    expect(err).toMatch(/unknown datatype "geometry"/);
  });

  it('without --agency, adds an "imported" agency with an Open311 sink to the URL', async () => {
    const { code, out } = await run([`${base}/services.json`]);
    expect(code).toBe(0);
    const catalog = mergeIntoDemo(out);
    expect(catalog.categories.filter((c) => c.agency === 'imported')).toHaveLength(4);
    const agency = catalog.agencies.find((a) => a.id === 'imported');
    expect(JSON.stringify(agency)).toContain(base);
  });

  it('--out writes a whole catalogue with a commented placeholder jurisdiction that loads as it is', async () => {
    const file = path.join(dir, 'city.yaml');
    const { code } = await run([base, '--out', file, '--locale', 'es']);
    expect(code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/EDIT THE JURISDICTION BELOW/);
    const catalog = loadCatalog(file);
    expect(catalog.categories).toHaveLength(4);
    expect(catalog.jurisdiction.defaultLocale).toBe('es');
    // never overwrites
    const again = await run([base, '--out', file]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists/);
  });

  it.each([
    ['HTML instead of JSON', (_q: express.Request, res: express.Response) => res.type('html').send('<html>hi</html>'), /not JSON/],
    ['an object instead of a list', (_q: express.Request, res: express.Response) => res.json({ services: [] }), /not a GeoReport v2 answer/],
    ['a service without a name', (_q: express.Request, res: express.Response) => res.json([{ service_code: '1' }]), /0\.service_name/],
    ['HTTP 500', (_q: express.Request, res: express.Response) => res.status(500).send('down'), /HTTP 500/],
    ['a redirect', (_q: express.Request, res: express.Response) => res.redirect('/elsewhere'), /redirects are not followed/],
    ['a 2 MB body', (_q: express.Request, res: express.Response) => res.json([{ service_code: '1', service_name: 'x'.repeat(2_000_000) }]), /limit|exceeded/],
  ])('a clear error for %s', async (_name, handler, message) => {
    override = handler as Handler;
    const { code, out, err } = await run([base]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(message);
  });

  it('times out on a server that never answers', async () => {
    override = () => undefined;
    const { code, err } = await run([base], { timeoutMs: 200 });
    expect(code).toBe(1);
    expect(err).toMatch(/no answer within 200 ms/);
  });

  it('rejects bad arguments', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([base, '--agency', 'Not Valid'])).code).toBe(2);
    expect((await run([base, '--bogus'])).code).toBe(2);
  });

  it('slugs are lowercase [a-z0-9_-], at most 40 characters', () => {
    expect(slugify('Árbol caído / Fallen Tree')).toBe('arbol-caido-fallen-tree');
    expect(slugify('x'.repeat(60))).toHaveLength(40);
    expect(slugify('---')).toBe('');
  });
});
