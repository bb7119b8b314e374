/**
 * The public results over HTTP through the real app on Redis, at a fixed time: the index lists
 * public consultations only (with links into the chat and to results), the results page and the
 * open-data files show the counts, a cell of 1-4 people reads "fewer than 5" (null in JSON, empty
 * in CSV) and never its number, withheld results show no numbers (200 page, 403 files), unknown
 * and staff-audience ids are 404, and the CSV parses back with its columns in UTF-8.
 */
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { startHarness, type Harness } from '../../server/harness';
import { liveResponses, NOW, record, writeCatalogue, type Ids } from './public-support';

let h: Harness;
let ids: Ids;
beforeAll(async () => {
  const cat = writeCatalogue();
  ids = cat.ids;
  h = await startHarness('redis', { env: { WEGOV_CONFIG: cat.file, WEGOV_PUBLIC_URL: 'https://wegov.riverside.example', WEGOV_OPEN_DATA_LICENCE: 'CC-BY-4.0' }, overrides: { now: () => NOW } });
  await record(h.wiring.stores.redis!, h.wiring.catalog, ids.live, liveResponses());
  await record(h.wiring.stores.redis!, h.wiring.catalog, ids.staffResults, liveResponses().map((r) => ({ ...r, answers: { ok: true } })));
  await record(h.wiring.stores.redis!, h.wiring.catalog, ids.closed, liveResponses().map((r, i) => ({ ...r, answers: { again: i < 8 } })));
});
afterAll(async () => {
  await h?.close();
});

/** The table row whose header cell is `label` (one line in the page's markup). */
const row = (page: string, label: string): string => {
  const m = new RegExp(`<tr>(?:<td[^>]*>[^<]*</td>)?<th scope="row">${label}</th>.*?</tr>`).exec(page);
  if (!m) throw new Error(`no row ${label}`);
  return m[0];
};

describe('GET /consultations', () => {
  it('lists open and closed public consultations with chat and results links; staff ones are absent', async () => {
    const res = await request(h.app).get('/consultations').set('Accept-Language', 'en');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const page = res.text;
    expect(page).toContain('<h2 id="s-open">Open now</h2>');
    expect(page).toContain('Library opening hours');
    expect(page).toContain('Autumn fair');
    expect(page).toContain(`href="/?start=consultation%3A${ids.live}&#38;lang=en">Take part in the chat</a>`);
    expect(page).toContain(`href="/consultations/${ids.live}?lang=en">See the results so far</a>`);
    expect(page).toContain(`href="/consultations/${ids.closed}?lang=en">See the results</a>`);
    // The open demo consultation publishes after it closes; the staff-only one never.
    expect(page).toContain('Riverside Avenue protected bike lane');
    expect(page).toContain('Results will be published after it closes.');
    expect(page).toContain('Results are for staff only.');
    expect(page).not.toContain('Internal staff survey');
    expect(page).not.toContain(ids.staffAudience);
    // The closed one cannot be answered any more.
    expect(page).not.toContain(`consultation%3A${ids.closed}`);
  });

  it('follows Accept-Language and ?lang=, in Spanish and in Arabic right to left', async () => {
    const es = await request(h.app).get('/consultations').set('Accept-Language', 'es-MX,es;q=0.9');
    expect(es.text).toContain('<html lang="es" dir="ltr">');
    expect(es.text).toContain('Horario de la biblioteca');
    expect(es.text).toContain('Participa en el chat');
    const ar = await request(h.app).get('/consultations?lang=ar').set('Accept-Language', 'es');
    expect(ar.text).toContain('<html lang="ar" dir="rtl">');
    expect(ar.text).toContain('ساعات عمل المكتبة');
  });

  it('the chat deep link opens the widget in the consultation', async () => {
    const res = await request(h.app).get(`/?start=consultation:${ids.live}&lang=es`);
    expect(res.text).toContain(`data-locale="es" data-start="consultation:${ids.live}" data-open="true"`);
  });
});

describe('GET /consultations/:id', () => {
  it('shows the counts, and cells of 1-4 people as "fewer than 5", never their number', async () => {
    const res = await request(h.app).get(`/consultations/${ids.live}`).set('Accept-Language', 'en-GB,en;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const page = res.text;
    expect(page).toContain('<h1>Library opening hours</h1>');
    expect(page).toContain('<h2 id="responses">Responses: 12</h2>');
    expect(row(page, 'Mornings')).toContain('<td class="num">6</td><td class="num">50%</td>');
    for (const label of ['Evenings', 'Weekends']) {
      expect(row(page, label)).toContain('<td class="num hidden">fewer than 5</td><td class="num"></td>');
      expect(row(page, label)).not.toMatch(/>\s*3\s*</);
    }
    // The chart says it too, and draws no bar for a hidden cell.
    expect(page).toMatch(/class="chart-value chart-hidden">fewer than 5<\/text>/);
    expect(page).toContain('>6 (50%)</text>');
    // Yes 9 of 12; no 3 hidden (with the yes taken along when a lone cell could be subtracted).
    expect(row(page, 'No')).toContain('fewer than 5');
    // The yes (9) is hidden to protect the no: it reads "not shown", never "fewer than 5".
    expect(row(page, 'Yes')).toContain('<td class="num hidden">not shown</td>');
    // Scale: each point has fewer than 5 (12 answers over 5 points): hidden, the mean shown.
    expect(row(page, 'Mean')).toContain('<td class="num">2.75</td>');
    // Ranking, best first: books is first for 6, wifi for 6 (Borda 30 each; ties by id).
    expect(page).toMatch(/Ranking for “Rank what matters most”, best first/);
    expect(row(page, 'More books')).toContain('<td class="num">30</td>');
    // The location grid and the breakdowns, channel and language cells of 1-4 hidden.
    expect(page).toContain('Where people pointed on the map');
    expect(row(page, 'Telegram')).toContain('fewer than 5');
    expect(row(page, 'Web chat')).toContain('<td class="num">9</td>');
    expect(row(page, 'Español')).toContain('<td class="num">6</td>');
    expect(row(page, 'العربية')).toContain('fewer than 5');
    expect(page).toContain('Downtown');
    // Open data links and the licence.
    expect(page).toContain(`href="/open-data/consultations/${ids.live}.csv?lang=en"`);
    expect(page).toContain('Licence: CC-BY-4.0.');
  });

  it('in Arabic: rtl, translated labels, the switch links to every language', async () => {
    const res = await request(h.app).get(`/consultations/${ids.live}?lang=ar`);
    expect(res.text).toContain('<html lang="ar" dir="rtl">');
    expect(res.text).toContain('أقل من 5');
    for (const l of ['en', 'es', 'ar', 'fr']) expect(res.text).toContain(`href="/consultations/${ids.live}?lang=${l}"`);
    expect(res.text).toContain('aria-current="true">العربية</a>');
  });

  it('in French: lang="fr", French labels and typography, the French title, French first for a French reader', async () => {
    const res = await request(h.app).get(`/consultations/${ids.live}`).set('Accept-Language', 'fr-CA,fr;q=0.9');
    expect(res.text).toContain('<html lang="fr" dir="ltr">');
    expect(res.text).toContain('Horaires de la bibliothèque');
    expect(res.text).toContain('moins de 5');
    expect(res.text).toContain('aria-current="true">Français</a>');
    expect(res.text).toContain('Licence\u00a0: CC-BY-4.0.');
  });

  it('withheld results: a 200 page saying when or why, with no numbers', async () => {
    const after = await request(h.app).get(`/consultations/${ids.afterClose}?lang=en`);
    expect(after.status).toBe(200);
    expect(after.text).toContain('The results will be published after the consultation closes on January 31, 2027');
    expect(after.text).not.toContain('Responses');
    expect(after.text).not.toContain('<table');
    const staff = await request(h.app).get(`/consultations/${ids.staffResults}?lang=es`);
    expect(staff.status).toBe(200);
    expect(staff.text).toContain('Los resultados de esta consulta son solo para el personal y no se publican.');
    expect(staff.text).not.toContain('<table');
    // No count anywhere (the ids are random: a bare "12" could be part of one).
    expect(staff.text).not.toMatch(/>\s*12\s*</);
    expect(staff.text).not.toContain('Respuestas');
  });

  it('unknown and staff-audience ids: a localized 404 page', async () => {
    for (const id of ['no-such-thing', ids.staffAudience, 'BAD%20ID']) {
      const res = await request(h.app).get(`/consultations/${id}`).set('Accept-Language', 'es');
      expect(res.status).toBe(404);
      expect(res.text).toContain('<h1>No encontramos la consulta</h1>');
      expect(res.text).not.toContain('Encuesta interna');
    }
  });

  it('escapes what it prints', async () => {
    const res = await request(h.app).get('/consultations/%3Cscript%3E');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('<script>');
  });
});

describe('open data', () => {
  it('the catalogue lists public consultations with every title, links and the licence', async () => {
    const res = await request(h.app).get('/open-data/consultations.json');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.body).toMatchObject({ licence: 'CC-BY-4.0', generated_at: NOW.toISOString() });
    const list = res.body.consultations as { id: string }[];
    expect(list.map((c) => c.id)).toEqual(expect.arrayContaining([ids.live, ids.closed, ids.afterClose, ids.staffResults]));
    expect(list.map((c) => c.id)).not.toContain(ids.staffAudience);
    expect(list.find((c) => c.id === ids.live)).toEqual({
      id: ids.live,
      title: { en: 'Library opening hours', es: 'Horario de la biblioteca', ar: 'ساعات عمل المكتبة', fr: 'Horaires de la bibliothèque' },
      agency: { id: 'parks', name: expect.objectContaining({ en: expect.any(String) }) },
      opens_at: expect.any(String),
      closes_at: expect.any(String),
      status: 'open',
      results: 'public_live',
      results_published: true,
      results_withheld: null,
      links: {
        page: `https://wegov.riverside.example/consultations/${ids.live}`,
        json: `https://wegov.riverside.example/open-data/consultations/${ids.live}.json`,
        csv: `https://wegov.riverside.example/open-data/consultations/${ids.live}.csv`,
      },
    });
    expect(list.find((c) => c.id === ids.afterClose)).toMatchObject({ results_published: false, results_withheld: 'after_close' });
  });

  it('JSON: the public summary, hidden cells null, with licence and generated_at', async () => {
    const res = await request(h.app).get(`/open-data/consultations/${ids.live}.json?lang=es`);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const doc = res.body;
    expect(doc).toMatchObject({ licence: 'CC-BY-4.0', generated_at: NOW.toISOString(), lang: 'es', responses: 12 });
    const when = doc.questions.find((q: { id: string }) => q.id === 'when');
    expect(when.options).toEqual([
      { id: 'morning', label: 'Por la mañana', count: 6, share: 0.5 },
      { id: 'evening', label: 'Por la tarde', count: null, share: null },
      { id: 'weekend', label: 'Los fines de semana', count: null, share: null },
    ]);
    expect(JSON.stringify(doc)).not.toMatch(/"(count|responses|answered)":[1-4][,}]/);
  });

  it('CSV: parses back with its columns, UTF-8 (BOM) in Spanish and Arabic, hidden cells empty', async () => {
    for (const [lang, morning] of [
      ['es', 'Por la mañana'],
      ['ar', 'صباحًا'],
    ] as const) {
      const res = await request(h.app).get(`/open-data/consultations/${ids.live}.csv?lang=${lang}`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text).toContain('\r\n');
      const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0]!)).toEqual(['question_id', 'question', 'kind', 'breakdown', 'breakdown_value', 'key', 'label', 'count', 'share', 'value', 'licence', 'generated_at']);
      expect(rows[0]).toMatchObject({ kind: 'responses', count: '12', licence: 'CC-BY-4.0', generated_at: NOW.toISOString() });
      const opt = (key: string) => rows.find((r) => r.question_id === 'when' && r.kind === 'option' && r.breakdown === '' && r.key === key)!;
      expect(opt('morning')).toMatchObject({ label: morning, count: '6', share: '0.5' });
      expect(opt('evening')).toMatchObject({ count: '', share: '' });
      expect(rows.find((r) => r.kind === 'responses' && r.breakdown === 'channel' && r.breakdown_value === 'telegram')).toMatchObject({ count: '' });
      // No count anywhere is 1-4 people.
      expect(rows.filter((r) => ['1', '2', '3', '4'].includes(r.count!))).toEqual([]);
    }
  });

  it('withheld results are 403 results_withheld, unknown and staff-audience ids 404', async () => {
    for (const id of [ids.afterClose, ids.staffResults]) {
      for (const ext of ['json', 'csv']) {
        const res = await request(h.app).get(`/open-data/consultations/${id}.${ext}`);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('results_withheld');
        expect(res.text).not.toMatch(/"count"/);
      }
    }
    for (const id of ['nope', ids.staffAudience]) {
      const res = await request(h.app).get(`/open-data/consultations/${id}.json`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('unknown_consultation');
    }
  });
});
