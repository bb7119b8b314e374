/**
 * axe-core (WCAG 2.0-2.2 A and AA rules) finds nothing in the open widget at every kind of
 * question (choice, location, photo, text, review), with an error shown, and on the demo page
 * itself; every widget target is at least 24x24 CSS px; the text box's label warns about
 * sensitive information.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chooseFile, launchChromium, newContext, openWidget, reportPothole, serve, widget, type Served } from './support';

jest.setTimeout(90_000);

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

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

/** axe's violations, shortened to what a reader needs to fix them. */
async function violations(include?: string): Promise<{ id: string; targets: string[] }[]> {
  const builder = new AxeBuilder({ page }).withTags(TAGS);
  if (include) builder.include(include);
  const result = await builder.analyze();
  // A target given as a selector path (host, then inside) is in a shadow root: prove axe looked in there.
  if (include) expect(result.passes.some((p) => p.nodes.some((n) => n.target.some((t) => Array.isArray(t))))).toBe(true);
  return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
}

it('the demo page with the closed launcher has no violations', async () => {
  expect(await violations()).toEqual([]);
});

it('the open widget has no violations at any kind of question, and targets are at least 24x24', async () => {
  const w = widget(page);
  await openWidget(page);
  const seen = new Set<string>();
  await reportPothole(page, {
    stopAt: 'review',
    onQuestion: async (expects, ids) => {
      const kind = ids.includes('_submit') ? 'review' : expects;
      if (seen.has(kind)) return;
      seen.add(kind);
      expect({ kind, violations: await violations('wegov-chat') }).toEqual({ kind, violations: [] });
      const small = await w.host.locator('button:visible, textarea').evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect()).filter((r) => r.width < 24 || r.height < 24).map((r) => `${r.width}x${r.height}`),
      );
      expect(small).toEqual([]);
    },
  });
  expect([...seen].sort()).toEqual(['choice', 'location', 'photo', 'review', 'text']);
});

it('an error is announced in words in a role="alert" with no violations', async () => {
  const w = widget(page);
  // Back to the photo question (behind "Change something"), then offer a file that is not a photo.
  await w.action('change').click();
  await w.choice('edit:photo').click();
  await w.action('photo').waitFor();
  const chooser = await chooseFile(page, () => w.action('photo').click());
  await chooser.setFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
  await w.alert.filter({ hasText: "That file isn't a JPEG, PNG or WebP photo" }).waitFor();
  expect(await violations('wegov-chat')).toEqual([]);
});

it('the text box has a real label that warns not to share sensitive information', async () => {
  const w = widget(page);
  const label = await w.input.evaluate((el) => (el as unknown as { labels: { textContent: string }[] }).labels[0]?.textContent ?? '');
  expect(label).toMatch(/don't share sensitive information/);
  expect(await w.log.getAttribute('role')).toBe('log');
  expect(await w.status.getAttribute('role')).toBe('status');
  expect(await w.log.locator('.msg.bot .speaker').first().textContent()).toBe('WeGov:');
  expect(await w.log.locator('.msg.user .speaker').first().textContent()).toBe('You:');
});
