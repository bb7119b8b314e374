/**
 * Asset imports (issue 13): CSV and GeoJSON checked with exact row and feature errors (zod, the
 * jurisdiction's languages and boundary, GeoJSON's [longitude, latitude] order), applied all or
 * nothing beside the catalogue's assets; an import that no longer lists an adopted asset releases
 * it, tells the adopter in their language and the agency (`asset_released`, reason `delisted`),
 * once, and leaves an asset listed again alone. On memory and on Redis, where another process's
 * snapshot sees an import at its next refresh. Then "delete my data" when the outbox is away for a
 * moment: the adoption is kept until the agency's release is queued, and a retry repeats nothing.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { delistingRunner, releaseDelisted } from '../../../dialogs/adopt/imports/delisting';
import { importAssets, type AssetImportDeps, type AssetSource } from '../../../dialogs/adopt/imports/import';
import { RedisAssetStore } from '../../../dialogs/adopt/imports/redis-store';
import { MemoryAssetStore, type AssetStore } from '../../../dialogs/adopt/imports/store';
import { AssetCatalog } from '../../../dialogs/adopt/imports/view';
import { adoptServices } from '../../../dialogs/adopt/services';
import { MemoryAdoptionStore } from '../../../dialogs/adopt/store/memory-store';
import type { AdoptionStore } from '../../../dialogs/adopt/store/store';
import { parseCatalog } from '../../../src/catalog';
import type { Catalog } from '../../../src/catalog/types';
import { loadI18n } from '../../../src/i18n';
import { createLogger } from '../../../src/log';
import { formatProblem } from '../../../src/modules/table-import';
import type { Notice } from '../../../src/runtime/notices';
import { createStores } from '../../../src/state';
import { RedisCalls, RoundTripCounter, waitUntilReady } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import type { Submission } from '../../../src/state/types';
import { testRedisUrl } from '../../setup/redis';

/** Twice as wide as it is tall, so a swapped point falls outside. */
const CATALOG = `jurisdiction:
  id: test.example
  name: Testville
  timezone: America/Chicago
  default_locale: en
  locales: [en, es]
  emergency_number: "911"
  boundary: { type: Polygon, coordinates: [[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]] }
agencies:
  - { id: parks, name: Parks }
  - { id: public-works, name: Public Works }
categories:
  - { id: pothole, service_code: "001", name: { en: Pothole, es: Bache }, agency: public-works }
volunteering:
  assets:
    - { id: cat-1, type: tree, agency: parks, lat: 0.5, lon: 0.5, name: { en: Old oak, es: Roble viejo } }
`;

const catalog: Catalog = parseCatalog(CATALOG, 'city.yaml', { shippedLocales: ['en', 'es'] });
const HEADER = 'id,type,name,name_es,lat,lon,agency';
const at = '2026-12-01T09:00:00.000Z';
const logger = createLogger({ level: 'silent' });

function setup(store: AssetStore = new MemoryAssetStore(), adoptions: AdoptionStore = new MemoryAdoptionStore()) {
  const view = new AssetCatalog({ catalogue: catalog.assets, store });
  const deps: AssetImportDeps = { catalog, catalogueIds: new Set(catalog.assets.map((a) => a.id)), store, view, adoptions };
  const run = (source: AssetSource) => importAssets(source, deps);
  const ids = () => view.assets().map((a) => a.id);
  const submitted: Submission[] = [];
  const told: { conversationId: string; notice: Notice }[] = [];
  const host = {
    submit: async (s: Submission) => void submitted.push(s),
    notify: async (conversationId: string, notice: Notice) => {
      told.push({ conversationId, notice });
      return 'delivered' as const;
    },
    now: () => new Date(at),
    logger,
  };
  return { view, store, adoptions, run, ids, submitted, told, delist: () => releaseDelisted({ host, store, view, adoptions }) };
}

async function problemsOf(outcome: ReturnType<ReturnType<typeof setup>['run']>): Promise<string[]> {
  const o = await outcome;
  if (o.ok) throw new Error('expected the import to be refused');
  return o.problems.map(formatProblem);
}

describe('checking an asset import', () => {
  it('takes a CSV with names in both languages, beside the catalogue asset', async () => {
    const { run, view, ids } = setup();
    const csv = [HEADER, 'drain-1,storm_drain,Drain at 1st St,Desagüe en 1st St,0.25,1.5,public-works', '"bench-2",bench,"Bench, by the pond",,0.75,0.25,parks', ''].join('\r\n');
    await expect(run({ csv: `\uFEFF${csv}` })).resolves.toEqual({ ok: true, imported: 2, added: 2, updated: 0, removed: 0, released: 0 });
    expect(ids()).toEqual(['cat-1', 'bench-2', 'drain-1']);
    expect(view.assets().find((a) => a.id === 'drain-1')).toEqual({ id: 'drain-1', type: 'storm_drain', name: { en: 'Drain at 1st St', es: 'Desagüe en 1st St' }, lat: 0.25, lon: 1.5, agency: 'public-works' });
    expect(view.assets().find((a) => a.id === 'bench-2')?.name).toEqual({ en: 'Bench, by the pond' });
    expect(view.isImported('drain-1')).toBe(true);
    expect(view.isImported('cat-1')).toBe(false);
  });

  it('reports every bad row with its number and column, and imports nothing', async () => {
    const { run, ids } = setup();
    const csv = [
      HEADER,
      'a1,storm_drain,Drain A1,,0.5,0.5,parks',
      'a2,storm_drain,Drain A2,,north,0.5,parks',
      'A 3,storm_drain,Drain A3,,0.5,0.5,parks',
      'a4,storm_drain,Drain A4,,0.5,0.5,water',
      'a1,storm_drain,Drain A1 again,,0.5,0.6,parks',
      'cat-1,tree,Oak again,,0.5,0.5,parks',
      'a7,storm_drain,Drain A7,,1.5,0.5,parks',
      'a8,storm_drain,Drain A8,,0.5,',
      'a9,Storm Drain,,Desagüe A9,0.5,0.5,parks',
      'a10,bench,Bench A10,,0.5,3.5,',
    ].join('\n');
    expect(await problemsOf(run({ csv }))).toEqual([
      'row 3, lat: must be a number',
      'row 4, id: must be 1-40 lowercase letters, digits, - or _, starting with a letter or digit',
      "row 5, agency: unknown agency 'water' (agencies: parks, public-works)",
      "row 6, id: 'a1' is also on row 2",
      "row 7, id: 'cat-1' is an asset of the catalogue; imported assets need ids of their own",
      "row 8, lat: lat 1.5, lon 0.5 is outside the jurisdiction's boundary (are lat and lon swapped?)",
      'row 9: has 6 columns; expected 7 (id,type,name,name_es,lat,lon,agency)',
      'row 10, type: must be 1-40 lowercase letters, digits or _, like storm_drain',
      "row 10, name: missing the translation for the default locale 'en'",
      'row 11, agency: required',
    ]);
    expect(ids()).toEqual(['cat-1']);
  });

  it('refuses a header it does not know, an empty file, and rows beyond the header only', async () => {
    const { run } = setup();
    expect(await problemsOf(run({ csv: 'id,type,name,lat,lon,colour\nx,tree,X,0.5,0.5,red\n' }))).toEqual([
      "row 1: unknown column 'colour' (columns: id,type,name,lat,lon,agency, optionally name_es)",
      'row 1: missing column agency (the header needs id,type,name,lat,lon,agency)',
    ]);
    expect(await problemsOf(run({ csv: '' }))).toEqual(['file: empty: the first row is the header id,type,name,lat,lon,agency']);
    expect(await problemsOf(run({ csv: `${HEADER}\n` }))).toEqual(['file: no assets to import']);
    expect(await problemsOf(run({ csv: `${HEADER}\n"a1,tree\n` }))).toEqual([expect.stringMatching(/^row 2: not valid CSV \(Quote Not Closed/)]);
  });

  it('takes a GeoJSON FeatureCollection of Points: [longitude, latitude], names as text or per language', async () => {
    const { run, view } = setup();
    const geojson = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1.5, 0.25] }, properties: { id: 'hydrant-1', type: 'hydrant', name: 'Hydrant on 2nd St', agency: 'public-works', OBJECTID: 4512 } },
        { type: 'Feature', id: 'tree-9', geometry: { type: 'Point', coordinates: [0.25, 0.75, 130] }, properties: { type: 'tree', name: { en: 'Elm', es: 'Olmo' }, agency: 'parks' } },
      ],
    };
    await expect(run({ geojson })).resolves.toMatchObject({ ok: true, imported: 2, added: 2 });
    expect(view.assets().find((a) => a.id === 'hydrant-1')).toEqual({ id: 'hydrant-1', type: 'hydrant', name: { en: 'Hydrant on 2nd St' }, lat: 0.25, lon: 1.5, agency: 'public-works' });
    expect(view.assets().find((a) => a.id === 'tree-9')).toMatchObject({ lat: 0.75, lon: 0.25, name: { en: 'Elm', es: 'Olmo' } });
  });

  it('reports bad features with their index and property, and points out swapped coordinates', async () => {
    const { run } = setup();
    const point = (coordinates: unknown) => ({ type: 'Point', coordinates });
    const props = (extra: object) => ({ id: 'x', type: 'tree', name: 'X', agency: 'parks', ...extra });
    const geojson = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0.1, 0.1], [0.2, 0.2]] }, properties: props({ id: 'l1' }) },
        { type: 'Feature', geometry: point([0.5, 1.5]), properties: props({ id: 's2' }) },
        { type: 'Feature', geometry: point([0.5, 0.5]), properties: props({ id: 'm3', agency: undefined }) },
        { type: 'Feature', geometry: point([0.5, 0.5]), properties: props({ id: 'f4', name: { en: 'F', fr: 'F' } }) },
        { type: 'Feature', geometry: null, properties: props({ id: 'n5' }) },
      ],
    };
    expect(await problemsOf(run({ geojson }))).toEqual([
      'features[0], geometry.type: must be a Point: { "type": "Point", "coordinates": [longitude, latitude] } (got "LineString")',
      "features[1], geometry.coordinates: lat 1.5, lon 0.5 is outside the jurisdiction's boundary (GeoJSON positions are [longitude, latitude]: [1.5, 0.5] looks swapped)",
      'features[2], properties.agency: required',
      "features[3], properties.name.fr: locale 'fr' is not one of jurisdiction.locales (en, es)",
      'features[4], geometry: must be a Point: { "type": "Point", "coordinates": [longitude, latitude] } (got null)',
    ]);
    expect(await problemsOf(run({ geojson: { type: 'Feature', geometry: point([0.5, 0.5]), properties: props({}) } }))).toEqual([
      'file: expected a GeoJSON FeatureCollection: { "type": "FeatureCollection", "features": [{ "type": "Feature", "geometry": { "type": "Point", "coordinates": [lon, lat] }, "properties": { "id", "type", "name", "agency" } }, ...] }',
    ]);
  });
});

describe('an import that no longer lists adopted assets', () => {
  const csvOf = (...ids: string[]) => [HEADER, ...ids.map((id) => `${id},bench,Bench ${id},Banca ${id},0.5,0.5,parks`)].join('\n');

  function scenario(name: string, make: () => { store: AssetStore; cleanup?: () => Promise<void> }) {
    describe(name, () => {
      it('releases them, tells the adopter and the agency once, and keeps one listed again', async () => {
        const made = make();
        const s = setup(made.store);
        try {
          await expect(s.run({ csv: csvOf('b1', 'b2', 'b3') })).resolves.toMatchObject({ ok: true, added: 3, removed: 0 });
          await s.adoptions.take({ assetId: 'b2', adopter: 'ana', conversationId: 'conv-ana', name: 'Benny', adoptedAt: at });
          await s.adoptions.take({ assetId: 'b3', adopter: 'ben', conversationId: 'conv-ben', adoptedAt: at });
          // b2 and b3 are gone from the file, b3 comes back in the next one before any pass runs.
          await expect(s.run({ csv: csvOf('b1') })).resolves.toEqual({ ok: true, imported: 1, added: 0, updated: 1, removed: 2, released: 2 });
          expect(s.ids()).toEqual(['cat-1', 'b1']);
          await expect(s.run({ csv: csvOf('b1', 'b3') })).resolves.toEqual({ ok: true, imported: 2, added: 1, updated: 1, removed: 0, released: 1 });

          expect(await s.delist()).toBe(1);
          expect(s.submitted).toEqual([
            {
              id: `delisted-b2-${String(Date.parse(at))}`,
              kind: 'asset_released',
              agencyId: 'parks',
              conversationId: 'conv-ana',
              createdAt: at,
              payload: { id: `delisted-b2-${String(Date.parse(at))}`, assetId: 'b2', assetType: 'bench', agencyId: 'parks', adopter: 'ana', releasedAt: at, reason: 'delisted' },
            },
          ]);
          expect(s.told).toEqual([
            { conversationId: 'conv-ana', notice: { module: 'adopt', notice: 'delisted', data: { type: 'bench', name: { en: 'Bench b2', es: 'Banca b2' }, given: 'Benny' }, dedupeId: `delisted:b2:ana:${at}` } },
          ]);
          expect(await s.adoptions.get('b2')).toBeNull();
          expect(await s.adoptions.get('b3')).toMatchObject({ adopter: 'ben' });
          expect(await s.store.delisted()).toEqual([]);
          // A second pass has nothing left to do.
          expect(await s.delist()).toBe(0);
          expect(s.submitted).toHaveLength(1);
        } finally {
          await made.cleanup?.();
        }
      });
    });
  }

  scenario('memory', () => ({ store: new MemoryAssetStore() }));

  const client = createRedisClient(testRedisUrl());
  const calls = new RedisCalls(client, new RoundTripCounter(), 5000);
  const prefixes: string[] = [];
  const redisStore = (): RedisAssetStore => {
    const prefix = `wegov:{adopt-catalog-test:${randomUUID()}}`;
    prefixes.push(prefix);
    return new RedisAssetStore(calls, prefix);
  };
  beforeAll(() => waitUntilReady(client, 5000, 'test'));
  afterAll(async () => {
    for (const p of prefixes) await client.del(`${p}:imported`, `${p}:version`, `${p}:delisted`);
    await client.quit();
  });

  scenario('Redis', () => ({ store: redisStore() }));

  it('on Redis, another process sees an import at its next refresh, and a failed pass is finished by the next', async () => {
    const store = redisStore();
    const here = setup(store);
    const there = new AssetCatalog({ catalogue: catalog.assets, store: new RedisAssetStore(calls, prefixes.at(-1)), refreshMs: 25 });
    there.start();
    try {
      await there.nextRefresh();
      await here.run({ csv: csvOf('b1', 'b2') });
      await there.nextRefresh();
      expect(there.assets().map((a) => a.id)).toEqual(['cat-1', 'b1', 'b2']);

      await here.adoptions.take({ assetId: 'b2', adopter: 'ana', conversationId: 'conv-ana', adoptedAt: at });
      await here.run({ csv: csvOf('b1') });
      // The outbox is away: the pass fails, the adoption and the delisting stay for the next pass.
      let failures = 1;
      const submitted: Submission[] = [];
      const runner = delistingRunner({
        host: {
          submit: async (sub) => {
            if (failures-- > 0) throw new Error('outbox away');
            submitted.push(sub);
          },
          notify: async () => 'delivered',
          now: () => new Date(at),
          logger,
        },
        store,
        view: here.view,
        adoptions: here.adoptions,
      });
      await runner.run();
      expect(await here.adoptions.get('b2')).not.toBeNull();
      expect((await store.delisted()).map((a) => a.id)).toEqual(['b2']);
      await runner.run();
      expect(submitted.map((x) => x.id)).toEqual([`delisted-b2-${String(Date.parse(at))}`]);
      expect(await here.adoptions.get('b2')).toBeNull();
      expect(await store.delisted()).toEqual([]);
    } finally {
      await there.close();
    }
  });
});

describe('"delete my data" when the outbox is away for a moment', () => {
  it('keeps the adoption until the agency\'s release is queued; the retry queues it once', async () => {
    const stores = createStores();
    const submitted: Submission[] = [];
    let failures = 1;
    const services = adoptServices({
      catalog: parseCatalog(CATALOG, 'city.yaml', { shippedLocales: ['en', 'es'] }),
      stores,
      logger,
      now: () => new Date(at),
      i18n: await loadI18n(path.join(__dirname, '../../../locales'), 'en'),
      publicUrl: 'http://localhost',
      openDataLicence: 'CC-BY-4.0',
      pseudonym: (_scope, person) => `p-${person}`,
      linkSecret: () => 'secret',
      notify: async () => 'delivered',
      submit: async (s) => {
        if (failures-- > 0) throw new Error('outbox away');
        submitted.push(s);
      },
    });
    try {
      await services.adoptions.take({ assetId: 'cat-1', adopter: 'p-ana', conversationId: 'conv-ana', name: 'Rosie', adoptedAt: at });
      const sink = services.sinks![0]!.sink;
      const erasure: Submission = { id: 'erasure-1', kind: 'erasure_request', conversationId: 'conv-other', createdAt: at, payload: { conversationId: 'conv-other', reports: [], mediaIds: [], requestedAt: at, claims: [{ scope: 'adopt', participant: 'p-ana' }] } };
      await expect(sink.deliver(erasure, stores.media)).rejects.toThrow('outbox away');
      expect(await services.adoptions.get('cat-1')).not.toBeNull();
      // The outbox retries the erasure: the release is queued, then the asset freed; a third delivery finds nothing.
      await sink.deliver(erasure, stores.media);
      await sink.deliver(erasure, stores.media);
      expect(submitted).toEqual([
        {
          id: `erased-cat-1-${String(Date.parse(at))}`,
          kind: 'asset_released',
          agencyId: 'parks',
          conversationId: 'erased',
          createdAt: at,
          payload: { id: `erased-cat-1-${String(Date.parse(at))}`, assetId: 'cat-1', assetType: 'tree', agencyId: 'parks', adopter: '', releasedAt: at, reason: 'erased' },
        },
      ]);
      expect(await services.adoptions.get('cat-1')).toBeNull();
    } finally {
      await services.close?.();
      await stores.close();
    }
  });
});
