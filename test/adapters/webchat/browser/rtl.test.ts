/**
 * The widget in a right-to-left locale: `data-locale="ar"` (the demo page's `?lang=ar`) gives
 * Arabic chrome laid out with `dir="rtl"`, Arabic messages marked `lang="ar" dir="rtl"`, and
 * a report completes.
 */
import type { Browser } from 'playwright-core';
import { eventually, submissionLines } from '../../../server/harness';
import { launchChromium, newContext, openWidget, reportPothole, serve, widget, type Served } from './support';

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

it('renders right to left in Arabic and completes a report', async () => {
  const context = await newContext(browser, app.base);
  try {
    const page = await context.newPage();
    const w = widget(page);
    await page.goto('/?lang=ar');
    expect(await page.locator('script[src="/widget.js"]').getAttribute('data-locale')).toBe('ar');
    const wrap = w.host.locator('.wrap');
    expect(await wrap.getAttribute('dir')).toBe('rtl');
    expect(await wrap.getAttribute('lang')).toBe('ar');
    expect(await w.launcher.textContent()).toBe('تحدّث معنا');

    await openWidget(page);
    const greeting = w.botMessages.first().locator('p');
    expect(await greeting.getAttribute('lang')).toBe('ar');
    expect(await greeting.getAttribute('dir')).toBe('rtl');
    expect(await w.host.locator('label[for="wegov-input"]').textContent()).toContain('معلومات حساسة');
    // Laid out right to left: the launcher's corner is the left one, WeGov's bubbles start at the right.
    const panel = await w.panel.boundingBox();
    const bubble = await w.botMessages.first().boundingBox();
    expect(panel && bubble && panel.x + panel.width - (bubble.x + bubble.width)).toBeLessThan(40);
    expect(panel?.x).toBeLessThan(640);

    const reference = await reportPothole(page, { photo: true });
    expect(reference).toMatch(/^WG-[2-9A-Z]{6}$/);
    const line = await eventually(() => submissionLines(app.h.submissionsFile).find((l) => JSON.stringify(l).includes(reference ?? '?')), 10_000);
    expect(JSON.stringify(line)).toContain('"ar"');
    const last = w.botMessages.last().locator('p');
    expect(await last.getAttribute('dir')).toBe('rtl');
  } finally {
    await context.close();
  }
});
