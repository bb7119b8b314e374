/**
 * A complete report with the keyboard alone (Tab, Shift+Tab, Enter, Space, typing): the
 * launcher, choices, "Use my location" (geolocation granted), a photo through the file
 * chooser, a typed description, the review; then the report is in the submissions file and
 * the chat shows its reference. Also: Esc closes and gives focus back to the launcher, and
 * the panel reflows at 320 px wide.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, submissionLines } from '../../../server/harness';
import { chooseFile, focused, launchChromium, newContext, referenceShown, serve, tabTo, until, widget, type Focused, type Served } from './support';

jest.setTimeout(60_000);

let app: Served;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([serve('memory'), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const isChoice = (label: string) => (f: Focused) => f.where === 'widget' && f.tag === 'button' && f.text === label;

/** Waits for the question offering `label`, then moves focus to it with Tab (or Shift+Tab). */
/**
 * Waits until no send is in flight: a reply can arrive over the live stream before the POST
 * that caused it completes, and a press while the buttons are aria-disabled is (rightly) ignored.
 */
async function controlsReady(page: Page): Promise<void> {
  const w = widget(page);
  await until(async () => (await w.controls.getAttribute('aria-busy')) === null && (await w.controls.locator('[aria-disabled]').count()) === 0, 'controls ready');
}

async function pick(page: Page, label: string, key: 'Enter' | 'Space' = 'Enter', back = false): Promise<void> {
  const w = widget(page);
  await w.controls.getByRole('button', { name: label, exact: true }).waitFor({ state: 'visible' });
  await controlsReady(page);
  await tabTo(page, isChoice(label), { back });
  const before = await w.botMessages.count();
  await page.keyboard.press(key);
  await until(async () => (await w.botMessages.count()) > before, `the reply to "${label}"`);
}

describe('keyboard only', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await newContext(browser, app.base);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context.close();
  });

  it('files a complete report with location and photo, and shows the reference', async () => {
    const w = widget(page);
    await page.goto('/');
    // From the top of the page, Tab reaches the launcher (the last thing on the page).
    await tabTo(page, (f) => f.where === 'widget' && f.className.includes('launcher'), { max: 60 });
    await page.keyboard.press('Enter');
    await w.panel.waitFor({ state: 'visible' });

    // Opening starts the conversation and puts focus on its first answer.
    await until(async () => (await focused(page)).text === 'Report a problem', 'focus on the first choice');
    await pick(page, 'Report a problem');
    await pick(page, 'Streets & Traffic');
    await pick(page, 'Pothole');
    await pick(page, 'Medium', 'Space');
    await pick(page, 'Skip');

    // Location: "Use my location" with the browser's (granted) geolocation.
    await w.action('locate').waitFor({ state: 'visible' });
    await controlsReady(page);
    await tabTo(page, (f) => f.where === 'widget' && f.text === 'Use my location');
    let before = await w.botMessages.count();
    await page.keyboard.press('Enter');
    await until(async () => (await w.botMessages.count()) > before, 'the reply to the location');
    await w.userMessages.filter({ hasText: 'Map pin at 30.27000, -97.74000' }).waitFor();

    // Photo: the file chooser opens from the keyboard; the type and size are checked before sending.
    await w.action('photo').waitFor({ state: 'visible' });
    await controlsReady(page);
    await tabTo(page, (f) => f.where === 'widget' && f.text === 'Attach a photo');
    before = await w.botMessages.count();
    const chooser = await chooseFile(page, () => page.keyboard.press('Enter'));
    await chooser.setFiles({ name: 'pothole.png', mimeType: 'image/png', buffer: Buffer.from(ONE_PIXEL_PNG_BASE64, 'base64') });
    await until(async () => (await w.botMessages.count()) > before, 'the reply to the photo');

    // Description: focus went to the text box (the question has no buttons); type and press Enter.
    await until(async () => (await focused(page)).tag === 'textarea', 'focus in the text box');
    before = await w.botMessages.count();
    await page.keyboard.type('Deep pothole in the right lane outside number 12; cars swerve around it.');
    await page.keyboard.press('Enter');
    await until(async () => (await w.botMessages.count()) > before, 'the reply to the description');

    // The contact question's buttons sit above the text box: Shift+Tab back to them.
    await pick(page, 'Stay anonymous', 'Enter', true);
    await w.controls.locator('button[data-choice-id="_submit"]').waitFor();
    await tabTo(page, isChoice('Send report'));
    await page.keyboard.press('Enter');

    const reference = await referenceShown(page);
    const line = await eventually(() => submissionLines(app.h.submissionsFile).find((l) => JSON.stringify(l).includes(reference)), 10_000);
    const payload = JSON.stringify(line);
    expect(payload).toContain('30.27');
    expect(payload).toContain('Deep pothole in the right lane');
    expect(line.files.length).toBe(1);
    // Every answer was applied once: one echo per answer, nothing doubled.
    expect(await w.userMessages.count()).toBe(10);
  });

  it('Esc closes the panel and focus returns to the launcher', async () => {
    const w = widget(page);
    await widget(page).input.focus();
    await page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'hidden' });
    const f = await focused(page);
    expect(f.where).toBe('widget');
    expect(f.className).toContain('launcher');
    // And Enter opens it again with the conversation intact.
    await page.keyboard.press('Enter');
    await w.panel.waitFor({ state: 'visible' });
    expect(await w.botMessages.filter({ hasText: /WG-/ }).count()).toBeGreaterThan(0);
  });
});

const ONE_PIXEL_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('at 320 px wide', () => {
  it('fills the screen, reflows without horizontal scrolling, and keeps Tab inside', async () => {
    const context = await newContext(browser, app.base, { width: 320, height: 640 });
    try {
      const page = await context.newPage();
      const w = widget(page);
      await page.goto('/');
      await w.launcher.click();
      await w.controls.locator('button').first().waitFor();
      // A long unbroken word must wrap too.
      await w.input.fill(`My street is ${'Aaaaaaaaaa'.repeat(12)} Road`);
      await w.input.press('Enter');
      await w.userMessages.filter({ hasText: 'Road' }).waitFor();
      const box = await w.panel.boundingBox();
      expect(box).toMatchObject({ x: 0, y: 0, width: 320, height: 640 });
      const overflow = (await page.evaluate(`(() => {
        const root = document.querySelector('wegov-chat').shadowRoot;
        const over = [...root.querySelectorAll('*:not(.sr-only)')].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && el.clientWidth > 0);
        return { page: document.documentElement.scrollWidth, over: over.map((el) => el.className) };
      })()`)) as { page: number; over: string[] };
      expect(overflow).toEqual({ page: 320, over: [] });
      // Full screen, Tab cycles within the panel instead of reaching the hidden page.
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        expect((await focused(page)).where).toBe('widget');
      }
    } finally {
      await context.close();
    }
  });
});
