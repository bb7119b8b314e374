/**
 * `GET /open-data/reports.geojson` (issue 16) through the real app on a Redis of its own (the
 * run's shared Redis holds other files' open reports), on a clock the test moves:
 * - the file VALIDATES against geojson.org's FeatureCollection JSON Schema (the geojson-schema
 *   package, with ajv) and passes an independent RFC 7946 checker (@placemarkio/check-geojson);
 * - open reports only (a closed one is absent), points `[lon, lat]` rounded to 3 decimals,
 *   names in `?lang=`, the agency's note only when its notes are public, reports without a point
 *   counted apart; nothing about who reported (description, contact, participant, chat, owner
 *   pseudonym, a private note);
 * - bad query input is 400 `bad_request`; caching headers, a weak ETag and 304;
 * - the records are read in pages, once per FRESH_MS for every language: round trips counted.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, getIssues } from '@placemarkio/check-geojson';
import Ajv from 'ajv';
import request from 'supertest';
import { FRESH_MS } from '../../dialogs/report/open-data-route';
import type { ReportsDocument } from '../../dialogs/report/open-data';
import type { ReportRecord } from '../../src/cases/report-record';
import { sign } from '../../src/sinks/webhook/signature';
import { createSession, fileReport, RIVERSIDE_PIN, referenceIn, startHarness, type Harness } from '../server/harness';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../setup/private-redis';
import { writeDemoCatalogCopy } from '../support/demo-catalog-copy';

const SECRET = 'agency-push-secret-0123456789';
const URL = '/open-data/reports.geojson';
const START = new Date('2026-12-01T15:00:00.000Z');

/** The demo city with Parks' notes public. */
function catalogue(): string {
  const demo = fs.readFileSync(path.join(__dirname, '../../config/demo-city.yaml'), 'utf8');
  const anchor = '    privacy_contact: https://riverside.example/parks/privacy\n';
  if (!demo.includes(anchor)) throw new Error('config/demo-city.yaml changed shape: the parks agency not found');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-geojson-')), 'city.yaml');
  writeDemoCatalogCopy(file, demo.replace(anchor, `${anchor}    public_notes: true\n`));
  return file;
}

const validateFeatureCollection = new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(require.resolve('geojson-schema/FeatureCollection.json'), 'utf8')) as object);

/** Both checks; the document parsed. */
function valid(text: string): ReportsDocument {
  const doc = JSON.parse(text) as ReportsDocument;
  const ok = validateFeatureCollection(doc);
  expect(validateFeatureCollection.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  expect(getIssues(text)).toEqual([]);
  expect(() => check(text)).not.toThrow();
  return doc;
}

const byId = (doc: ReportsDocument, reference: string) => doc.features.find((f) => f.id === reference);

describe('GET /open-data/reports.geojson (redis)', () => {
  let redis: PrivateRedis;
  let h: Harness;
  let clock = START;
  const advance = (ms: number): void => {
    clock = new Date(clock.getTime() + ms);
  };
  function push(body: object): request.Test {
    const raw = JSON.stringify(body);
    const ts = Math.floor(Date.now() / 1000);
    return request(h.app).post('/agency/status').set('Content-Type', 'application/json').set('X-WeGov-Timestamp', String(ts)).set('X-WeGov-Signature', sign(SECRET, ts, raw)).send(raw);
  }
  const record = (over: Partial<ReportRecord>): ReportRecord => ({
    reference: `WG-${randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase()}`,
    agencyId: 'parks',
    categoryId: 'fallen-tree',
    submittedAt: '2026-11-30T09:00:00.000Z',
    updatedAt: '2026-11-30T09:00:00.000Z',
    status: 'open',
    ...over,
  });

  beforeAll(async () => {
    redis = await startPrivateRedis();
    h = await startHarness('redis', {
      env: { REDIS_URL: redis.url, WEGOV_CONFIG: catalogue(), WEGOV_AGENCY_PUSH_SECRET: SECRET, WEGOV_OPEN_DATA_LICENCE: 'CC-BY-4.0', WEGOV_MEDIA_URL_SECRET: 'media-secret-for-tests-0123456789', WEGOV_STATUS_POLL_SECONDS: '0', WEGOV_RETENTION_SWEEP_SECONDS: '0' },
      overrides: { now: () => clock },
    });
  });
  afterAll(async () => {
    await h?.close();
    if (redis) await stopPrivateRedis(redis);
  });

  it('publishes open reports as valid GeoJSON, coarse and without anyone who reported', async () => {
    const participant = randomUUID();
    const email = `geo-${randomUUID().slice(0, 8)}@example.org`;
    const description = `The pothole by my front door, number 7 (${randomUUID().slice(0, 6)})`;
    const s = await createSession(h.app, { locale: 'en', participant });
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description, contact: { name: 'Yolanda Reporterson', email } }));
    const closed = referenceIn(await fileReport(h.app, await createSession(h.app, { locale: 'en' }), { ...RIVERSIDE_PIN, description: 'Closed soon', contact: null }));
    // Public Works' notes are not public: this one must never show.
    expect((await push({ reference, status: 'in_progress', notes: 'Crew booked; call Ana on 555-0100.' })).status).toBe(202);
    expect((await push({ reference: closed, status: 'closed' })).status).toBe(202);
    const owner = (await h.wiring.stores.reports.get(reference))?.owner;
    expect(owner).toEqual(expect.any(String));
    // Parks' notes are public; a point written finer than the record's 3 decimals is rounded; one record has no point.
    const tree = record({ notes: 'Tree crew booked for Tuesday', point: { lat: 30.2989876, lon: -97.7211234 }, districtId: 'north-end' });
    const unplaced = record({ categoryId: 'park-maintenance' });
    await h.wiring.stores.reports.put(tree);
    await h.wiring.stores.reports.put(unplaced);

    const res = await request(h.app).get(URL);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['etag']).toMatch(/^W\/"[\w-]{27}"$/);
    const doc = valid(res.text);
    expect(doc).toMatchObject({ type: 'FeatureCollection', licence: 'CC-BY-4.0', generated_at: START.toISOString(), language: 'en', reports_without_location: 1 });
    expect(doc.features.map((f) => f.id).sort()).toEqual([reference, tree.reference].sort());

    expect(byId(doc, reference)).toEqual({
      type: 'Feature',
      id: reference,
      geometry: { type: 'Point', coordinates: [-97.741, 30.271] },
      properties: {
        reference,
        category_id: 'pothole',
        category: 'Pothole',
        agency_id: 'public-works',
        agency: 'Public Works',
        status: 'in_progress',
        submitted_at: START.toISOString(),
        updated_at: START.toISOString(),
        district_id: 'downtown',
        district: 'Downtown',
      },
    });
    expect(byId(doc, tree.reference)?.geometry.coordinates).toEqual([-97.721, 30.299]);
    expect(byId(doc, tree.reference)?.properties).toMatchObject({ category: 'Fallen tree or branch', agency: 'Parks & Recreation', district: 'North End', notes: 'Tree crew booked for Tuesday' });
    // Newest first.
    expect(doc.features[0]?.id).toBe(reference);

    // Nothing about who reported, nor the private note.
    for (const personal of [description, 'Yolanda', email, participant, s.sessionId, owner!, 'Ana', '555-0100', '"owner"', '"contact"', '"description"']) expect(res.text).not.toContain(personal);
  });

  it('names things in ?lang=; refuses any other query with 400 bad_request', async () => {
    const es = await request(h.app).get(`${URL}?lang=es`);
    expect(es.status).toBe(200);
    const doc = valid(es.text);
    expect(doc.language).toBe('es');
    expect(doc.features.find((f) => f.properties.category_id === 'pothole')?.properties).toMatchObject({ category: 'Bache', district: 'el centro', agency: 'Obras Públicas' });
    const ar = valid((await request(h.app).get(`${URL}?lang=ar`)).text);
    expect(ar.features.find((f) => f.properties.category_id === 'pothole')?.properties.district).toBe('وسط المدينة');

    for (const bad of ['?lang=xx', '?lang=es&lang=en', '?bbox=1,2,3,4', '?lang=']) {
      const res = await request(h.app).get(`${URL}${bad}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'bad_request', message: 'query: only lang=<en|es|ar|fr> is understood' } });
    }
  });

  it('answers If-None-Match with 304; keeps the file FRESH_MS, then reads the records anew', async () => {
    const first = await request(h.app).get(URL);
    const etag = first.headers['etag'] as string;
    const again = await request(h.app).get(URL).set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    const tree = valid(first.text).features.find((f) => f.properties.category_id === 'fallen-tree')!;
    await h.wiring.stores.reports.setStatus(String(tree.id), 'closed', undefined, clock.toISOString());
    // Within FRESH_MS: the same file, and no Redis call for it.
    advance(FRESH_MS - 1);
    const trips = h.wiring.stores.roundTrips();
    const cached = await request(h.app).get(URL);
    expect(h.wiring.stores.roundTrips()).toBe(trips);
    expect(cached.text).toBe(first.text);
    // After it: the closed report has gone, and the tag changed.
    advance(2);
    const fresh = await request(h.app).get(URL).set('If-None-Match', etag);
    expect(fresh.status).toBe(200);
    expect(fresh.headers['etag']).not.toBe(etag);
    expect(valid(fresh.text).features.map((f) => f.id)).not.toContain(tree.id);
  });

  it('with 1,200 open reports: read in pages (a few round trips, not one per report, not one reply), once for concurrent requests in any language', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => record({ categoryId: 'pothole', agencyId: 'public-works', point: { lat: 30.25 + (i % 100) / 1000, lon: -97.75 + Math.floor(i / 100) / 1000 } }));
    for (let i = 0; i < many.length; i += 100) await Promise.all(many.slice(i, i + 100).map((r) => h.wiring.stores.reports.put(r)));
    advance(FRESH_MS + 1);
    const before = h.wiring.stores.roundTrips();
    const [a, b, es] = await Promise.all([request(h.app).get(URL), request(h.app).get(`${URL}?lang=en`), request(h.app).get(`${URL}?lang=es`)]);
    const trips = h.wiring.stores.roundTrips() - before;
    expect(a.text).toBe(b.text);
    expect(valid(es.text).features.map((f) => f.id)).toEqual(JSON.parse(a.text).features.map((f: { id: string }) => f.id));
    const doc = valid(a.text);
    const ids = new Set(doc.features.map((f) => f.id));
    for (const r of many) expect(ids.has(r.reference)).toBe(true);
    expect(doc.features.length).toBe(ids.size);
    // About 1,202 open records in pages of about 500: one ZSCAN and one batch of GETs a page, read once for the three requests.
    expect(trips).toBeGreaterThanOrEqual(4);
    expect(trips).toBeLessThanOrEqual(8);
  });
});
