/**
 * Nudges through the queue, on the run's Redis with the real app (issue 13): 30 people adopt
 * storm drains in the web chat in English, Spanish and Arabic; the agency nudges the adopters of
 * storm drains once and gets 202 at once; the first app tells 10 of them (its deployment-wide rate
 * is 10 a minute) and is closed mid-way; a second app on the same Redis and queue tells the other
 * 20. Every conversation gets exactly one message, in its own language, even though the agency
 * posts the same nudge id again before and after the restart. Then the in-process queue of the
 * embedded default (memory, no Redis) does the same for three adopters.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ADMIN_TOKEN, eventually, history, startHarness, type ChatSession, type Harness } from '../../server/harness';
import { adoptIn, catalogueWith, type TestAsset } from './support';

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const LOCALES = ['en', 'es', 'ar'] as const;
const MESSAGE = { en: 'Heavy rain tonight: please check your drain.', es: 'Lluvia fuerte esta noche: revisa tu desagüe, por favor.', ar: 'أمطار غزيرة الليلة: من فضلك تفقّد مصرفك.' };

describe('a nudge to 30 adopters of storm drains goes through the queue (Redis)', () => {
  const tag = randomUUID().slice(0, 8);
  // 30 drains of this test's own, 110 m apart along a street inside the city, and a tree nobody adopts.
  const drains: TestAsset[] = Array.from({ length: 30 }, (_, i) => ({
    id: `d${tag}-${String(i)}`,
    type: 'storm_drain',
    agency: 'public-works',
    lat: 30.25 + i * 0.001,
    lon: -97.7,
    name: { en: `Storm drain ${String(i)} on Test St`, es: `Desagüe pluvial ${String(i)} en Test St`, ar: `مصرف أمطار ${String(i)} في شارع تست` },
  }));
  const tree: TestAsset = { id: `t${tag}`, type: 'tree', agency: 'parks', lat: 30.24, lon: -97.7, name: { en: 'Test oak', es: 'Roble de prueba', ar: 'بلوطة الاختبار' } };
  const env = { WEGOV_CONFIG: catalogueWith([...drains, tree]), WEGOV_MEDIA_URL_SECRET: 'nudges-test-secret-0123456789abcdef' };
  // Both apps use one delivery queue name (and so one nudge queue): the second finishes the first's jobs.
  const queue = `test-nudges-${tag}`;
  let first: Harness | undefined;
  let second: Harness | undefined;
  const people: { session: ChatSession; locale: (typeof LOCALES)[number] }[] = [];

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  const progress = async (h: Harness, id: string) => (await request(h.app).get(`/admin/adoptions/nudges/${id}`).set(auth)).body as Record<string, unknown>;
  const nudge = (h: Harness, body: object) => request(h.app).post('/admin/adoptions/nudge').set(auth).send(body);

  it('tells each adopter once, in their language, across a restart of the worker', async () => {
    first = await startHarness('redis', { env: { ...env, WEGOV_BULK_NOTICES_PER_MINUTE: '10' }, overrides: { outboxQueueName: queue } });
    // Ten people at a time, each at their own drain.
    for (let i = 0; i < drains.length; i += 10) {
      const batch = drains.slice(i, i + 10).map(async (drain, j) => {
        const locale = LOCALES[(i + j) % 3]!;
        return { session: await adoptIn(first!.app, `nudge-${tag}-${String(i + j)}`, locale, drain), locale };
      });
      people.push(...(await Promise.all(batch)));
    }
    const listed = (await request(first.app).get('/admin/adoptions?type=storm_drain').set(auth)).body as { adoptions: { assetId: string }[] };
    expect(listed.adoptions.filter((a) => a.assetId.startsWith(`d${tag}-`))).toHaveLength(30);

    const body = { type: 'storm_drain', message: MESSAGE, nudgeId: `rain-${tag}` };
    const sent = await nudge(first, body);
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ nudgeId: `rain-${tag}`, adopters: 30 });
    // The first app's rate lets 10 through in this minute: it stops there, mid-way.
    await eventually(async () => ((await progress(first!, `rain-${tag}`)).delivered === 10 ? true : undefined));
    expect(await progress(first, `rain-${tag}`)).toEqual({ nudgeId: `rain-${tag}`, type: 'storm_drain', adopters: 30, delivered: 10, unreachable: 0, pending: 20 });
    // The agency retries its request: nothing new is queued.
    expect((await nudge(first, body)).body).toEqual({ nudgeId: `rain-${tag}`, adopters: 30 });
    // The same id for another message is refused.
    const other = await nudge(first, { ...body, message: { en: 'Something else' } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('conflict');
    await first.close();
    first = undefined;

    // A new process on the same Redis and queue (the default rate) finishes the other 20.
    second = await startHarness('redis', { env, overrides: { outboxQueueName: queue } });
    await eventually(async () => ((await progress(second!, `rain-${tag}`)).pending === 0 ? true : undefined), 30_000);
    expect(await progress(second, `rain-${tag}`)).toEqual({ nudgeId: `rain-${tag}`, type: 'storm_drain', adopters: 30, delivered: 30, unreachable: 0, pending: 0 });
    expect((await nudge(second, body)).body).toEqual({ nudgeId: `rain-${tag}`, adopters: 30 });

    for (const { session, locale } of people) {
      const said = (await history(second.app, session)).filter((m) => m.from === 'bot' && Object.values(MESSAGE).includes(m.text));
      expect(said.map((m) => m.text)).toEqual([MESSAGE[locale]]);
    }
    // Nobody adopted a tree: a nudge to tree adopters reaches no one and is done at once.
    const trees = await nudge(second, { type: 'tree', message: MESSAGE });
    expect(trees.status).toBe(202);
    expect(await progress(second, String(trees.body.nudgeId))).toMatchObject({ adopters: 0, pending: 0 });
  }, 120_000);

  it('refuses a bad nudge with a coded error', async () => {
    const h = second ?? (second = await startHarness('redis', { env, overrides: { outboxQueueName: queue } }));
    const unknown = await nudge(h, { type: 'lamppost', message: MESSAGE });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ error: { code: 'invalid_body', message: "type: no asset of type 'lamppost' is listed" } });
    const empty = await nudge(h, { type: 'storm_drain', message: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('invalid_body');
    const missing = await request(h.app).get('/admin/adoptions/nudges/no-such-nudge').set(auth);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});

describe('a nudge in memory (npm start, no Redis): the in-process queue', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('memory');
  });
  afterAll(() => h.close());

  it('tells each adopter of the demo drains once, in their language, and reports progress', async () => {
    const demo: TestAsset[] = [
      { id: 'drain-oak-riverside', lat: 30.2652, lon: -97.7468 },
      { id: 'drain-elm-3rd', lat: 30.2671, lon: -97.7425 },
      { id: 'drain-45th-guadalupe', lat: 30.3061, lon: -97.7398 },
    ].map((d) => ({ ...d, type: 'storm_drain', agency: 'public-works', name: { en: '', es: '', ar: '' } }));
    const people = await Promise.all(demo.map(async (d, i) => ({ session: await adoptIn(h.app, `memory-nudge-adopter-${String(i)}`, LOCALES[i]!, d), locale: LOCALES[i]! })));
    const body = { type: 'storm_drain', message: MESSAGE, nudgeId: 'memory-rain' };
    expect((await request(h.app).post('/admin/adoptions/nudge').set(auth).send(body)).body).toEqual({ nudgeId: 'memory-rain', adopters: 3 });
    const progress = async () => (await request(h.app).get('/admin/adoptions/nudges/memory-rain').set(auth)).body as Record<string, unknown>;
    await eventually(async () => ((await progress()).pending === 0 ? true : undefined));
    expect(await progress()).toEqual({ nudgeId: 'memory-rain', type: 'storm_drain', adopters: 3, delivered: 3, unreachable: 0, pending: 0 });
    expect((await request(h.app).post('/admin/adoptions/nudge').set(auth).send(body)).body).toEqual({ nudgeId: 'memory-rain', adopters: 3 });
    for (const { session, locale } of people) {
      expect((await history(h.app, session)).filter((m) => Object.values(MESSAGE).includes(m.text)).map((m) => m.text)).toEqual([MESSAGE[locale]]);
    }
  });
});
