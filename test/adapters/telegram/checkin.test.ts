/**
 * "I'm here" over Telegram (issue 13), through the real app and adapter on Redis with a clock
 * the test moves: a person signs up for a shift by buttons weeks before; during the shift the
 * menu offers "I'm here (check in)"; typing "I'm here" asks for their location with Telegram's
 * share-location button (and Skip) on a reply keyboard; a Telegram location 2 km away is
 * politely refused, the keyboard removed and the menu shown again; from the menu's button, one
 * beside the place (24 m) checks them in; pressing it again is "already". The agency's file gets
 * one `volunteer_attendance` with the distance, never the coordinates or the Telegram identity.
 * Someone with no place, writing in Spanish, is told so before being asked anything.
 */
import { randomBytes } from 'node:crypto';
import { eventually, submissionLines } from '../../server/harness';
import { importCleanupShift } from '../../dialogs/volunteer/support';
import { inlineLabels, replyKeyboard, signUpByButtons, TelegramChat } from './chat';
import { startTelegram, type TelegramHarness } from './support';

const FAR = { lat: 30.2805, lon: -97.748 };
const NEAR = { lat: 30.2627, lon: -97.7481 };
const SHIFT = 'Riverbank clean-up, Sun, Dec 27, 9:00 AM – 12:00 PM';
const PLACE = 'River path, north end of the Riverside Avenue bridge';
const MENU_DURING_SHIFT = [['Report a problem'], ['Have your say: Riverside Avenue protected bike lane'], ['Volunteer', "I'm here (check in)"], ['Adopt a drain or tree'], ['Change language', 'Help']];

describe('checking in over Telegram (Redis, moving clock)', () => {
  let h: TelegramHarness;
  let now = new Date('2026-12-01T15:00:00Z');
  // A shift of its own on the run's shared Redis: 09:00-12:00 in Riverside (America/Chicago).
  const shiftId = `tg-checkin-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    h = await startTelegram('redis', { now: () => now });
    await importCleanupShift(h.app, shiftId, '2026-12-27 09:00', '2026-12-27 12:00', 5);
  });
  afterAll(async () => h?.close());

  const person = (language_code: string) => ({ id: 8_100_000_000 + Math.floor(Math.random() * 1_000_000), first_name: 'Ana', language_code });

  it('checks a volunteer in by a Telegram location near the place only, once', async () => {
    const ana = person('en');
    const chat = new TelegramChat(h, ana);
    const confirmed = await signUpByButtons(chat, shiftId);
    expect(confirmed[0]!.text).toBe(`You are signed up for ${SHIFT}, at ${PLACE}. Thank you!`);

    now = new Date('2026-12-27T15:10:00Z');
    await chat.command('/start');
    expect(inlineLabels(chat.last)).toEqual(MENU_DURING_SHIFT);

    const asked = await chat.say("I'm here");
    expect(asked.map((m) => m.text)).toEqual([`You have a place on ${SHIFT}. To check in, share your location so we can see you are at ${PLACE}, or skip.\nShare your location, or type the street address.`]);
    expect(replyKeyboard(asked[0])).toEqual([[{ text: '📍 Share my location', request_location: true }], [{ text: 'Skip' }]]);

    // About 2 km north of the bridge: politely refused, and back to the menu.
    const far = await chat.location(FAR.lat, FAR.lon);
    expect(far.map((m) => m.text)).toEqual([`You seem to be about 2002 m from ${PLACE}. Please check in again when you are there.`, 'What would you like to do?']);
    expect(far[0]!.reply_markup).toEqual({ remove_keyboard: true });
    expect(inlineLabels(chat.last)).toEqual(MENU_DURING_SHIFT);

    // From the menu's button this time, at the place.
    const again = await chat.press('checkin');
    expect(replyKeyboard(again[0])[0]).toEqual([{ text: '📍 Share my location', request_location: true }]);
    const near = await chat.location(NEAR.lat, NEAR.lon);
    expect(near.map((m) => m.text)).toEqual([`Thanks, you're checked in for ${SHIFT}.`, 'What would you like to do?']);
    expect(near[0]!.reply_markup).toEqual({ remove_keyboard: true });

    // Once only: "already", without asking for a location.
    expect((await chat.press('checkin')).map((m) => m.text)).toEqual([`You are already checked in for ${SHIFT}. Thank you!`, 'What would you like to do?']);

    const attendance = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'volunteer_attendance' && l.payload.shiftId === shiftId));
    expect(attendance.payload).toMatchObject({ shiftId, opportunityId: 'riverbank-cleanup', agencyId: 'parks', hours: 3, distanceMeters: 24 });
    expect(JSON.stringify(attendance.payload)).not.toContain(String(ana.id));
    expect(JSON.stringify(attendance.payload)).not.toContain(String(NEAR.lat));
    expect(submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'volunteer_attendance' && l.payload.shiftId === shiftId)).toHaveLength(1);
  });

  it('tells someone with no place on a shift now, in their language, before asking anything', async () => {
    now = new Date('2026-12-27T15:20:00Z');
    const chat = new TelegramChat(h, person('es'));
    await chat.command('/start');
    const said = await chat.say('estoy aquí');
    expect(said.map((m) => m.text)).toEqual(['Ahora no tienes ningún turno para registrar tu llegada. El registro se abre 30 minutos antes de que empiece tu turno.', '¿Qué te gustaría hacer?']);
    expect(said.flatMap((m) => replyKeyboard(m))).toEqual([]);
    expect(inlineLabels(chat.last).flat()).toContain('Estoy aquí (registrar llegada)');
  });
});
