/**
 * The public consultation results in real Chromium (fixed clock, Redis, responses recorded into
 * the results store): the results page in English and in Arabic (right to left) has no axe
 * violations, every chart has its data table, the language switch changes the page's language,
 * the inline stylesheet applies under helmet's Content-Security-Policy, printing hides the
 * navigation and keeps the charts; the index and a withheld page pass axe too.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { liveResponses, NOW, record, writeCatalogue, type Ids } from '../../../dialogs/consultation-results/public-support';
import { launchChromium, newContext, serve, type Served } from './support';

jest.setTimeout(60_000);

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let app: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ids: Ids;
const violations: string[] = [];
beforeAll(async () => {
  const cat = writeCatalogue();
  ids = cat.ids;
  [app, browser] = await Promise.all([serve('redis', { WEGOV_CONFIG: cat.file }, { now: () => NOW }), launchChromium()]);
  await record(app.h.wiring.stores.redis!, app.h.wiring.catalog, ids.live, liveResponses());
  context = await newContext(browser, app.base);
  page = await context.newPage();
  // A Content-Security-Policy violation (an inline style refused) shows in the console.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/i.test(m.text())) violations.push(m.text());
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
});

const axe = async (): Promise<unknown[]> => (await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations;

it('the results page in English: axe 0, a table for every chart, styled under the CSP', async () => {
  const res = await page.goto(`/consultations/${ids.live}?lang=en`);
  expect(res?.headers()['content-security-policy']).toContain("style-src 'self' https: 'unsafe-inline'");
  await expect(page.locator('h1').textContent()).resolves.toBe('Library opening hours');
  expect(await axe()).toEqual([]);
  const figures = page.locator('.figure');
  const n = await figures.count();
  expect(n).toBeGreaterThanOrEqual(4); // choice, scale, yes/no, ranking
  for (let i = 0; i < n; i++) {
    const f = figures.nth(i);
    await expect(f.locator('svg').getAttribute('aria-hidden')).resolves.toBe('true');
    await expect(f.locator('table caption').count()).resolves.toBe(1);
    expect(await f.locator('th[scope="col"]').count()).toBeGreaterThan(0);
  }
  // The chart's accessible alternative is the table: a screen reader finds "fewer than 5" there.
  await expect(page.getByRole('row', { name: /Evenings/ }).first().textContent()).resolves.toContain('fewer than 5');
  // The inline stylesheet applied (bars are filled) and nothing was refused.
  const fill = await page.evaluate(`getComputedStyle(document.querySelector('.chart-bar')).fill`);
  expect(fill).toBe('rgb(42, 111, 176)');
  const bar = (await page.locator('.chart-bar').first().boundingBox())!;
  const label = (await page.locator('.chart-label').first().boundingBox())!;
  expect(label.x + label.width).toBeLessThanOrEqual(bar.x);
  expect(violations).toEqual([]);
});

it('printing hides the navigation and keeps the charts', async () => {
  await page.goto(`/consultations/${ids.live}?lang=en`);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header nav').isVisible()).resolves.toBe(false);
  await expect(page.locator('svg.chart').first().isVisible()).resolves.toBe(true);
  await expect(page.locator('table').first().isVisible()).resolves.toBe(true);
  await page.emulateMedia({ media: 'screen' });
});

it('the language switch goes to Arabic, right to left, with axe 0; and back to Spanish', async () => {
  await page.goto(`/consultations/${ids.live}?lang=en`);
  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'العربية' }).click();
  await page.waitForURL(/lang=ar/);
  await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ar');
  await expect(page.locator('h1').textContent()).resolves.toBe('ساعات عمل المكتبة');
  // Mirrored: the labels are on the right of their bars (on the left in English).
  const bar = (await page.locator('.chart-bar').first().boundingBox())!;
  const label = (await page.locator('.chart-label').first().boundingBox())!;
  expect(label.x).toBeGreaterThanOrEqual(bar.x + bar.width);
  expect(await axe()).toEqual([]);
  await page.getByRole('navigation', { name: 'اللغة' }).getByRole('link', { name: 'Español' }).click();
  await page.waitForURL(/lang=es/);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es');
  await expect(page.locator('h1').textContent()).resolves.toBe('Horario de la biblioteca');
});

it('the index and a withheld page pass axe, in English and Arabic', async () => {
  for (const url of ['/consultations?lang=en', '/consultations?lang=ar', `/consultations/${ids.afterClose}?lang=ar`, '/consultations/nope?lang=en']) {
    await page.goto(url);
    expect({ url, violations: await axe() }).toEqual({ url, violations: [] });
  }
  expect(violations).toEqual([]);
});
