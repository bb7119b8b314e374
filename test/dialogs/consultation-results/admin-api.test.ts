/**
 * The agency's results API through the real app: people answer the demo consultation in the web
 * chat, the outbox delivers each response to the results sink, and the admin API shows the
 * counts (staff: every count), exports one row per current response as CSV (parsed back:
 * BOM, columns, Arabic text intact) and JSON, and follows a changed response. Memory
 * stores: the run's shared Redis holds other files' responses to the same consultation (the
 * Redis store has its own contract in store.test.ts).
 */
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { ADMIN_TOKEN, createSession, eventually, say, startHarness, type Harness } from '../../server/harness';

const ID = 'riverside-avenue-bike-lane';
const NOW = new Date('2026-12-01T15:00:00Z');
const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

interface Answers {
  route: string;
  frequency: string;
  nearby: 'yes' | 'no';
  concerns: string[];
  more?: string;
  age: string;
  locale?: string;
}

describe('consultation results: the admin API (web chat -> outbox -> results sink)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('memory', { env: { WEGOV_MEDIA_URL_SECRET: 'admin-api-test-secret-0123456789abcdef' }, overrides: { now: () => NOW } });
  });
  afterAll(async () => h?.close());

  /** One person's response, from the deep link to Send. */
  async function answer(participant: string, a: Answers): Promise<void> {
    const s = await createSession(h.app, { locale: a.locale ?? 'en', start: `consultation:${ID}`, participant });
    if (s.messages.at(-1)!.choices?.some((c) => c.id === 'change')) await say(h.app, s, { choice: 'change' });
    await say(h.app, s, { choice: a.route });
    await say(h.app, s, { text: a.frequency });
    await say(h.app, s, { choice: a.nearby });
    if (a.concerns.length === 0) await say(h.app, s, { choice: '_skip' });
    else {
      for (const c of a.concerns) await say(h.app, s, { choice: c });
      await say(h.app, s, { choice: '_done' });
    }
    // "Tell us more" follows an answered concerns question (optional).
    if (a.concerns.length > 0) await say(h.app, s, a.more !== undefined ? { text: a.more } : { choice: '_skip' });
    await say(h.app, s, { text: '2, 1, 3, 4' });
    await say(h.app, s, { choice: a.age });
    const sent = await say(h.app, s, { choice: '_submit' });
    expect(sent[0]!.text).toMatch(/^(Thank you|¡Gracias|شكرًا)/);
  }

  const results = async (lang = 'en') => (await request(h.app).get(`/admin/consultations/${ID}/results?lang=${lang}`).set(auth)).body as Record<string, unknown> & {
    responses: number;
    questions: { id: string; answered: number; skipped: number; options?: { id: string; label: string; count: number; share: number }[]; mean?: number; median?: number; ranking?: { id: string; borda: number }[] }[];
    breakdowns: Record<string, { value: string; responses: number }[]>;
  };

  it('shows every count to staff, exports the rows, and follows a changed response', async () => {
    await answer('person-a-0123456789', { route: 'avenue', frequency: '5', nearby: 'yes', concerns: ['parking', 'buses'], more: 'Buses stop in the lane.', age: '18-34' });
    await answer('person-b-0123456789', { route: 'avenue', frequency: '4', nearby: 'no', concerns: ['parking'], age: '_skip' });
    await answer('person-c-0123456789', { route: 'river-path', frequency: '2', nearby: 'no', concerns: [], age: '55-74', locale: 'es' });
    await answer('person-d-0123456789', { route: 'elm-street', frequency: '3', nearby: 'yes', concerns: ['junctions'], more: 'التقاطعات خطيرة على الدراجات', age: '35-54', locale: 'ar' });
    await eventually(async () => ((await results()).responses === 4 ? true : undefined));

    const r = await results();
    const q = (id: string) => r.questions.find((x) => x.id === id)!;
    expect(q('route').options!.map((o) => [o.id, o.count, o.share])).toEqual([
      ['avenue', 2, 0.5],
      ['elm-street', 1, 0.25],
      ['river-path', 1, 0.25],
    ]);
    // Staff see small counts as they are (the public never does).
    expect(q('frequency')).toMatchObject({ answered: 4, mean: 3.5, median: 3.5 });
    expect(q('concerns')).toMatchObject({ answered: 3, skipped: 1 });
    expect(q('concerns').options!.find((o) => o.id === 'parking')!.count).toBe(2);
    expect(q('age-band')).toMatchObject({ answered: 3, skipped: 1 });
    // Everyone ranked time-limits first: 4 points each.
    expect(q('parking-tradeoffs').ranking![0]).toMatchObject({ id: 'time-limits', borda: 16 });
    expect(r.breakdowns.lang).toEqual([
      { value: 'en', responses: 2 },
      { value: 'ar', responses: 1 },
      { value: 'es', responses: 1 },
    ]);
    expect(r.breakdowns.ch).toEqual([{ value: 'webchat', responses: 4 }]);
    // In Spanish, labels are Spanish.
    expect((await results('es')).questions[0]!.options![0]!.label).toBe('Por la propia Riverside Avenue (lo más directo)');

    // The CSV: a BOM, CRLF, one row per response, the columns of the questions.
    const csv = await request(h.app).get(`/admin/consultations/${ID}/responses.csv`).set(auth).buffer(true).parse((res, cb) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => cb(null, data));
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = csv.body as string;
    expect(text.startsWith('\uFEFFresponse_id,participant,submitted_at,channel,language,route,frequency,lives-nearby,concerns,concerns_other,concerns-detail,parking-tradeoffs,age-band\r\n')).toBe(true);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    expect(rows.find((x) => x.language === 'ar')!['concerns-detail']).toBe('التقاطعات خطيرة على الدراجات');
    const a = rows.find((x) => x['concerns-detail'] === 'Buses stop in the lane.')!;
    expect(a).toMatchObject({ route: 'avenue', frequency: '5', 'lives-nearby': 'yes', concerns: 'parking; buses', 'parking-tradeoffs': 'time-limits > one-side > side-streets > garage', 'age-band': '18-34', language: 'en', channel: 'webchat' });
    expect(a.participant).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(text).not.toContain('person-a-0123456789');

    const json = await request(h.app).get(`/admin/consultations/${ID}/responses.json`).set(auth);
    expect(json.status).toBe(200);
    const doc = JSON.parse(json.text) as { consultation: string; responses: { answers: Record<string, unknown>; locale: string }[] };
    expect(doc.consultation).toBe(ID);
    expect(doc.responses.map((x) => x.locale).sort()).toEqual(['ar', 'en', 'en', 'es']);

    // Person B changes their mind: still 4 responses, the route counts move.
    await answer('person-b-0123456789', { route: 'elm-street', frequency: '4', nearby: 'no', concerns: ['parking'], age: '_skip' });
    await eventually(async () => ((await results()).questions[0]!.options![1]!.count === 2 ? true : undefined));
    const after = await results();
    expect(after.responses).toBe(4);
    expect(after.questions[0]!.options!.map((o) => o.count)).toEqual([1, 2, 1]);
  });

  it('"delete my data": the response stays counted, no longer linked to the person', async () => {
    const participant = 'person-e-0123456789';
    const before = (await results()).responses;
    await answer(participant, { route: 'river-path', frequency: '1', nearby: 'no', concerns: [], age: '75-plus' });
    await eventually(async () => ((await results()).responses === before + 1 ? true : undefined));
    const rowOf = async () => {
      const text = (await request(h.app).get(`/admin/consultations/${ID}/responses.csv`).set(auth)).text;
      return (parse(text, { bom: true, columns: true }) as Record<string, string>[]).find((r) => r['age-band'] === '75-plus')!;
    };
    expect((await rowOf()).participant).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // The same browser (same participant id) asks to delete its data.
    const s = await createSession(h.app, { locale: 'en', participant });
    const asked = await say(h.app, s, { command: 'forget' });
    expect(asked.at(-1)!.text).toContain('If you answered a consultation, your answers stay with the agency as anonymous responses');
    await say(h.app, s, { choice: 'yes' });
    await eventually(async () => ((await rowOf()).participant === '' ? true : undefined));
    expect((await results()).responses).toBe(before + 1);
  });

  it('answers bad requests with a clear code', async () => {
    expect((await request(h.app).get(`/admin/consultations/${ID}/results`)).status).toBe(401);
    const unknown = await request(h.app).get('/admin/consultations/no-such-thing/results').set(auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'unknown_consultation', message: "no consultation 'no-such-thing' in the catalogue" } });
    expect((await request(h.app).get('/admin/consultations/Bad%20Id/results').set(auth)).body.error.code).toBe('bad_request');
    expect((await request(h.app).get(`/admin/consultations/${ID}/results?lang=x&y=1`).set(auth)).body.error.code).toBe('bad_request');
  });
});
