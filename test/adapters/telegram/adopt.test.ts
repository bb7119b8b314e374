/**
 * Adopt a drain over Telegram (issue 13), through the real app and adapter, as the person sees
 * it: "Adopt a drain or tree" on the menu, "Find one near me" (a reply keyboard with the share
 * location button), a shared Telegram location, the five nearest free assets as inline buttons
 * with distances, the nearest drain, a name of their own, "Yes"; later "My adoptions", the
 * drain under its name, "Cleared" (recorded) and, from the menu again, "Release it" and "Yes".
 * The agency's list shows the drain cleared; its file gets the adoption and the release with the
 * adopter's pseudonym, never the Telegram identity; once released, the drain is free again.
 *
 * Memory stores: the demo catalogue's asset ids are fixed, and the web chat's adoption test
 * clears and counts every adoption on the run's shared Redis; the adoption store's Redis
 * implementation is covered there and by its contract tests.
 */
import request from 'supertest';
import { ADMIN_TOKEN, eventually, submissionLines } from '../../server/harness';
import { inlineLabels, replyKeyboard, TelegramChat } from './chat';
import { startTelegram, type TelegramHarness } from './support';

const NOW = new Date('2026-12-01T15:00:00Z');
/** Near Elm St & 3rd St: that drain is the nearest asset (58 m). */
const PIN = { lat: 30.2668, lon: -97.743 };
const DRAIN = 'drain-elm-3rd';
const MENU = [['Report a problem'], ['Have your say: Riverside Avenue protected bike lane'], ['Volunteer'], ['Adopt a drain or tree'], ['Change language', 'Help']];

describe('adopt a drain over Telegram', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegram('memory', { now: () => NOW });
  });
  afterAll(async () => h?.close());

  const kinds = (kind: string) => submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === kind);

  it('adopts the nearest free drain by location, names it, reports it cleared and releases it', async () => {
    const person = { id: 8_200_000_000 + Math.floor(Math.random() * 1_000_000), first_name: 'Ana', language_code: 'en' };
    const chat = new TelegramChat(h, person);
    await chat.command('/start');
    expect(inlineLabels(chat.last)).toEqual(MENU);
    const intro = await chat.press('adopt');
    expect(intro.map((m) => m.text)).toEqual(['Adopt a storm drain or a tree near you: keep it clear of leaves and litter, and tell the city when it needs more than that.']);
    expect(inlineLabels(chat.last)).toEqual([['Find one near me', 'My adoptions']]);

    const where = await chat.press('near');
    expect(where.map((m) => m.text)).toEqual(['Where are you? I will list the free drains and trees nearest to you.\nShare your location, or type the street address.']);
    expect(replyKeyboard(where[0])).toEqual([[{ text: '📍 Share my location', request_location: true }]]);

    const listed = await chat.location(PIN.lat, PIN.lon);
    expect(listed.map((m) => m.text)).toEqual(['These are the nearest free ones. Which would you like to adopt?']);
    expect(inlineLabels(chat.last)).toEqual([
      ['Storm drain: Storm drain at Elm St & 3rd St (58 m)'],
      ['Tree: Cedar elm at Elm St & 5th St (260 m)'],
      ['Storm drain: Storm drain at Elm St & 6th St (345 m)'],
      ['Storm drain: Storm drain at Oak St & Riverside Ave (406 m)'],
      ['Tree: Live oak in Oak Street Park (572 m)'],
    ]);
    expect(chat.ids()[0]).toBe(DRAIN);

    expect((await chat.press(DRAIN)).map((m) => m.text)).toEqual(['Would you like to give Storm drain at Elm St & 3rd St a name of your own? Type it, or skip.']);
    expect(inlineLabels(chat.last)).toEqual([['Skip']]);
    expect((await chat.say('Drainy')).map((m) => m.text)).toEqual(['Adopt Storm drain at Elm St & 3rd St? You look after it, and you can release it at any time.']);
    expect(inlineLabels(chat.last)).toEqual([['Yes', 'No']]);
    const adopted = await chat.press('yes');
    expect(adopted.map((m) => m.text)).toEqual([
      'It\'s yours: you adopted Storm drain at Elm St & 3rd St and named it "Drainy". Thank you!\nAfter a storm or when you pass by, open "My adoptions" to tell us whether it is clear or needs the city.',
      'What would you like to do?',
    ]);
    expect(inlineLabels(chat.last)).toEqual(MENU);

    // Two taps from "My adoptions": the drain, then "Cleared".
    await chat.press('adopt');
    expect((await chat.press('mine')).map((m) => m.text)).toEqual(['Your adoptions. Pick one to tell us how it is, or to release it.']);
    expect(inlineLabels(chat.last)).toEqual([['“Drainy” (Storm drain at Elm St & 3rd St)'], ['Nothing for now']]);
    expect((await chat.press(DRAIN)).map((m) => m.text)).toEqual(['How is “Drainy” (Storm drain at Elm St & 3rd St)?']);
    expect(inlineLabels(chat.last)).toEqual([['Cleared', 'Needs the city'], ['Release it']]);
    expect((await chat.press('cleared')).map((m) => m.text)).toEqual(['Recorded: “Drainy” (Storm drain at Elm St & 3rd St) is clear. Thank you!', 'What would you like to do?']);
    const agencyList = await request(h.app).get('/admin/adoptions').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(agencyList.body).toEqual({ adoptions: [expect.objectContaining({ assetId: DRAIN, givenName: 'Drainy', state: 'cleared' })] });

    // Released, after saying yes.
    await chat.press('adopt');
    await chat.press('mine');
    await chat.press(DRAIN);
    expect((await chat.press('release')).map((m) => m.text)).toEqual(['Release “Drainy” (Storm drain at Elm St & 3rd St)? Someone else can adopt it then.']);
    expect(inlineLabels(chat.last)).toEqual([['Yes', 'No']]);
    expect((await chat.press('yes')).map((m) => m.text)).toEqual(['You released “Drainy” (Storm drain at Elm St & 3rd St). Thank you for looking after it!', 'What would you like to do?']);

    // The agency's file: adopted, cleared, released, by pseudonym only.
    const [adoption] = await eventually(() => (kinds('asset_released').length > 0 ? kinds('asset_adopted') : undefined));
    expect(adoption!.payload).toMatchObject({ assetId: DRAIN, assetType: 'storm_drain', agencyId: 'public-works', channel: 'telegram', locale: 'en' });
    const adopter = String(adoption!.payload.adopter);
    expect(kinds('asset_released').map((l) => l.payload)).toEqual([expect.objectContaining({ assetId: DRAIN, adopter })]);
    expect(JSON.stringify([adoption!.payload, ...kinds('asset_released').map((l) => l.payload)])).not.toContain(String(person.id));

    // Free again: first on the list near the same spot.
    await chat.press('adopt');
    await chat.press('near');
    await chat.location(PIN.lat, PIN.lon);
    expect(inlineLabels(chat.last)[0]).toEqual(['Storm drain: Storm drain at Elm St & 3rd St (58 m)']);
  });
});
