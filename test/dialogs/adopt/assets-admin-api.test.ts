/**
 * `PUT /admin/adoptions/assets` and `wegov adopt:import` through the real app on the run's Redis
 * (issue 13): a CSV import lists benches and a hydrant beside the catalogue's assets, at once in
 * the web chat (in Spanish); a GeoJSON import that drops the bench someone adopted releases it,
 * tells them in Spanish and the agency (`asset_released`, reason `delisted`); bad files are refused
 * with every problem and change nothing (400), as are other types (415) and files over 5 MB (413);
 * the CLI imports a GeoJSON file into the same store, which the app shows at its next refresh.
 * Then the same import on memory (`npm start`, no Redis).
 * This is the one file that imports on the shared Redis (an import replaces the deployment's whole
 * imported set); its assets are benches and hydrants far from the demo's, so other files' lists
 * and nudges to storm drains never meet them.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { runModuleCommand } from '../../../src/cli/module-command';
import { waitUntilReady } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { testRedisUrl } from '../../setup/redis';
import { ADMIN_TOKEN, createSession, eventually, history, say, startHarness, submissionLines, type Harness } from '../../server/harness';

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const HEADER = 'id,type,name,name_es,name_ar,lat,lon,agency';

interface Listed {
  id: string;
  name: string;
  source: string;
}

const listedOf = async (h: Harness): Promise<Listed[]> => ((await request(h.app).get('/admin/adoptions/assets').set(auth)).body as { assets: Listed[] }).assets;

describe('asset imports on Redis: the admin API and wegov adopt:import', () => {
  const tag = randomUUID().slice(0, 8);
  const id = { bench1: `b${tag}-pond`, bench2: `b${tag}-park`, hydrant: `h${tag}-oak`, cli: `h${tag}-cli` };
  const csv = [
    HEADER,
    `${id.bench1},bench,Bench by the pond,Banca junto al estanque,مقعد بجانب البركة,30.3200,-97.7000,parks`,
    `${id.bench2},bench,Bench in North Park,Banca en North Park,مقعد في الحديقة الشمالية,30.3210,-97.7000,parks`,
    `${id.hydrant},hydrant,Hydrant on Oak St,Hidrante en Oak St,حنفية في شارع أوك,30.3220,-97.7000,public-works`,
  ].join('\n');
  const client = createRedisClient(testRedisUrl());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-assets-'));
  const env = { REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent', PATH: process.env.PATH ?? '' };
  let h: Harness;

  beforeAll(async () => {
    await waitUntilReady(client, 5000, 'test');
    h = await startHarness('redis', { env: { WEGOV_MEDIA_URL_SECRET: 'assets-api-secret-0123456789abcdef' } });
  });
  afterAll(async () => {
    await h?.close();
    // Leave no imported assets behind for the run's other files.
    await client.del('wegov:{adopt-catalog}:imported', 'wegov:{adopt-catalog}:version', 'wegov:{adopt-catalog}:delisted');
    await client.quit();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a CSV, and a GeoJSON that drops an adopted bench releases it and tells its adopter', async () => {
    const put = await request(h.app).put('/admin/adoptions/assets').set(auth).set('Content-Type', 'text/csv').send(csv);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ imported: 3, added: 3, updated: 0, removed: 0, released: 0 });
    const listed = await listedOf(h);
    expect(listed.filter((a) => a.source === 'import').map((a) => a.id)).toEqual([id.bench2, id.bench1, id.hydrant]);
    expect(listed.find((a) => a.id === 'drain-elm-3rd')).toMatchObject({ source: 'catalogue' });

    // At once in the web chat, in Spanish.
    const s = await createSession(h.app, { locale: 'es', start: 'adopt', participant: `bench-adopter-${tag}` });
    await say(h.app, s, { choice: 'near' });
    const near = (await say(h.app, s, { location: { lat: 30.32, lon: -97.7 } })).at(-1)!;
    expect(near.choices!.slice(0, 3).map((c) => c.label)).toEqual(['Banca: Banca junto al estanque (0 m)', 'Banca: Banca en North Park (111 m)', 'Hidrante: Hidrante en Oak St (222 m)']);
    await say(h.app, s, { choice: id.bench1 });
    await say(h.app, s, { choice: '_skip' });
    expect((await say(h.app, s, { choice: 'yes' }))[0]!.text).toMatch(/^Es tuyo: adoptaste Banca junto al estanque/);

    // The city's new file no longer lists that bench: GeoJSON, [longitude, latitude].
    const feature = (assetId: string, type: string, name: string | object, lon: number, lat: number, agency: string) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id: assetId, type, name, agency } });
    const geojson = {
      type: 'FeatureCollection',
      features: [feature(id.bench2, 'bench', { en: 'Bench in North Park', es: 'Banca en North Park', ar: 'مقعد في الحديقة الشمالية' }, -97.7, 30.321, 'parks'), feature(id.hydrant, 'hydrant', 'Hydrant on Oak St', -97.7, 30.322, 'public-works')],
    };
    const again = await request(h.app).put('/admin/adoptions/assets').set(auth).set('Content-Type', 'application/geo+json').send(JSON.stringify(geojson));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ imported: 2, added: 0, updated: 2, removed: 1, released: 1 });
    const told = 'Banca junto al estanque ya no está en la lista de cosas para adoptar, así que tu adopción terminó. ¡Gracias por cuidarlo!';
    await eventually(async () => ((await history(h.app, s)).some((m) => m.text === told) ? true : undefined));
    const released = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'asset_released' && l.payload.assetId === id.bench1));
    expect(released.payload).toMatchObject({ assetId: id.bench1, assetType: 'bench', agencyId: 'parks', reason: 'delisted' });
    expect(String(released.payload.adopter)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const adoptions = ((await request(h.app).get('/admin/adoptions').set(auth)).body as { adoptions: { assetId: string }[] }).adoptions;
    expect(adoptions.some((a) => a.assetId === id.bench1)).toBe(false);
    expect((await history(h.app, s)).filter((m) => m.text === told)).toHaveLength(1);
    // The hydrant's name was one text: every language shows it.
    expect((await listedOf(h)).find((a) => a.id === id.hydrant)).toMatchObject({ name: 'Hydrant on Oak St', source: 'import' });
  });

  it('refuses bad files with every problem and changes nothing', async () => {
    const before = await listedOf(h);
    const bad = `${HEADER}\n${id.bench1},bench,Bench,Banca,مقعد,-97.7000,30.3200,parks\n${id.bench2},bench,Bench,Banca,مقعد,30.32,-97.7,water\n`;
    const res = await request(h.app).put('/admin/adoptions/assets').set(auth).set('Content-Type', 'text/csv; charset=utf-8').send(bad);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 'invalid_body', message: "row 2, lat: lat must be between -90 and 90 (and 1 more problem; nothing was imported)" },
      problems: ['row 2, lat: lat must be between -90 and 90', "row 3, agency: unknown agency 'water' (agencies: public-works, parks)"],
    });
    const broken = await request(h.app).put('/admin/adoptions/assets').set(auth).set('Content-Type', 'application/geo+json').send('{"type": "FeatureCollection", ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const plain = await request(h.app).put('/admin/adoptions/assets').set(auth).set('Content-Type', 'text/plain').send(csv);
    expect(plain.status).toBe(415);
    expect(plain.body.error.code).toBe('unsupported_media_type');
    const huge = `${HEADER}\n${`${id.bench1},bench,Bench,Banca,مقعد,30.32,-97.7,parks\n`.repeat(120_000)}`;
    expect(Buffer.byteLength(huge)).toBeGreaterThan(5 * 1024 * 1024);
    const big = await request(h.app).put('/admin/adoptions/assets').set(auth).set('Content-Type', 'text/csv').send(huge);
    expect(big.status).toBe(413);
    expect(big.body.error).toEqual({ code: 'payload_too_large', message: 'the file is larger than 5 MB; import the assets from the command line (wegov adopt:import) instead' });
    expect((await request(h.app).put('/admin/adoptions/assets').set('Content-Type', 'text/csv').send(csv)).status).toBe(401);
    expect(await listedOf(h)).toEqual(before);
  });

  it('wegov adopt:import reads a GeoJSON file into the same store; the app shows it at its next refresh', async () => {
    let out = '';
    let err = '';
    const io = { write: (t: string) => void (out += t), err: (l: string) => void (err += `${l}\n`) };
    const file = path.join(dir, 'assets.geojson');
    const features = [id.bench2, id.cli].map((assetId, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [-97.7, 30.321 + i * 0.002] }, properties: { id: assetId, type: i === 0 ? 'bench' : 'hydrant', name: `Asset ${String(i)}`, agency: 'parks' } }));
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
    expect(await runModuleCommand('adopt:import', [file], io, env)).toBe(0);
    expect(out).toBe('imported 2 assets (1 added, 1 updated, 1 no longer listed)\n');
    await eventually(async () => ((await listedOf(h)).some((a) => a.id === id.cli) ? true : undefined), 20_000);

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'id,type,name,lat,lon,agency\nx,bench,X,30.32,-97.7,parks\nx,bench,X,30.32,-97.7,parks\n');
    err = '';
    expect(await runModuleCommand('adopt:import', [bad], io, env)).toBe(1);
    expect(err).toBe(`${bad}: row 3, id: 'x' is also on row 2\nnothing imported: 1 problem\n`);
    err = '';
    expect(await runModuleCommand('adopt:import', [], io, env)).toBe(2);
    expect(err).toMatch(/^usage: wegov adopt:import <file.csv\|file.geojson>/);
  }, 40_000);
});

describe('asset imports in memory (no Redis)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('memory');
  });
  afterAll(() => h.close());

  it('lists the imported assets at once and releases an adopted one the next file drops', async () => {
    const row = (assetId: string, lat: number) => `${assetId},bench,Bench ${assetId},Banca ${assetId},مقعد ${assetId},${String(lat)},-97.7,parks`;
    const first = await request(h.app).put('/admin/adoptions/assets').set(auth).set('Content-Type', 'text/csv').send([HEADER, row('bench-a', 30.32), row('bench-b', 30.321)].join('\n'));
    expect(first.body).toEqual({ imported: 2, added: 2, updated: 0, removed: 0, released: 0 });
    const s = await createSession(h.app, { locale: 'en', start: 'adopt', participant: 'memory-bench-adopter' });
    await say(h.app, s, { choice: 'near' });
    await say(h.app, s, { location: { lat: 30.32, lon: -97.7 } });
    await say(h.app, s, { choice: 'bench-a' });
    await say(h.app, s, { text: 'Benny' });
    await say(h.app, s, { choice: 'yes' });
    const second = await request(h.app).put('/admin/adoptions/assets').set(auth).set('Content-Type', 'text/csv').send([HEADER, row('bench-b', 30.321)].join('\n'));
    expect(second.body).toEqual({ imported: 1, added: 0, updated: 1, removed: 1, released: 1 });
    const told = '“Benny” (Bench bench-a) is no longer on the list of things to adopt, so your adoption of it has ended. Thank you for looking after it!';
    await eventually(async () => ((await history(h.app, s)).some((m) => m.text === told) ? true : undefined));
  });
});
