/**
 * Adopting a storm drain in real Chromium (issue 13), with the browser's geolocation granted
 * beside it:
 * - in English, by keyboard only (Tab, Enter, Space; the arrow keys wherever the widget has a
 *   choice group): from the launcher to "Adopt a drain or tree", "Use my location" (Space), the
 *   nearest drain with its distance, a name typed for it, yes; then "my adoptions" typed at the
 *   menu opens the list, where the drain is reported "Cleared" (Space); "my adoptions" again
 *   lists it by its name.
 * - in Arabic, right to left, from a deep link (`/?start=adopt&lang=ar`), with the mouse: the
 *   same journey, reaching "My adoptions" through the menu's buttons.
 * axe (WCAG 2.0-2.2 A and AA) finds nothing at the adoption list in both languages. The file
 * gets both adoptions, named, and the agency's list (GET /admin/adoptions) shows both cleared.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ADMIN_TOKEN, eventually, submissionLines } from '../../../server/harness';
import { answerChoice, answerText, focused, launchChromium, newContext, pickByKeyboard, serve, tabTo, until, widget, type Served } from './support';

jest.setTimeout(120_000);

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** 58 m from the storm drain at Elm St & 3rd St, the nearest asset. */
const NEAR_ELM_3RD = { latitude: 30.2668, longitude: -97.743 };
/** About 40 m from the storm drain at Oak St & Riverside Ave, the nearest asset. */
const NEAR_OAK_RIVERSIDE = { latitude: 30.2655, longitude: -97.7466 };

let app: Served;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([serve('memory', {}, { now: () => new Date('2026-12-01T15:00:00.000Z') }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** axe's violations in the widget, shortened to what a reader needs to fix them. */
async function violations(page: Page): Promise<{ id: string; targets: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).include('wegov-chat').analyze();
  return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
}

/** Tab to `match`, press `key`, wait for the reply. Keyboard only. */
async function pressOn(page: Page, match: Parameters<typeof tabTo>[1], key: string): Promise<void> {
  const w = widget(page);
  await tabTo(page, match, { max: 60 });
  const before = await w.botMessages.count();
  await page.keyboard.press(key);
  await until(async () => (await w.botMessages.count()) > before, `a reply to ${key}`);
}

/** Tab to the text box, type `text`, Enter; wait for the reply. Keyboard only. */
async function typeByKeyboard(page: Page, text: string): Promise<void> {
  await tabTo(page, (f) => f.where === 'widget' && f.tag === 'textarea', { max: 60 });
  await page.keyboard.type(text);
  await pressOn(page, (f) => f.tag === 'textarea', 'Enter');
}

it('adopts a drain, names it, reports it cleared and finds it in "My adoptions", by keyboard only (en), axe-clean at the list', async () => {
  const context = await newContext(browser, app.base, { geolocation: NEAR_ELM_3RD });
  try {
    const page = await context.newPage();
    const w = widget(page);
    await page.goto('/');
    await tabTo(page, (f) => f.where === 'widget' && f.className.includes('launcher'), { max: 60 });
    await page.keyboard.press('Enter');
    await until(async () => (await focused(page)).choiceId === 'report', 'focus on the menu');
    await pickByKeyboard(page, 'adopt');
    await pickByKeyboard(page, 'near');
    expect(await w.botMessages.last().textContent()).toContain('Where are you? I will list the free drains and trees nearest to you.');

    await pressOn(page, (f) => f.action === 'locate', ' ');
    await w.botMessages.filter({ hasText: 'These are the nearest free ones. Which would you like to adopt?' }).waitFor();
    expect(await w.choice('drain-elm-3rd').textContent()).toBe('Storm drain: Storm drain at Elm St & 3rd St (58 m)');
    await pickByKeyboard(page, 'drain-elm-3rd');
    await w.botMessages.filter({ hasText: 'Would you like to give Storm drain at Elm St & 3rd St a name of your own?' }).waitFor();
    await typeByKeyboard(page, 'Drainy');
    await pickByKeyboard(page, 'yes');
    await w.botMessages.filter({ hasText: `It's yours: you adopted Storm drain at Elm St & 3rd St and named it "Drainy". Thank you!` }).waitFor();

    // Typed at the menu, as the confirmation suggests: straight to the list.
    await typeByKeyboard(page, 'my adoptions');
    await w.botMessages.filter({ hasText: 'Your adoptions. Pick one to tell us how it is, or to release it.' }).waitFor();
    await pickByKeyboard(page, 'drain-elm-3rd');
    await w.botMessages.filter({ hasText: 'How is “Drainy” (Storm drain at Elm St & 3rd St)?' }).waitFor();
    await pickByKeyboard(page, 'cleared', ' ');
    await w.botMessages.filter({ hasText: 'Recorded: “Drainy” (Storm drain at Elm St & 3rd St) is clear. Thank you!' }).waitFor();

    await typeByKeyboard(page, 'my adoptions');
    await until(async () => (await w.botMessages.filter({ hasText: 'Your adoptions.' }).count()) === 2, 'the list again');
    expect(await w.choice('drain-elm-3rd').textContent()).toBe('“Drainy” (Storm drain at Elm St & 3rd St)');
    expect({ at: 'adoption list', violations: await violations(page) }).toEqual({ at: 'adoption list', violations: [] });
    await pickByKeyboard(page, '_done');
    await w.botMessages.filter({ hasText: 'All right. Thank you for looking after them!' }).waitFor();
  } finally {
    await context.close();
  }
});

it('adopts a drain from a deep link in Arabic, right to left, and "My adoptions" from the menu lists it, axe-clean', async () => {
  const context = await newContext(browser, app.base, { geolocation: NEAR_OAK_RIVERSIDE });
  const name = 'مصرف الحي';
  const drain = 'مصرف أمطار عند تقاطع شارع أوك وجادة ريفرسايد';
  try {
    const page = await context.newPage();
    const w = widget(page);
    await page.goto('/?start=adopt&lang=ar');
    await until(async () => (await w.choice('near').count()) > 0, 'the first question');
    await answerChoice(page, 'near');
    await w.action('locate').click();
    await w.botMessages.filter({ hasText: 'هذه أقرب الأماكن المتاحة' }).waitFor();
    expect(await w.choice('drain-oak-riverside').textContent()).toMatch(new RegExp(`^مصرف أمطار: ${drain} \\(\\d+ م\\)$`));
    await answerChoice(page, 'drain-oak-riverside');
    await answerText(page, name);
    await answerChoice(page, 'yes');
    await w.botMessages.filter({ hasText: `أصبح لك: تبنيت ${drain} وسميته "${name}". شكرًا لك!` }).waitFor();

    const mine = async (): Promise<void> => {
      await answerChoice(page, 'adopt');
      await answerChoice(page, 'mine');
    };
    await mine();
    await answerChoice(page, 'drain-oak-riverside');
    await answerChoice(page, 'cleared');
    await w.botMessages.filter({ hasText: `سُجّل: “${name}” (${drain}) نظيف. شكرًا لك!` }).waitFor();
    await mine();
    const list = w.botMessages.filter({ hasText: 'هذا ما تبنيته' }).last();
    expect(await list.locator('.bubble').getAttribute('dir')).toBe('rtl');
    expect(await w.host.locator('.wrap').getAttribute('dir')).toBe('rtl');
    expect(await w.choice('drain-oak-riverside').textContent()).toBe(`“${name}” (${drain})`);
    expect({ at: 'adoption list (ar)', violations: await violations(page) }).toEqual({ at: 'adoption list (ar)', violations: [] });
  } finally {
    await context.close();
  }

  const adopted = submissionLines(app.h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'asset_adopted');
  expect(adopted.map((l) => [l.payload.assetId, l.payload.name, l.payload.locale]).sort()).toEqual([
    ['drain-elm-3rd', 'Drainy', 'en'],
    ['drain-oak-riverside', name, 'ar'],
  ]);
  const listed = await eventually(async () => {
    const res = await request(app.h.app).get('/admin/adoptions?type=storm_drain').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    const rows = (res.body as { adoptions: { assetId: string; givenName?: string; state?: string }[] }).adoptions;
    return rows.length === 2 ? rows : undefined;
  });
  expect(listed.map((r) => [r.assetId, r.givenName, r.state]).sort()).toEqual([
    ['drain-elm-3rd', 'Drainy', 'cleared'],
    ['drain-oak-riverside', name, 'cleared'],
  ]);
});
