/**
 * Status back from an Open311 agency, end to end: a resident reports over the web chat API,
 * the outbox delivers to the (validating) fake agency with a signed photo link, the agency
 * closes the case with notes, one status poll later the resident's conversation carries the
 * update in their language; an unchanged status is not sent again.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createSession, eventually, fileReport, history, referenceIn, RIVERSIDE_PIN, startHarness, TINY_JPEG, type Harness, type StoreKind } from '../server/harness';
import { FakeOpen311Server } from '../sinks/open311/fake-open311-server';
import { writeDemoCatalogCopy } from '../support/demo-catalog-copy';

/**
 * The demo city with Public Works delivering to `endpoint` over Open311, under an agency id of
 * its own (the sink key, and so the tracked cases on a shared Redis, are this run's alone).
 */
function catalogueFor(endpoint: string): string {
  const agency = `public-works-${randomUUID().slice(0, 8)}`;
  const demo = fs.readFileSync(path.join(__dirname, '../../config/demo-city.yaml'), 'utf8').replaceAll('public-works', agency);
  const replaced = demo.replace(
    new RegExp(`(- id: ${agency}\\n\\s+name: .*\\n\\s+sinks:\\n)\\s+- type: file\\n`),
    `$1      - type: open311\n        endpoint: ${endpoint}\n`,
  );
  if (replaced === demo) throw new Error('demo-city.yaml changed shape: public-works sinks not found');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-cat-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return file;
}

describe.each(['memory', 'redis'] as StoreKind[])('Open311 status back (%s)', (kind) => {
  let agency: FakeOpen311Server;
  let h: Harness;
  beforeAll(async () => {
    agency = await new FakeOpen311Server().start();
    h = await startHarness(kind, {
      env: { WEGOV_CONFIG: catalogueFor(agency.endpoint), WEGOV_MEDIA_URL_SECRET: 'media-secret-for-tests-0123456789', WEGOV_STATUS_POLL_SECONDS: '0' },
    });
  });
  afterAll(async () => {
    await h?.close();
    await agency?.stop();
  });
  afterEach(() => expect(agency.violations).toEqual([]));

  it('the agency closes the case with notes: the resident reads it in Spanish, once', async () => {
    const s = await createSession(h.app, { locale: 'es' });
    const messages = await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Bache profundo frente al número 12', contact: null, photo: TINY_JPEG });
    const reference = referenceIn(messages);

    // Delivered once, with the reference in the description and a working signed photo link.
    const post = await eventually(() => agency.posts[0]);
    expect(agency.posts).toHaveLength(1);
    expect(post.get('description')).toBe(`Bache profundo frente al número 12\n\nRef. ${reference}`);
    const photo = new URL(post.get('media_url')!);
    const fetched = await request(h.app).get(`${photo.pathname}${photo.search}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers['content-type']).toBe('image/jpeg');
    const id = await eventually(async () => (await h.wiring.stores.cases.tracked(h.wiring.outbox.router.open311Sinks()[0]!.sinkKey))[0]?.serviceRequestId);

    // Nothing changed yet: a poll sends nothing.
    const before = (await history(h.app, s)).length;
    expect(await h.wiring.statusPoller.pollOnce()).toEqual({ checked: 1, updated: 0, failedSinks: 0 });
    expect(await history(h.app, s)).toHaveLength(before);

    agency.cases.get(id)!.status = 'closed';
    agency.cases.get(id)!.status_notes = 'Reparado el 3 de diciembre';
    expect(await h.wiring.statusPoller.pollOnce()).toMatchObject({ updated: 1 });
    const after = await history(h.app, s);
    const update = after.slice(before).map((m) => m.text).join('\n');
    expect(update).toContain(reference);
    expect(update).toMatch(/cerrad|cerrado/i);
    expect(update).toContain('Reparado el 3 de diciembre');
    expect(after.slice(before).every((m) => m.lang === 'es')).toBe(true);

    // Polled again: nothing new, nothing sent.
    expect(await h.wiring.statusPoller.pollOnce()).toMatchObject({ updated: 0 });
    expect(await history(h.app, s)).toHaveLength(after.length);
  });

  it('new notes on a still-open case reach the resident; an agency that is down costs nothing', async () => {
    const s = await createSession(h.app);
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Pothole by the school gate', contact: null }));
    const post = await eventually(() => agency.posts.find((p) => p.get('description')?.includes(reference)));
    // Agency staff read the person's words and the reference they can quote back.
    expect(post.get('description')).toBe(`Pothole by the school gate\n\nRef. ${reference}`);
    const sinkKey = h.wiring.outbox.router.open311Sinks()[0]!.sinkKey;
    const c = await eventually(async () => (await h.wiring.stores.cases.tracked(sinkKey)).find((x) => x.reference === reference));
    const before = (await history(h.app, s)).length;

    agency.nextStatuses.push((res) => res.status(503).send('maintenance'));
    expect(await h.wiring.statusPoller.pollOnce()).toMatchObject({ failedSinks: 1, updated: 0 });

    agency.cases.get(c.serviceRequestId!)!.status_notes = 'Crew scheduled for Tuesday';
    expect(await h.wiring.statusPoller.pollOnce()).toMatchObject({ updated: 1 });
    const added = (await history(h.app, s)).slice(before).map((m) => m.text).join('\n');
    expect(added).toContain(reference);
    expect(added).toContain('it is now open');
    expect(added).toContain('Crew scheduled for Tuesday');
  });
});
