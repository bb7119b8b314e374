/**
 * The widget in French (issue 14): `data-locale="fr"` (the demo page's `?lang=fr`) gives French
 * chrome marked `lang="fr"`, French messages marked `lang="fr"` with French typography (a
 * no-break space before ? and !), axe-core (WCAG 2.0-2.2 A and AA) finds nothing at any kind of
 * question, and a report completes and reaches the agency with its language.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { eventually, submissionLines } from '../../../server/harness';
import { launchChromium, newContext, openWidget, reportPothole, serve, widget, type Served } from './support';

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

async function violations(page: Page): Promise<{ id: string; targets: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).include('wegov-chat').analyze();
  return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
}

it('speaks French, says lang="fr", passes axe at every kind of question and completes a report', async () => {
  const context = await newContext(browser, app.base);
  try {
    const page = await context.newPage();
    const w = widget(page);
    await page.goto('/?lang=fr');
    expect(await page.locator('script[src="/widget.js"]').getAttribute('data-locale')).toBe('fr');
    const wrap = w.host.locator('.wrap');
    expect(await wrap.getAttribute('lang')).toBe('fr');
    expect(await wrap.getAttribute('dir')).toBe('ltr');
    expect(await w.launcher.textContent()).toBe('Discutez avec nous');

    await openWidget(page);
    const greeting = w.botMessages.first().locator('p');
    expect(await greeting.getAttribute('lang')).toBe('fr');
    expect(await greeting.textContent()).toMatch(/^Bonjour\u00a0! Je suis l'assistant de Riverside\./);
    expect(await w.host.locator('label[for="wegov-input"]').textContent()).toContain('informations sensibles');

    const seen = new Set<string>();
    const reference = await reportPothole(page, {
      onQuestion: async (expects, ids) => {
        const kind = ids.includes('_submit') ? 'review' : expects;
        if (seen.has(kind)) return;
        seen.add(kind);
        expect({ kind, violations: await violations(page) }).toEqual({ kind, violations: [] });
        expect(await w.botMessages.last().locator('p').last().getAttribute('lang')).toBe('fr');
      },
    });
    expect([...seen].sort()).toEqual(['choice', 'location', 'photo', 'review', 'text']);
    expect(reference).toMatch(/^WG-[2-9A-Z]{6}$/);
    expect(await w.log.textContent()).toContain('Votre signalement a été transmis à la Direction des travaux publics.');
    const line = await eventually(() => submissionLines(app.h.submissionsFile).find((l) => JSON.stringify(l).includes(reference ?? '?')), 10_000);
    expect(JSON.stringify(line)).toContain('"fr"');
  } finally {
    await context.close();
  }
});
