/**
 * A reminder reaches the volunteer in their own chat, in their language, with "can't make it?"
 * one tap away: through the real app on Redis with its BullMQ reminder queue, at a fake clock half
 * a second before the day-before reminder of a shift is due (the queue's delay is computed from
 * the app's clock). Cancelling from the reminder frees the place.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ADMIN_TOKEN, createSession, eventually, history, say, startHarness, submissionLines, type Harness } from '../../server/harness';

/** The shift starts 2026-12-26 09:00 Riverside time (15:00 UTC): its day-before reminder is due 500 ms after this. */
const NOW = new Date('2026-12-25T14:59:59.500Z');

describe('volunteering: reminders in the web chat (Redis, BullMQ)', () => {
  let h: Harness;
  const shiftId = `test-remind-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    h = await startHarness('redis', { env: { WEGOV_MEDIA_URL_SECRET: 'volunteer-reminder-test-secret-0123456789' }, overrides: { now: () => NOW } });
    const csv = `opportunity_id,shift_id,starts_at,ends_at,capacity\r\nriverbank-cleanup,${shiftId},2026-12-26 09:00,2026-12-26 12:00,5\r\n`;
    expect((await request(h.app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv)).status).toBe(200);
  });
  afterAll(async () => h?.close());

  it('reminds the day before, in Spanish, and cancelling from the reminder frees the place', async () => {
    const s = await createSession(h.app, { locale: 'es', start: 'volunteer', participant: 'reminded-volunteer-0123456789' });
    await say(h.app, s, { choice: 'any' });
    await say(h.app, s, { choice: 'any' });
    expect((await say(h.app, s, { choice: shiftId })).at(-1)!.text).toContain('Limpieza de la ribera');
    for (const body of [{ choice: 'sign_up' }, { choice: 'yes' }, { choice: 'yes' }, { choice: 'yes' }, { choice: 'small' }]) await say(h.app, s, body);
    expect((await say(h.app, s, { choice: 'yes' }))[0]!.text).toMatch(/^Quedas apuntado a Limpieza de la ribera/);

    const reminded = await eventually(async () => (await history(h.app, s)).find((m) => m.text.startsWith('Recordatorio')), 15_000);
    expect(reminded.text).toBe(
      'Recordatorio: Limpieza de la ribera es mañana, sáb, 26 dic, 9:00–12:00, en Camino del río, extremo norte del puente de Riverside Avenue. ¡Gracias por participar!\n¿No puedes ir? Cancélalo aquí abajo y tu plaza pasará a la siguiente persona en espera.',
    );
    // "My sign-ups" opened with it: cancel is one tap (and a confirmation) away.
    const list = await eventually(async () => (await history(h.app, s)).find((m) => m.text.startsWith('Tus próximos turnos')));
    const cancel = list.choices!.find((c) => c.label.startsWith('Cancelar: Limpieza de la ribera, sáb, 26 dic'))!;
    await say(h.app, s, { choice: cancel.id });
    expect((await say(h.app, s, { choice: 'yes' }))[0]!.text).toMatch(/^Tu plaza en Limpieza de la ribera, sáb, 26 dic, 9:00–12:00 queda cancelada/);
    await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'volunteer_cancellation'));
    // The reminder came once.
    expect((await history(h.app, s)).filter((m) => m.text.startsWith('Recordatorio'))).toHaveLength(1);
  }, 30_000);
});
