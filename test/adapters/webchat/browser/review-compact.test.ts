/**
 * The review in the widget (issue 14): the summary stays readable, in the viewport and inside
 * the conversation's visible area, with two buttons under it, "Send report" and "Change
 * something"; "Change something" (a disclosure, `aria-expanded`) shows the list of answers to
 * change, works with the keyboard alone, and axe finds nothing either way. On a desktop and on
 * a 390 px phone.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, submissionLines } from '../../../server/harness';
import { focused, launchChromium, newContext, openWidget, referenceShown, reportPothole, serve, tabTo, until, widget, type Served } from './support';

jest.setTimeout(90_000);

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let app: Served;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([serve('memory'), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).include('wegov-chat').analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

interface Box {
  top: number;
  bottom: number;
  height: number;
}

/** The last bot message (the summary) lies wholly inside the conversation's visible area and the viewport. */
async function summaryInView(page: Page): Promise<{ visible: boolean; text: string }> {
  const w = widget(page);
  const bubble = w.botMessages.last();
  const text = (await bubble.textContent()) ?? '';
  const box = await bubble.evaluate((el) => el.getBoundingClientRect().toJSON() as Box);
  const log = await w.log.evaluate((el) => el.getBoundingClientRect().toJSON() as Box);
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const visible = box.top >= log.top - 1 && box.bottom <= log.bottom + 1 && box.top >= 0 && box.bottom <= viewport.height && box.height > 0;
  return { visible, text };
}

async function visibleButtons(page: Page): Promise<string[]> {
  return widget(page).controls.locator('button:visible').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
}

describe.each([
  ['desktop', 1280, 800],
  ['phone', 390, 700],
])('the review on a %s', (_name, width, height) => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await newContext(browser, app.base, { width, height });
    page = await context.newPage();
    await page.goto('/');
  });
  afterAll(async () => {
    await context?.close();
  });

  it('shows the whole summary with Send report and Change something only, and axe finds nothing', async () => {
    await openWidget(page);
    await reportPothole(page, { stopAt: 'review' });
    const w = widget(page);
    await until(async () => (await visibleButtons(page)).length === 2, 'the two review buttons');
    expect(await visibleButtons(page)).toEqual(['Send report', 'Change something']);
    const summary = await summaryInView(page);
    expect(summary.text).toContain('Please check your report:');
    expect(summary.text).toContain('Description: Deep pothole outside number 12');
    expect(summary.text).toContain('Contact: anonymous');
    expect(summary.visible).toBe(true);
    expect(await w.action('change').getAttribute('aria-expanded')).toBe('false');
    expect(await violations(page)).toEqual([]);
  });

  it('"Change something" by keyboard alone lists the changes; one is picked, answered, and the report sent', async () => {
    const w = widget(page);
    await tabTo(page, (f) => f.where === 'widget' && f.action === 'change');
    await page.keyboard.press('Enter');
    // The list opens and focus moves to its first change.
    await until(async () => (await focused(page)).choiceId === 'edit:category', 'focus on the first change');
    expect(await w.action('change').getAttribute('aria-expanded')).toBe('true');
    const listed = await visibleButtons(page);
    expect(listed).toEqual(expect.arrayContaining(['Send report', 'Change something', 'Change: Problem', 'Change: Location', 'Change: Description', 'Change: Contact']));
    expect(await violations(page)).toEqual([]);

    await tabTo(page, (f) => f.where === 'widget' && f.choiceId === 'edit:description');
    let before = await w.botMessages.count();
    await page.keyboard.press('Enter');
    await until(async () => (await w.botMessages.count()) > before, 'the description question');
    await until(async () => (await focused(page)).tag === 'textarea', 'focus in the text box');
    before = await w.botMessages.count();
    await page.keyboard.type('Now a crater: two tyres burst this week.');
    await page.keyboard.press('Enter');
    await until(async () => (await w.botMessages.count()) > before, 'the review again');

    // Back at the review: the list is closed again and the new answer is in view.
    await until(async () => (await visibleButtons(page)).length === 2, 'the two review buttons again');
    const summary = await summaryInView(page);
    expect(summary.text).toContain('Description: Now a crater: two tyres burst this week.');
    expect(summary.visible).toBe(true);

    await until(async () => (await w.controls.locator('[aria-disabled]').count()) === 0, 'controls ready');
    await tabTo(page, (f) => f.where === 'widget' && f.choiceId === '_submit', { back: true });
    await page.keyboard.press('Enter');
    const reference = await referenceShown(page);
    const line = await eventually(() => submissionLines(app.h.submissionsFile).find((l) => JSON.stringify(l).includes(reference)), 10_000);
    expect(JSON.stringify(line)).toContain('Now a crater: two tyres burst this week.');
  });
});
