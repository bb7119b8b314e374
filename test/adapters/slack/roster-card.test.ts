/**
 * Staff rosters of volunteer shifts (issue 13), through the real app on Redis with Slack's Web
 * API on nock: Parks posts to a Slack channel; the agency imports a shift of two places (admin
 * API, CSV); three people sign up in the web chat. The outbox posts the shift's roster card in
 * the channel on the first sign-up (chat.postMessage) and updates the same message on the next
 * ones (chat.update with its ts): "1 of 2 places taken", then "2 of 2", then "· 1 waiting", with
 * "Volunteer 1…3" and their answers, never a chat identity or a pseudonym, and a header saying
 * no contact details are shared. "Half full" and "full" are each posted once in the card's thread.
 * Then `/wegov roster` (list and one shift) in English and in Spanish, an unknown shift, and the
 * CSV roster from the admin API read back with csv-parse (404 for an unknown shift).
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { ADMIN_TOKEN, createSession, say } from '../../server/harness';
import { parksSlackCatalogue, sendSlack, slashCommand, startSlack, waitFor, type SlackCall, type SlackHarness } from './support';

const NOW = new Date('2026-12-01T15:00:00Z');
const CHANNEL = 'CPARKS01';

const blocksText = (c: SlackCall | undefined): string => JSON.stringify(c?.body.blocks ?? []);

describe('Slack roster card, /wegov roster and the CSV roster', () => {
  let h: SlackHarness;
  // A shift id of its own per run: the run's Redis is shared by every test file.
  const shiftId = `test-roster-${randomBytes(4).toString('hex')}`;
  const people = [`roster-a-${shiftId}`, `roster-b-${shiftId}`, `roster-c-${shiftId}`];
  beforeAll(async () => {
    h = await startSlack('redis', { WEGOV_CONFIG: parksSlackCatalogue(CHANNEL), WEGOV_MEDIA_URL_SECRET: 'roster-card-test-secret-0123456789abc' }, undefined, () => NOW);
    const csv = `opportunity_id,shift_id,starts_at,ends_at,capacity\r\nriverbank-cleanup,${shiftId},2026-12-26 09:00,2026-12-26 12:00,2\r\n`;
    const res = await request(h.app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
  });
  afterAll(async () => h?.close());

  /** Signs up for the test shift in the web chat with a glove size; returns what the bot said. */
  async function signUp(participant: string, gloves: string): Promise<string> {
    const s = await createSession(h.app, { locale: 'en', start: 'volunteer', participant });
    await say(h.app, s, { choice: 'any' });
    let page = (await say(h.app, s, { choice: 'outdoors' })).at(-1)!;
    while (!page.choices!.some((c) => c.id === shiftId)) page = (await say(h.app, s, { choice: '_more' })).at(-1)!;
    await say(h.app, s, { choice: shiftId });
    await say(h.app, s, { choice: 'sign_up' });
    await say(h.app, s, { choice: 'yes' });
    await say(h.app, s, { choice: 'yes' });
    await say(h.app, s, { choice: 'yes' });
    await say(h.app, s, { choice: gloves });
    return (await say(h.app, s, { choice: 'yes' }))[0]!.text;
  }

  const cardCalls = (): SlackCall[] => h.api.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && blocksText(c).includes('Roster: Riverbank clean-up') && blocksText(c).includes('Sat, Dec 26'));
  const notices = (): SlackCall[] => h.api.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts !== undefined && /half full|is full/.test(String(c.body.text)));

  it('posts the card on the first sign-up, then updates the same message; half full and full once each', async () => {
    expect(await signUp(people[0]!, 'medium')).toContain('You are signed up');
    const first = await waitFor(() => cardCalls()[0]);
    expect(first.method).toBe('chat.postMessage');
    expect(first.body.channel).toBe(CHANNEL);
    // The card's ts, as its thread's first notice names it.
    const ts = String((await waitFor(() => notices()[0])).body.thread_ts);
    expect(ts).toMatch(/^\d+\.\d+$/);
    let card = blocksText(first);
    expect(card).toContain('1 of 2 places taken · 0 waiting');
    expect(card).toContain('Sat, Dec 26, 9:00');
    expect(card).toContain('River path, north end of the Riverside Avenue bridge');
    expect(card).toContain('No contact details are shared');
    expect(card).toContain('*Volunteer 1*');
    expect(card).toContain('What glove size should we bring for you?');
    expect(card).toContain('Medium');
    // Half full (1 of 2) in the card's thread.
    expect(notices().map((n) => n.body.text)).toEqual([':large_yellow_circle: Riverbank clean-up is half full: 1 of 2 places taken.']);

    expect(await signUp(people[1]!, 'large')).toContain('You are signed up');
    const second = await waitFor(() => cardCalls()[1]);
    expect(second.method).toBe('chat.update');
    expect(second.body.ts).toBe(ts);
    expect(second.body.channel).toBe(CHANNEL);
    card = blocksText(second);
    expect(card).toContain('2 of 2 places taken · 0 waiting');
    expect(card).toContain('*Volunteer 2*');
    expect(card).toContain('Large');
    await waitFor(() => notices()[1]);
    expect(notices().map((n) => [n.body.text, n.body.thread_ts])).toEqual([
      [':large_yellow_circle: Riverbank clean-up is half full: 1 of 2 places taken.', ts],
      [':red_circle: Riverbank clean-up is full: all 2 places are taken.', ts],
    ]);

    expect(await signUp(people[2]!, 'small')).toContain('number 1 on the waitlist');
    const third = await waitFor(() => cardCalls()[2]);
    expect(third.method).toBe('chat.update');
    expect(third.body.ts).toBe(ts);
    card = blocksText(third);
    expect(card).toContain('2 of 2 places taken · 1 waiting');
    expect(card).toContain('*Volunteer 3* · waitlist #1');
    expect(card).toContain('Small');
    // One card, two notices: nothing posted again.
    expect(cardCalls().filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(notices()).toHaveLength(2);
    // Nobody's chat identity reaches the channel.
    for (const p of people) expect(JSON.stringify(h.api.calls)).not.toContain(p);
  });

  async function command(text: string, user = 'USTAFF01'): Promise<{ response_type: string; text: string; blocks?: unknown[] }> {
    const before = h.api.responses.length;
    expect((await sendSlack(h.app, slashCommand(user, text))).status).toBe(200);
    return (await waitFor(() => h.api.responses[before])).body as { response_type: string; text: string; blocks?: unknown[] };
  }

  it('/wegov roster lists upcoming shifts with counts, shows one shift, and answers an unknown one', async () => {
    const list = await command('roster');
    expect(list.response_type).toBe('ephemeral');
    expect(list.text).toMatch(/^\*Upcoming volunteer shifts: \d+\*/);
    expect(list.text).toContain(`• \`${shiftId}\`: Riverbank clean-up, Sat, Dec 26, 9:00`);
    expect(list.text).toContain('2 of 2 places taken · 1 waiting');

    const one = await command(`roster ${shiftId}`);
    expect(one.response_type).toBe('ephemeral');
    const blocks = JSON.stringify(one.blocks);
    expect(blocks).toContain('2 of 2 places taken · 1 waiting');
    expect(blocks).toContain('*Volunteer 3* · waitlist #1');

    expect((await command('roster no-such-shift')).text).toBe('I know no shift called no-such-shift. `/wegov roster` lists the upcoming shifts.');
  });

  it('/wegov roster in Spanish for a Spanish Slack user', async () => {
    h.api.answers.set('users.info', () => ({ user: { id: 'USTAFFES1', locale: 'es-ES' } }));
    try {
      const list = await command('roster', 'USTAFFES1');
      expect(list.text).toMatch(/^\*Próximos turnos de voluntariado: \d+\*/);
      expect(list.text).toContain('2 de 2 plazas ocupadas · 1 en espera');
      const one = JSON.stringify((await command(`roster ${shiftId}`, 'USTAFFES1')).blocks);
      expect(one).toContain('Lista del turno: Limpieza');
      expect(one).toContain('Voluntario/a 3* · lista de espera n.º 1');
      expect(one).toContain('No se comparten datos de contacto');
    } finally {
      h.api.answers.delete('users.info');
    }
  });

  it('the CSV roster: RFC 4180 with a BOM, confirmed then the waitlist, answers by question; 404 for an unknown shift', async () => {
    const res = await request(h.app).get(`/admin/volunteering/shifts/${shiftId}/roster.csv`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).buffer(true).parse((r, cb) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (data += c));
      r.on('end', () => cb(null, data));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = res.body as string;
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.position, r.status, r.gloves])).toEqual([
      ['1', 'confirmed', 'Medium'],
      ['2', 'confirmed', 'Large'],
      ['1', 'waitlisted', 'Small'],
    ]);
    expect(Object.keys(rows[0]!).slice(0, 4)).toEqual(['position', 'status', 'volunteer', 'signed_up_at']);
    for (const r of rows) {
      expect(r.volunteer).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(r.signed_up_at).toBe(NOW.toISOString());
    }
    expect(text).not.toContain(people[0]!);

    const unknown = await request(h.app).get('/admin/volunteering/shifts/no-such-shift/roster.csv').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } });
    expect((await request(h.app).get(`/admin/volunteering/shifts/${shiftId}/roster.csv`)).status).toBe(401);
  });
});
