/**
 * On the day (issue 13) in real Chromium, at a clock the test moves: the agency imports a shift
 * (PUT /admin/volunteering/shifts, 09:00-12:00 Riverside time) and two people sign up for it
 * weeks before, through the web chat API as the participant their browser's widget will be
 * (seedParticipant: the sign-up in the browser is volunteer.test.ts). During the shift:
 * - one opens the demo page with the widget, picks "I'm here" on the menu, presses "Use my
 *   location" with the browser's geolocation granted 24 m from the place, and sees the
 *   checked-in confirmation (the file gets `volunteer_attendance` with that distance); after
 *   the shift, in the same conversation, "how many hours have I given?" answers 3 hours.
 * - the other has blocked location in the browser (in Spanish): "Use my location" shows the
 *   widget's polite alert asking for the street address and puts the cursor in the text box; the
 *   typed address checks them in (an address cannot be measured, so no distance is recorded).
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { eventually, submissionLines } from '../../../server/harness';
import { importCleanupShift, signUpFor } from '../../../dialogs/volunteer/support';
import { answerText, focused, launchChromium, newContext, openWidget, seedParticipant, serve, until, widget, type Served } from './support';

jest.setTimeout(120_000);

/** Beside the riverbank clean-up's place (30.2625, -97.7480): 24 m. */
const AT_THE_PLACE = { latitude: 30.2627, longitude: -97.7481 };
const SHIFT_NAMED = 'Riverbank clean-up, Sun, Dec 27, 9:00 AM – 12:00 PM';

let now = new Date('2026-12-01T15:00:00.000Z');
const shiftId = `browser-checkin-${randomBytes(4).toString('hex')}`;
const located = randomBytes(16).toString('base64url');
const blocked = randomBytes(16).toString('base64url');

let app: Served;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([serve('memory', {}, { now: () => now }), launchChromium()]);
  await importCleanupShift(app.h.app, shiftId, '2026-12-27 09:00', '2026-12-27 12:00', 5);
  expect((await signUpFor(app.h.app, shiftId, located)).said[0]).toContain(`You are signed up for ${SHIFT_NAMED}`);
  expect((await signUpFor(app.h.app, shiftId, blocked, 'es')).said[0]).toContain('Quedas apuntado a Limpieza de la ribera');
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The `volunteer_attendance` lines of this file's shift. */
const attendance = () => submissionLines(app.h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'volunteer_attendance' && l.payload.shiftId === shiftId);

it('checks in with "Use my location" near the place, then tells the hours given after the shift', async () => {
  now = new Date('2026-12-27T15:10:00.000Z'); // 09:10 in Riverside
  const context = await newContext(browser, app.base, { geolocation: AT_THE_PLACE });
  try {
    await seedParticipant(context, app.base, located);
    const page = await context.newPage();
    const w = widget(page);
    await page.goto('/');
    await openWidget(page);
    await w.choice('checkin').click();
    await w.botMessages.filter({ hasText: `You have a place on ${SHIFT_NAMED}. To check in, share your location` }).waitFor();
    await until(async () => (await w.controls.getAttribute('data-expects')) === 'location', 'the location question');

    await w.action('locate').click();
    await w.botMessages.filter({ hasText: `Thanks, you're checked in for ${SHIFT_NAMED}.` }).waitFor();
    expect(await w.userMessages.last().textContent()).toBe('You:Map pin at 30.26270, -97.74810');
    expect(await w.alert.textContent()).toBe('');
    const [line] = await eventually(() => (attendance().length > 0 ? attendance() : undefined));
    expect(line?.payload).toMatchObject({ opportunityId: 'riverbank-cleanup', hours: 3, distanceMeters: 24 });

    now = new Date('2026-12-27T19:00:00.000Z'); // 13:00: the shift has ended
    await answerText(page, 'how many hours have I given?');
    await w.botMessages.filter({ hasText: 'You have given 3 hours over 1 shift. Thank you!' }).waitFor();
  } finally {
    await context.close();
  }
});

it('with location blocked in the browser, asks politely for the address, and the typed address checks them in (es)', async () => {
  now = new Date('2026-12-27T15:20:00.000Z');
  const context = await newContext(browser, app.base, { geolocation: null });
  try {
    await seedParticipant(context, app.base, blocked);
    const page = await context.newPage();
    const w = widget(page);
    await page.goto('/?lang=es');
    await openWidget(page);
    await w.choice('checkin').click();
    await w.botMessages.filter({ hasText: 'Tienes un lugar en Limpieza de la ribera' }).waitFor();
    await until(async () => (await w.controls.getAttribute('data-expects')) === 'location', 'the location question');

    const before = await w.userMessages.count();
    await w.action('locate').click();
    await w.alert.filter({ hasText: 'Tu navegador bloquea el acceso a la ubicación. Escribe la dirección, por favor.' }).waitFor();
    // Nothing was sent; the cursor waits in the text box, which asks for the address.
    expect(await w.userMessages.count()).toBe(before);
    expect(await focused(page)).toMatchObject({ where: 'widget', tag: 'textarea' });
    expect(await w.input.getAttribute('placeholder')).toBe('O escribe la dirección…');

    await page.keyboard.type('Camino del río, junto al puente de Riverside Avenue');
    await page.keyboard.press('Enter');
    await w.botMessages.filter({ hasText: 'Gracias, registramos tu llegada a Limpieza de la ribera' }).waitFor();
    expect(await w.alert.textContent()).toBe('');
  } finally {
    await context.close();
  }
  // Theirs is the one without a distance (the first test's has 24 m).
  const typed = await eventually(() => attendance().find((l) => l.payload.distanceMeters === undefined));
  expect(typed.payload).toMatchObject({ opportunityId: 'riverbank-cleanup', hours: 3 });
});
