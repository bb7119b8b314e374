/**
 * Adopt a drain in the web chat, through the real app on Redis (issue 13): two people share
 * their location, see the nearest free assets with distances, pick the same drain and confirm
 * at the same moment: one hears "It's yours", the other that someone just adopted it and gets
 * the list again without it. The agency's file gets the `asset_adopted` with the adopter's
 * pseudonym (never the chat identity); `GET /admin/adoptions` and its CSV list it; a nudge to
 * the adopters of storm drains reaches the adopter's chat in their language (Spanish), once
 * even when the agency retries it; "needs the city" files a report with the drain's location;
 * releasing it frees it for the other person.
 */
import request from 'supertest';
import { ADMIN_TOKEN, createSession, eventually, history, say, startHarness, submissionLines, type ChatSession, type Harness } from '../../server/harness';
import { defaultCatalogPath, loadCatalog } from '../../../src/catalog';
import { waitUntilReady } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { testRedisUrl } from '../../setup/redis';

const NOW = new Date('2026-12-01T15:00:00Z');
/** Near Elm St & 3rd St: that drain is the nearest asset (58 m). */
const PIN = { lat: 30.2668, lon: -97.743 };
const DRAIN = 'drain-elm-3rd';

describe('adopt a drain in the web chat (Redis)', () => {
  let h: Harness;
  beforeAll(async () => {
    // The demo catalogue's asset ids are fixed: clear their adoptions (only theirs: other files'
    // tests adopt assets of their own at the same time) from this run's shared Redis.
    const redis = createRedisClient(testRedisUrl());
    await waitUntilReady(redis, 5000, 'test cleanup');
    const demo = loadCatalog(defaultCatalogPath({})).assets.map((a) => a.id);
    await redis.del(...demo.map((id) => `wegov:{adopt-asset:${id}}`));
    await redis.srem('wegov:adopt:assets', ...demo);
    await redis.quit();
    h = await startHarness('redis', { env: { WEGOV_MEDIA_URL_SECRET: 'adopt-webchat-test-secret-0123456789' }, overrides: { now: () => NOW } });
  });
  afterAll(async () => h?.close());

  /** Walks to "Adopt ...?" for the drain; returns the session. */
  async function upToConfirm(participant: string, locale: 'en' | 'es'): Promise<ChatSession> {
    const s = await createSession(h.app, { locale, start: 'adopt', participant });
    await say(h.app, s, { choice: 'near' });
    const listed = (await say(h.app, s, { location: PIN })).at(-1)!;
    expect(listed.choices![0]).toEqual(expect.objectContaining({ id: DRAIN }));
    if (locale === 'en') expect(listed.choices![0]!.label).toBe('Storm drain: Storm drain at Elm St & 3rd St (58 m)');
    await say(h.app, s, { choice: DRAIN });
    await say(h.app, s, { choice: '_skip' });
    return s;
  }

  it('two people race for one drain: one adopts it, the other is told to pick another; the agency sees it and nudges the adopter', async () => {
    const ana = await upToConfirm('ana-adopter-0123456789', 'es');
    const ben = await upToConfirm('ben-adopter-0123456789', 'en');
    const [a, b] = await Promise.all([say(h.app, ana, { choice: 'yes' }), say(h.app, ben, { choice: 'yes' })]);
    const anaWon = a[0]!.text.startsWith('Es tuyo');
    const [winner, loser] = anaWon ? [ana, ben] : [ben, ana];
    const [won, lost] = anaWon ? [a, b] : [b, a];
    expect(won[0]!.text).toBe(anaWon ? 'Es tuyo: adoptaste Desagüe pluvial en Elm St y 3rd St. ¡Gracias!\nDespués de una tormenta o cuando pases por ahí, abre "Mis adopciones" para decirnos si está despejado o necesita a la ciudad.' : "It's yours: you adopted Storm drain at Elm St & 3rd St. Thank you!\nAfter a storm or when you pass by, open \"My adoptions\" to tell us whether it is clear or needs the city.");
    expect(lost[0]!.text).toBe(anaWon ? 'Someone just adopted Storm drain at Elm St & 3rd St. Please pick another one.' : 'Alguien acaba de adoptar Desagüe pluvial en Elm St y 3rd St. Elige otro, por favor.');
    // The list again, without the drain.
    expect(lost.at(-1)!.choices!.map((c) => c.id)).not.toContain(DRAIN);
    expect(lost.at(-1)!.choices!.length).toBe(5);

    // The agency's file gets one adoption, pseudonymous.
    const adopted = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'asset_adopted'));
    expect(adopted.payload).toMatchObject({ assetId: DRAIN, assetType: 'storm_drain', agencyId: 'public-works', channel: 'webchat', locale: anaWon ? 'es' : 'en' });
    expect(String(adopted.payload.adopter)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(submissionLines(h.submissionsFile))).not.toContain('adopter-0123456789');

    // The admin list and CSV.
    const list = await request(h.app).get('/admin/adoptions').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ adoptions: [expect.objectContaining({ assetId: DRAIN, type: 'storm_drain', agency: 'public-works', adopter: adopted.payload.adopter, adoptedAt: NOW.toISOString() })] });
    const csv = await request(h.app).get('/admin/adoptions.csv').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(csv.status).toBe(200);
    expect(csv.text.startsWith('\uFEFFasset_id,type,name,agency,lat,lon,adopter,given_name,adopted_at,state,state_at\r\n')).toBe(true);
    expect(csv.text).toContain(`${DRAIN},storm_drain,Storm drain at Elm St & 3rd St,public-works,30.2671,-97.7425,${String(adopted.payload.adopter)},,${NOW.toISOString()},,\r\n`);
    expect((await request(h.app).get('/admin/adoptions')).status).toBe(401);

    // A nudge to the adopters of storm drains, retried by the agency: told once, in their language.
    const message = { en: 'Heavy rain tonight: please check your drain.', es: 'Lluvia fuerte esta noche: revisa tu desagüe, por favor.', ar: 'أمطار غزيرة الليلة: من فضلك تفقّد مصرفك.' };
    const nudge = { type: 'storm_drain', message, nudgeId: 'rain-2026-12-01' };
    const sent = await request(h.app).post('/admin/adoptions/nudge').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send(nudge);
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ nudgeId: 'rain-2026-12-01', adopters: 1 });
    const progress = async () => (await request(h.app).get('/admin/adoptions/nudges/rain-2026-12-01').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).body as { delivered: number };
    await eventually(async () => ((await progress()).delivered === 1 ? true : undefined));
    const again = await request(h.app).post('/admin/adoptions/nudge').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send(nudge);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ nudgeId: 'rain-2026-12-01', adopters: 1 });
    expect(await progress()).toEqual({ nudgeId: 'rain-2026-12-01', type: 'storm_drain', adopters: 1, delivered: 1, unreachable: 0, pending: 0 });
    const heard = (await history(h.app, winner)).filter((m) => m.text === (anaWon ? message.es : message.en));
    expect(heard).toHaveLength(1);
    expect((await history(h.app, loser)).some((m) => m.text === message.en || m.text === message.es)).toBe(false);
    const tree = await request(h.app).post('/admin/adoptions/nudge').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ type: 'tree', message });
    expect(tree.body).toMatchObject({ adopters: 0 });

    // "Needs the city" from a new conversation of the winner: a report with the drain's location.
    const who = anaWon ? 'ana-adopter-0123456789' : 'ben-adopter-0123456789';
    const mine = await createSession(h.app, { locale: 'en', start: 'adopt', participant: who });
    const listed = (await say(h.app, mine, { choice: 'mine' })).at(-1)!;
    expect(listed.choices!.map((c) => c.label)).toEqual(['Storm drain at Elm St & 3rd St', 'Nothing for now']);
    await say(h.app, mine, { choice: DRAIN });
    const filed = await say(h.app, mine, { choice: 'needs_city' });
    expect(filed[0]!.text).toMatch(/^Thank you\. Your report went to Public Works with the location filled in\. Your reference is WG-[A-Z0-9]+: you will hear back here\.$/);
    const report = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'asset_report'));
    expect(report.payload).toMatchObject({ assetId: DRAIN, agencyId: 'public-works', location: { lat: 30.2671, lon: -97.7425 }, state: 'needs_city', adopter: adopted.payload.adopter });
    expect((await request(h.app).get('/admin/adoptions').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).body.adoptions[0]).toMatchObject({ state: 'needs_city' });

    // Released: the other person can adopt it now.
    await say(h.app, mine, { choice: 'adopt' });
    await say(h.app, mine, { choice: 'mine' });
    await say(h.app, mine, { choice: DRAIN });
    await say(h.app, mine, { choice: 'release' });
    expect((await say(h.app, mine, { choice: 'yes' }))[0]!.text).toBe('You released Storm drain at Elm St & 3rd St. Thank you for looking after it!');
    const released = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'asset_released'));
    expect(released.payload).toMatchObject({ assetId: DRAIN, adopter: adopted.payload.adopter });
    const other = await createSession(h.app, { locale: 'en', start: 'adopt', participant: anaWon ? 'ben-adopter-0123456789' : 'ana-adopter-0123456789' });
    await say(h.app, other, { choice: 'near' });
    expect((await say(h.app, other, { location: PIN })).at(-1)!.choices![0]!.id).toBe(DRAIN);
  });

  it('"delete my data" releases the person\'s adoptions, those made in their other conversations too', async () => {
    const carla = 'carla-adopter-0123456789';
    const s = await createSession(h.app, { locale: 'en', start: 'adopt', participant: carla });
    await say(h.app, s, { choice: 'near' });
    await say(h.app, s, { location: { lat: 30.3046, lon: -97.7431 } });
    await say(h.app, s, { choice: 'tree-45th-redbud' });
    await say(h.app, s, { text: 'Rosie' });
    expect((await say(h.app, s, { choice: 'yes' }))[0]!.text).toContain('named it "Rosie"');
    const adminList = async () => (await request(h.app).get('/admin/adoptions?type=tree').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).body as { adoptions: { assetId: string; givenName?: string }[] };
    expect((await adminList()).adoptions).toEqual([expect.objectContaining({ assetId: 'tree-45th-redbud', givenName: 'Rosie' })]);
    // From another conversation of the same person.
    const other = await createSession(h.app, { locale: 'en', participant: carla });
    await say(h.app, other, { text: 'delete my data' });
    await say(h.app, other, { choice: 'yes' });
    await eventually(async () => ((await adminList()).adoptions.length === 0 ? true : undefined));
  });
});
