/**
 * Signing up for a shift over Telegram, through the real adapter on Redis at a fixed time: the
 * agency imports a shift of two places (PUT /admin/volunteering/shifts), then a person opens
 * `/start volunteer` and goes through it by inline buttons the way they would (when, what,
 * "More shifts" until the shift shows, details, the requirement and age questions, the glove
 * size, confirm), and is told they are signed up, in their Telegram language, with a signed
 * link to the shift's calendar file that serves an `.ics`; the file gets a `volunteer_signup`
 * without the Telegram identity.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ADMIN_TOKEN, eventually, submissionLines } from '../../server/harness';
import { buttons, dataFor, deliver, startTelegram, type Seen, type TelegramHarness } from './support';
import { callbackUpdate, commandUpdate, type Person } from './updates';

const NOW = new Date('2026-12-01T15:00:00.000Z');

const runs = [
  { language_code: 'en-US', locale: 'en', title: 'Riverbank clean-up', signedUp: /^You are signed up for Riverbank clean-up, Mon, Dec 28, 9:00 AM – 12:00 PM, at River path/, calendar: 'Add it to your calendar: ' },
  { language_code: 'es', locale: 'es', title: 'Limpieza de la ribera', signedUp: /^Quedas apuntado a Limpieza de la ribera, lun, 28 dic, 9:00–12:00, en /, calendar: 'Añádelo a tu calendario: ' },
  { language_code: 'fr-FR', locale: 'fr', title: 'Nettoyage des berges', signedUp: /^Votre inscription à Nettoyage des berges, lun\. 28 déc\., 09:00 – 12:00, est confirmée\u00a0; adresse\u00a0: Chemin de la rivière/, calendar: 'Ajoutez-le à votre agenda\u00a0: ' },
] as const;

describe('signing up for a shift over Telegram (Redis, fixed clock)', () => {
  let h: TelegramHarness;
  const shiftId = `tg-shift-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    h = await startTelegram('redis', { now: () => NOW });
    const csv = `opportunity_id,shift_id,starts_at,ends_at,capacity\r\nriverbank-cleanup,${shiftId},2026-12-28 09:00,2026-12-28 12:00,3\r\n`;
    const res = await request(h.app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(runs)('by buttons from /start volunteer ($language_code)', async (run) => {
    const person: Person = { id: 8_000_000 + Math.floor(Math.random() * 1_000_000), first_name: 'Ana', language_code: run.language_code };
    let last: Seen | undefined;
    const step = async (update: unknown): Promise<Seen[]> => {
      const { seen } = await deliver(h, update);
      last = [...seen].reverse().find((m) => m.reply_markup?.inline_keyboard) ?? seen[seen.length - 1];
      return seen;
    };
    const press = (id: string): Promise<Seen[]> => step(callbackUpdate(person, dataFor(last, id), last!.messageId));
    const ids = (): string[] => buttons(last).map((b) => b.data.slice(b.data.indexOf(':') + 1));

    await step(commandUpdate(person, '/start volunteer'));
    expect(ids()).toEqual(expect.arrayContaining(['today', 'weekend', 'week', 'any', 'mine']));
    await press('any');
    await press('outdoors');
    // Five to a page, soonest first: "More shifts" until the imported one shows.
    while (!ids().includes(shiftId)) await press('_more');
    await press(shiftId);
    expect(last!.text).toContain(run.title);
    expect(ids()).toEqual(['sign_up']);
    await press('sign_up');
    // The requirement and the minimum age: yes / no buttons.
    expect(ids()).toEqual(['yes', 'no']);
    await press('yes');
    await press('yes');
    await press('yes');
    expect(ids()).toContain('medium');
    await press('medium');
    expect(ids()).toEqual(['yes', 'no']);
    const done = (await press('yes')).map((m) => m.text);

    expect(done[0]).toMatch(run.signedUp);
    const link = done.find((t) => t.startsWith(run.calendar))?.slice(run.calendar.length);
    // A signed link to this place's calendar file, valid until a stated time.
    expect(link).toMatch(/^https?:\/\/[^/\s]+\/volunteer\/calendar\/[A-Za-z0-9_-]+\.ics\?exp=\d+&sig=[A-Za-z0-9_-]+$/);
    const url = new URL(link!);
    const ics = await request(h.app).get(`${url.pathname}${url.search}`);
    expect(ics.status).toBe(200);
    expect(ics.text).toContain(`SUMMARY:${run.title}`);

    const line = await eventually(() =>
      submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'volunteer_signup' && (l as { payload: { shiftId?: string; locale?: string } }).payload.shiftId === shiftId && (l as { payload: { locale?: string } }).payload.locale === run.locale),
    );
    expect(line.payload).toMatchObject({ opportunityId: 'riverbank-cleanup', status: 'confirmed', channel: 'telegram', answers: { gloves: 'medium' } });
    expect(JSON.stringify(line)).not.toContain(String(person.id));
  });
});
