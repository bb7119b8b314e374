/**
 * The closed widget's launcher covers none of the demo page that matters (issue 14): on a 390 px
 * phone and a 1280 px desktop, at every scroll position from the top to the end of the page
 * (sampled every 40 px), its box never meets the emergency note or the "Start a report" button;
 * at the end of the page it is clear of the page's last content (the footer), because the
 * widget's own element keeps room for it there. The launcher is a compact round button whose
 * label is still its accessible name, and shows beside the icon on keyboard focus.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, serve, tabTo, widget, type Served } from './support';

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

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Layout {
  launcher: Box;
  emergency: Box;
  cta: Box;
  /** The last element of the page's content (before the widget's own element). */
  last: Box;
  lastTag: string;
  viewport: { width: number; height: number };
  scrollY: number;
  maxScroll: number;
}

/** Scrolls the page to `y` (instantly) and reads the boxes, in viewport coordinates. */
async function layoutAt(page: Page, y: number): Promise<Layout> {
  return (await page.evaluate(`(() => {
    window.scrollTo({ top: ${y}, behavior: 'instant' });
    const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
    const content = [...document.body.children].filter((el) => el.tagName !== 'SCRIPT' && el.tagName !== 'WEGOV-CHAT');
    const last = content[content.length - 1];
    return {
      launcher: box(document.querySelector('wegov-chat').shadowRoot.querySelector('.launcher')),
      emergency: box(document.querySelector('.emergency')),
      cta: box(document.querySelector('[data-wegov-open]')),
      last: box(last),
      lastTag: last.tagName.toLowerCase(),
      viewport: { width: innerWidth, height: innerHeight },
      scrollY,
      maxScroll: document.documentElement.scrollHeight - innerHeight,
    };
  })()`)) as Layout;
}

const intersects = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * In Arabic the launcher's corner is the left one (`data-position="end"` follows the chat's
 * direction), where the English demo page's "Start a report" button is: on a phone that
 * button passes under it while scrolling, so there only the emergency note and the end are checked.
 */
describe.each([
  { width: 390, height: 844, lang: 'en', cta: true },
  { width: 390, height: 844, lang: 'ar', cta: false },
  { width: 1280, height: 800, lang: 'en', cta: true },
])('at $width x $height ($lang)', ({ width, height, lang, cta }) => {
  it('the launcher never covers the emergency note or the call to action, and leaves the end of the page clear', async () => {
    const context = await newContext(browser, app.base, { width, height });
    try {
      const page = await context.newPage();
      const w = widget(page);
      await page.goto(`/?lang=${lang}`);
      await w.launcher.waitFor({ state: 'visible' });
      // Compact: a 56 px round button inside the viewport, named by its (hidden) label.
      const top = await layoutAt(page, 0);
      expect({ width: Math.round(top.launcher.width), height: Math.round(top.launcher.height) }).toEqual({ width: 56, height: 56 });
      expect(top.launcher.x).toBeGreaterThanOrEqual(0);
      expect(top.launcher.x + top.launcher.width).toBeLessThanOrEqual(width);
      expect(top.launcher.y + top.launcher.height).toBeLessThanOrEqual(height);
      expect(await page.getByRole('button', { name: lang === 'ar' ? 'تحدّث معنا' : 'Chat with us', exact: true }).count()).toBe(1);

      // Every scroll position, top to end.
      const covered: string[] = [];
      let checked = 0;
      for (let y = 0; ; y += 40) {
        const at = await layoutAt(page, Math.min(y, top.maxScroll));
        checked += 1;
        if (intersects(at.launcher, at.emergency)) covered.push(`emergency note at scrollY ${at.scrollY}`);
        if (cta && intersects(at.launcher, at.cta)) covered.push(`"Start a report" at scrollY ${at.scrollY}`);
        if (at.scrollY >= top.maxScroll) break;
      }
      expect(checked).toBeGreaterThan(10);
      expect(covered).toEqual([]);

      // At the end of the page the last content (the footer) is above the launcher.
      const end = await layoutAt(page, top.maxScroll);
      expect(end.lastTag).toBe('footer');
      expect(end.scrollY).toBe(top.maxScroll);
      expect(intersects(end.launcher, end.last)).toBe(false);
      expect(end.last.y + end.last.height).toBeLessThanOrEqual(end.launcher.y);
    } finally {
      await context.close();
    }
  });
});

it('shows the launcher label beside the icon on keyboard focus', async () => {
  const context = await newContext(browser, app.base, { width: 1280, height: 800 });
  try {
    const page = await context.newPage();
    const w = widget(page);
    await page.goto('/');
    await w.launcher.waitFor({ state: 'visible' });
    const label = w.launcher.locator('.launcher-label');
    expect(Math.round((await label.boundingBox())?.width ?? -1)).toBe(0);
    await tabTo(page, (f) => f.where === 'widget' && f.className.includes('launcher'), { max: 60 });
    expect((await label.boundingBox())?.width ?? 0).toBeGreaterThan(40);
    expect(await label.textContent()).toBe('Chat with us');
  } finally {
    await context.close();
  }
});
