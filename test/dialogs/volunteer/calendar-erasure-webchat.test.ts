/**
 * A sign-up's calendar file and "delete my data", in the web chat through the real app on Redis
 * at a fixed clock. A shift of one place (PUT /admin/volunteering/shifts): the first person is
 * confirmed and told "Add it to your calendar: <link>"; the link serves the shift as an `.ics`
 * in their language, a tampered link is refused. A second person waits as number 1. The first
 * deletes their data: the erasure request (delivered by the outbox) cancels their place, the
 * second is promoted and told in their own chat, and the first's sign-up is gone from the store,
 * from "My sign-ups" and from the calendar link.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { importCleanupShift, signUpFor } from './support';
import { createSession, eventually, history, say, startHarness, type Harness } from '../../server/harness';

const NOW = new Date('2026-12-01T15:00:00Z');

describe('volunteering: calendar link and "delete my data" in the web chat (Redis)', () => {
  let h: Harness;
  const shiftId = `test-cal-${randomBytes(4).toString('hex')}`;
  const first = `cal-first-${randomBytes(6).toString('hex')}`;
  const second = `cal-second-${randomBytes(6).toString('hex')}`;
  beforeAll(async () => {
    h = await startHarness('redis', { env: { WEGOV_MEDIA_URL_SECRET: 'volunteer-calendar-test-secret-0123456789' }, overrides: { now: () => NOW } });
    await importCleanupShift(h.app, shiftId, '2026-12-27 09:00', '2026-12-27 12:00', 1);
  });
  afterAll(async () => h?.close());

  const signUp = (participant: string, locale: 'en' | 'es') => signUpFor(h.app, shiftId, participant, locale);

  it('a confirmed place comes with a signed calendar link; deleting my data frees it for the next person, who is told', async () => {
    const one = await signUp(first, 'es');
    expect(one.said[0]).toMatch(/^Quedas apuntado a /);
    const link = /^Añádelo a tu calendario: (\S+)$/.exec(one.said[1] ?? '')?.[1];
    // A signed link to this place's calendar file, valid until a stated time.
    expect(link).toMatch(/^https?:\/\/[^/\s]+\/volunteer\/calendar\/[A-Za-z0-9_-]+\.ics\?exp=\d+&sig=[A-Za-z0-9_-]+$/);
    const url = new URL(link!);
    expect(url.pathname).toMatch(/^\/volunteer\/calendar\/[A-Za-z0-9_-]+\.ics$/);

    const ics = await request(h.app).get(`${url.pathname}${url.search}`);
    expect(ics.status).toBe(200);
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(ics.text).toContain('BEGIN:VEVENT');
    // In the person's language (Spanish), at the shift's time.
    expect(ics.text).toMatch(/SUMMARY:Limpieza/);
    expect(ics.text).toMatch(/DTSTART:20261227T\d{4}00Z/);
    const tampered = await request(h.app).get(`${url.pathname}${url.search.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A'))}`);
    expect(tampered.status).toBe(403);

    const two = await signUp(second, 'en');
    expect(two.said[0]).toBe('Riverbank clean-up, Sun, Dec 27, 9:00 AM – 12:00 PM, is full, so you are number 1 on the waitlist. If a place frees up, I will tell you here.');
    // Waiting: no calendar link yet.
    expect(two.said.some((m) => m.includes('/volunteer/calendar/'))).toBe(false);

    await say(h.app, one.s, { command: 'forget' });
    await say(h.app, one.s, { choice: 'yes' });

    // The erasure request reaches the volunteer sink through the outbox; the second person hears of the place.
    const told = await eventually(async () => (await history(h.app, two.s)).find((m) => m.text.startsWith('Good news')));
    expect(told.text).toBe('Good news: a place freed up on Riverbank clean-up, Sun, Dec 27, 9:00 AM – 12:00 PM, and it is yours. See you at River path, north end of the Riverside Avenue bridge!');
    const again = await createSession(h.app, { locale: 'en', start: 'volunteer', participant: second });
    expect((await say(h.app, again, { choice: 'mine' })).at(-1)!.text).toContain('1. Riverbank clean-up, Sun, Dec 27, 9:00 AM – 12:00 PM\n');
    // The first person's sign-up is gone: from their sign-ups and from the calendar link.
    const none = await createSession(h.app, { locale: 'en', start: 'volunteer', participant: first });
    expect((await say(h.app, none, { choice: 'mine' }))[0]!.text).toBe('You have no upcoming sign-ups. Choose "Volunteer" on the menu to find a shift.');
    expect((await request(h.app).get(`${url.pathname}${url.search}`)).status).toBe(404);
  });
});
