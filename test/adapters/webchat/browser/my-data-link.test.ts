/**
 * "My data" in the widget: the bot's link is a real link (new tab, no opener), keyboard
 * reachable, and it opens the file; a URL a person types stays plain text; axe finds nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { answerText, launchChromium, newContext, openWidget, serve, widget, type Served } from './support';

jest.setTimeout(60_000);

const PUBLIC_URL = 'https://wegov.riverside.example';

let app: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  [app, browser] = await Promise.all([serve('memory', { WEGOV_PUBLIC_URL: PUBLIC_URL }), launchChromium()]);
  context = await newContext(browser, app.base);
  page = await context.newPage();
  await page.goto('/');
  await openWidget(page);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
});

it('the my data link is a link that opens the file, and a typed URL stays text', async () => {
  const w = widget(page);
  await answerText(page, 'my data');
  const link = w.botMessages.locator('a').first();
  await link.waitFor();
  const href = (await link.getAttribute('href')) ?? '';
  expect(href.startsWith(`${PUBLIC_URL}/my-data/`)).toBe(true);
  expect(await link.textContent()).toBe(href);
  expect(await link.getAttribute('target')).toBe('_blank');
  expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
  // The public URL names the deployment's host; this test's server answers the same path.
  const url = new URL(href);
  const file = await page.request.get(`${app.base}${url.pathname}${url.search}`);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-disposition']).toContain('wegov-my-data.json');
  expect(await file.json()).toMatchObject({ format: 'wegov.my-data', conversation: { channel: 'webchat', language: 'en' } });

  expect((await new AxeBuilder({ page }).include('wegov-chat').withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze()).violations).toEqual([]);

  await answerText(page, 'see https://evil.example/x please');
  await w.userMessages.filter({ hasText: 'evil.example' }).first().waitFor();
  expect(await w.userMessages.locator('a').count()).toBe(0);
});
