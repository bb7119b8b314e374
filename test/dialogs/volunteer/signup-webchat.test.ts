/**
 * Signing up for a shift in the web chat, through the real app on Redis at a fixed clock: the
 * agency makes a shift of one place (PUT /admin/volunteering/shifts, CSV), one person signs up
 * and is confirmed, a second is put on the waitlist as number 1, the first trying again hears
 * they are already signed up; the agency's file gets `volunteer_signup` results with a
 * volunteering pseudonym, never the chat identity. The place is taken by the runtime's effect
 * in the same turn as the confirmation (src/runtime/effects.ts).
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ADMIN_TOKEN, createSession, eventually, history, say, startHarness, submissionLines, type ChatSession, type Harness } from '../../server/harness';

const NOW = new Date('2026-12-01T15:00:00Z');

describe('volunteering: sign up for a shift in the web chat (Redis)', () => {
  let h: Harness;
  // A shift id of its own per run: the run's Redis is shared by every test file.
  const shiftId = `test-cleanup-${randomBytes(4).toString('hex')}`;
  /** Another clean-up shift at the same time (a second crew): signing up for both is pointed out. */
  const sameTime = `${shiftId}-b`;
  beforeAll(async () => {
    h = await startHarness('redis', { env: { WEGOV_MEDIA_URL_SECRET: 'volunteer-webchat-test-secret-0123456789' }, overrides: { now: () => NOW } });
    const csv = `opportunity_id,shift_id,starts_at,ends_at,capacity\r\nriverbank-cleanup,${shiftId},2026-12-26 09:00,2026-12-26 12:00,1\r\nriverbank-cleanup,${sameTime},2026-12-26 10:00,2026-12-26 11:00,5\r\n`;
    const res = await request(h.app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
  });
  afterAll(async () => h?.close());

  const sessions = new Map<string, ChatSession>();

  /** Walks to the confirmation for the imported shift and confirms; returns what the bot said last. */
  async function signUp(participant: string, shift = shiftId, places = '1 place in all.'): Promise<string> {
    const s = await createSession(h.app, { locale: 'en', start: 'volunteer', participant });
    sessions.set(participant, s);
    sessions.set(`${participant}@${shift}`, s);
    expect(s.messages.at(-1)!.text).toBe('When can you help?');
    await say(h.app, s, { choice: 'any' });
    const listed = await say(h.app, s, { choice: 'outdoors' });
    // Five to a page, soonest first: the shift on 26 December is on a later page.
    let page = listed.at(-1)!;
    while (!page.choices!.some((c) => c.id === shift)) page = (await say(h.app, s, { choice: '_more' })).at(-1)!;
    if (shift === shiftId) expect(page.choices!.find((c) => c.id === shift)!.label).toBe('Riverbank clean-up · Sat, Dec 26, 9:00 AM – 12:00 PM');
    const details = (await say(h.app, s, { choice: shift })).at(-1)!;
    expect(details.text).toContain('Where: River path, north end of the Riverside Avenue bridge');
    expect(details.text).toContain(places);
    expect((await say(h.app, s, { choice: 'sign_up' })).at(-1)!.text).toBe('This shift asks: I can lift 10 kg. Is that OK for you?');
    await say(h.app, s, { choice: 'yes' });
    await say(h.app, s, { choice: 'yes' });
    expect((await say(h.app, s, { choice: 'yes' })).at(-1)!.text).toContain('What glove size should we bring for you?');
    expect((await say(h.app, s, { choice: 'medium' })).at(-1)!.text).toMatch(/^Sign you up for Riverbank clean-up, Sat, Dec 26, /);
    const done = await say(h.app, s, { choice: 'yes' });
    return done[0]!.text;
  }

  it('takes the one place, puts the next person on the waitlist, and refuses a second sign-up', async () => {
    const first = 'first-volunteer-0123456789';
    expect(await signUp(first)).toBe('You are signed up for Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM, at River path, north end of the Riverside Avenue bridge. Thank you!');
    expect(await signUp('second-volunteer-0123456789')).toBe(
      'Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM, is full, so you are number 1 on the waitlist. If a place frees up, I will tell you here.',
    );
    expect(await signUp(first)).toBe('You are already signed up for Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM.');

    const lines = await eventually(() => {
      const found = submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'volunteer_signup');
      return found.length === 2 ? found : undefined;
    });
    expect(lines.map((l) => [l.payload.shiftId, l.payload.status, l.payload.position ?? null])).toEqual([
      [shiftId, 'confirmed', null],
      [shiftId, 'waitlisted', 1],
    ]);
    expect(lines[0]!.payload).toMatchObject({ opportunityId: 'riverbank-cleanup', agencyId: 'parks', answers: { gloves: 'medium' }, channel: 'webchat', locale: 'en' });
    expect(String(lines[0]!.payload.volunteer)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(lines)).not.toContain(first);
  });

  it('"My sign-ups" cancels a place and the first person waiting is promoted and told in their own chat', async () => {
    const first = 'first-volunteer-0123456789';
    const second = 'second-volunteer-0123456789';
    // Another conversation of the first person (a new tab): their sign-ups come from the store.
    const s = await createSession(h.app, { locale: 'en', start: 'volunteer', participant: first });
    const mine = (await say(h.app, s, { choice: 'mine' })).at(-1)!;
    expect(mine.text).toContain('Your upcoming sign-ups:\n1. Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM');
    const signUpId = mine.choices!.find((c) => c.label === 'Cancel: Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM')!.id;
    expect((await say(h.app, s, { choice: signUpId })).at(-1)!.text).toBe('Cancel your place on Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM?');
    expect((await say(h.app, s, { choice: 'yes' }))[0]!.text).toBe(
      'Your place on Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM is cancelled. Thank you for letting us know: it goes to the next person waiting.',
    );
    // The second person hears it in the conversation they signed up in.
    const told = await eventually(async () => (await history(h.app, sessions.get(second)!)).find((m) => m.text.startsWith('Good news')));
    expect(told.text).toBe('Good news: a place freed up on Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM, and it is yours. See you at River path, north end of the Riverside Avenue bridge!');
    // Their sign-ups now show the place; the first person has none left.
    const again = await createSession(h.app, { locale: 'en', start: 'volunteer', participant: second });
    expect((await say(h.app, again, { choice: 'mine' })).at(-1)!.text).toContain('1. Riverbank clean-up, Sat, Dec 26, 9:00 AM – 12:00 PM\n');
    const none = await createSession(h.app, { locale: 'en', start: 'volunteer', participant: first });
    expect((await say(h.app, none, { choice: 'mine' }))[0]!.text).toBe('You have no upcoming sign-ups. Choose "Volunteer" on the menu to find a shift.');
    const cancellation = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'volunteer_cancellation'));
    expect(cancellation.payload).toMatchObject({ signUpId, shiftId, opportunityId: 'riverbank-cleanup', agencyId: 'parks' });
  });

  it('points out a place at the same time as one the person already holds', async () => {
    const busy = 'busy-volunteer-0123456789';
    expect(await signUp(busy, sameTime, '5 places in all.')).toMatch(/^You are signed up for Riverbank clean-up, Sat, Dec 26, 10:00 – 11:00 AM/);
    // The first shift is taken (and its waitlist has someone): a waitlist spot still overlaps.
    const said = await signUp(busy);
    expect(said).toMatch(/is full, so you are number \d+ on the waitlist/);
    expect(said).toContain('Note: this is at the same time as your place on Riverbank clean-up, Sat, Dec 26, 10:00 – 11:00 AM. If you can only do one, cancel the other under "My sign-ups".');
  });

  it('moving a shift (a new import) tells everyone on it the new time in their own chat', async () => {
    const csv = `opportunity_id,shift_id,starts_at,ends_at,capacity\r\nriverbank-cleanup,${sameTime},2026-12-26 13:00,2026-12-26 14:30,5\r\n`;
    const res = await request(h.app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv);
    expect(res.body).toMatchObject({ imported: 1, updated: 1 });
    // The conversation the place on the moved shift was taken in.
    const busy = sessions.get(`busy-volunteer-0123456789@${sameTime}`)!;
    const told = await eventually(async () => (await history(h.app, busy)).find((m) => m.text.startsWith('The time of')));
    expect(told.text).toBe(
      'The time of Riverbank clean-up has changed: it is now Sat, Dec 26, 1:00 – 2:30 PM, at River path, north end of the Riverside Avenue bridge.\nCan\'t make it? Cancel below and your place goes to the next person waiting.',
    );
    // Importing the same time again tells nobody twice.
    await request(h.app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv);
    expect((await history(h.app, busy)).filter((m) => m.text.startsWith('The time of'))).toHaveLength(1);
  });
});
