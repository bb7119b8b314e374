/**
 * A multi-select question (Open311 multivaluelist) in the widget: options are toggle buttons
 * whose state screen readers hear (`aria-pressed`), the check mark is visual only, axe finds
 * nothing, and Done sends the picks.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { answerChoice, answerText, launchChromium, newContext, openWidget, serve, until, widget, type Served } from './support';

jest.setTimeout(90_000);

let app: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  [app, browser] = await Promise.all([serve('memory'), launchChromium()]);
  context = await newContext(browser, app.base);
  page = await context.newPage();
  await page.goto('/');
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
});

it('offers toggles with aria-pressed, then sends the picks with Done', async () => {
  const w = widget(page);
  await openWidget(page);
  await answerText(page, 'graffiti on the library wall'); // a sentence naming the category
  await answerChoice(page, 'graffiti'); // confirms it ("Is it one of these?")
  await answerChoice(page, 'no'); // offensive?
  await until(async () => (await w.choice('_done').count()) > 0, 'the multi-select question');
  expect(await w.choice('wall').getAttribute('aria-pressed')).toBe('false');

  await answerChoice(page, 'wall');
  await answerChoice(page, 'fence');
  await until(async () => (await w.choice('fence').getAttribute('aria-pressed')) === 'true', 'fence pressed');
  expect(await w.choice('wall').getAttribute('aria-pressed')).toBe('true');
  expect(await w.choice('sign').getAttribute('aria-pressed')).toBe('false');
  // The check mark is for sighted people; the accessible name is the option itself.
  expect(await w.choice('wall').evaluate((b) => b.querySelector('[aria-hidden="true"]')?.textContent)).toBe('✓ ');
  // Done and Skip are ordinary buttons, not toggles.
  expect(await w.choice('_done').getAttribute('aria-pressed')).toBeNull();

  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).include('wegov-chat').analyze();
  expect(result.violations.map((v) => v.id)).toEqual([]);

  await answerChoice(page, '_done');
  await until(async () => (await w.controls.getAttribute('data-expects')) === 'location', 'the location question');
  const echoes = await w.userMessages.allTextContents();
  expect(echoes.some((t) => t.includes('Done'))).toBe(true);
});
