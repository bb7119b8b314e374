/**
 * On the day, in the web chat through the real app on Redis with a clock the test moves: the
 * agency imports a shift (PUT /admin/volunteering/shifts), a person signs up weeks before; during
 * the shift "I'm here" at the menu finds their place, a location 2 km away is refused, one beside
 * the place checks them in (the file gets `volunteer_attendance` with the distance, not the
 * coordinates or the chat identity), a second check-in is "already"; someone without a place is
 * told so. After the shift "how many hours have I given?" counts it (3 hours, 1 shift); staff
 * mark a second volunteer attended through POST /admin/volunteering/shifts/:id/attendance; after
 * "delete my data" that volunteer has no hours.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { importCleanupShift, signUpFor } from './support';
import { ADMIN_TOKEN, createSession, eventually, say, startHarness, submissionLines, type Harness } from '../../server/harness';

describe('volunteering on the day: check in and hours in the web chat (Redis)', () => {
  let h: Harness;
  let now = new Date('2026-12-01T15:00:00Z');
  // A shift id of its own per run (the run's Redis is shared); 09:00-12:00 in Riverside (America/Chicago).
  const shiftId = `test-tidy-${randomBytes(4).toString('hex')}`;
  const first = `checkin-first-${randomBytes(6).toString('hex')}`;
  const second = `checkin-second-${randomBytes(6).toString('hex')}`;
  beforeAll(async () => {
    h = await startHarness('redis', { env: { WEGOV_MEDIA_URL_SECRET: 'volunteer-checkin-test-secret-0123456789' }, overrides: { now: () => now } });
    await importCleanupShift(h.app, shiftId, '2026-12-27 09:00', '2026-12-27 12:00', 5);
  });
  afterAll(async () => h?.close());

  async function signUp(participant: string): Promise<void> {
    const { said } = await signUpFor(h.app, shiftId, participant);
    expect(said[0]).toBe('You are signed up for Riverbank clean-up, Sun, Dec 27, 9:00 AM – 12:00 PM, at River path, north end of the Riverside Avenue bridge. Thank you!');
  }

  it('checks a volunteer in during their shift, near the place only, once; and counts their hours after it', async () => {
    await signUp(first);
    await signUp(second);

    now = new Date('2026-12-27T15:10:00Z');
    const s = await createSession(h.app, { locale: 'en', participant: first });
    expect(s.messages.at(-1)!.choices!.map((c) => c.label)).toContain("I'm here (check in)");
    const asked = (await say(h.app, s, { text: "I'm here" })).at(-1)!;
    expect(asked.text).toContain('You have a place on Riverbank clean-up, Sun, Dec 27, 9:00 AM – 12:00 PM. To check in, share your location');
    // About 2 km north of the bridge: refused.
    expect((await say(h.app, s, { location: { lat: 30.2805, lon: -97.748 } }))[0]!.text).toBe(
      'You seem to be about 2002 m from River path, north end of the Riverside Avenue bridge. Please check in again when you are there.',
    );
    await say(h.app, s, { text: "I'm here" });
    expect((await say(h.app, s, { location: { lat: 30.2627, lon: -97.7481 } }))[0]!.text).toBe("Thanks, you're checked in for Riverbank clean-up, Sun, Dec 27, 9:00 AM – 12:00 PM.");
    // Again: already checked in, said before asking for a location.
    expect((await say(h.app, s, { choice: 'checkin' }))[0]!.text).toBe('You are already checked in for Riverbank clean-up, Sun, Dec 27, 9:00 AM – 12:00 PM. Thank you!');

    const attendance = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'volunteer_attendance'));
    expect(attendance.payload).toMatchObject({ shiftId, opportunityId: 'riverbank-cleanup', agencyId: 'parks', hours: 3, distanceMeters: 24 });
    expect(JSON.stringify(attendance)).not.toContain(first);
    expect(JSON.stringify(attendance)).not.toContain('30.2627');
    expect(submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'volunteer_attendance')).toHaveLength(1);

    // Someone with no place on a shift running now is told so before being asked anything.
    const stranger = await createSession(h.app, { locale: 'es', participant: `checkin-stranger-${randomBytes(6).toString('hex')}` });
    expect((await say(h.app, stranger, { text: 'estoy aquí' }))[0]!.text).toBe('Ahora no tienes ningún turno para registrar tu llegada. El registro se abre 30 minutos antes de que empiece tu turno.');

    // Staff mark the second volunteer attended (they had no phone with them).
    const volunteer = String((attendance.payload as { volunteer: string }).volunteer);
    const roster = submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'volunteer_signup' && l.payload.shiftId === shiftId);
    const secondPseudonym = roster.map((l) => String(l.payload.volunteer)).find((v) => v !== volunteer)!;
    const marked = await request(h.app).post(`/admin/volunteering/shifts/${shiftId}/attendance`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ volunteer: secondPseudonym, attended: true });
    expect(marked.status).toBe(200);
    const stranger409 = await request(h.app).post(`/admin/volunteering/shifts/${shiftId}/attendance`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ volunteer: 'nobody-on-this-shift', attended: true });
    expect(stranger409.status).toBe(409);
    // The agency hears of the staff mark like a check-in, once (marking again changes nothing).
    expect((await request(h.app).post(`/admin/volunteering/shifts/${shiftId}/attendance`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ volunteer: secondPseudonym, attended: true })).status).toBe(200);
    const staffMark = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'volunteer_attendance' && l.payload.volunteer === secondPseudonym));
    expect(staffMark.payload).toMatchObject({ shiftId, hours: 3, markedBy: 'staff' });
    expect(staffMark.payload).not.toHaveProperty('distanceMeters');
    expect(submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'volunteer_attendance')).toHaveLength(2);

    // After the shift: the full 3 hours count, for both.
    now = new Date('2026-12-27T19:00:00Z');
    const later = await createSession(h.app, { locale: 'en', participant: first });
    expect((await say(h.app, later, { text: 'how many hours have I given?' }))[0]!.text).toBe('You have given 3 hours over 1 shift. Thank you!');
    const secondLater = await createSession(h.app, { locale: 'es', participant: second });
    expect((await say(h.app, secondLater, { text: 'mis horas' }))[0]!.text).toBe('Has dado 3 horas en 1 turno. ¡Gracias!');

    // "Delete my data": their hours are gone with their sign-ups and attendance (through the outbox).
    await say(h.app, secondLater, { command: 'forget' });
    await say(h.app, secondLater, { choice: 'yes' });
    await eventually(async () => {
      const fresh = await createSession(h.app, { locale: 'es', participant: second });
      const said = (await say(h.app, fresh, { text: 'mis horas' }))[0]!.text;
      return said.startsWith('Aún no tienes horas') ? said : undefined;
    });
  });
});
