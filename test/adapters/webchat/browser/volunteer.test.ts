/**
 * Signing up for a shift in real Chromium, by keyboard, at a fixed time: the agency imports a
 * shift of two places (PUT /admin/volunteering/shifts), then a person opens the widget, picks
 * Volunteer on the menu, when and what, moves through the shift list with "More shifts" until
 * the shift shows, signs up, answers the requirement, the minimum age and the glove size, and
 * confirms; the confirmation names the shift and carries the calendar link, in the text and as a
 * download link named by the file that serves the `.ics`. axe (WCAG 2.0-2.2 A
 * and AA) finds nothing at the shift list and at the confirmation, in English and, from a page
 * whose script tag deep-links into volunteering in Arabic (`data-start="volunteer"`,
 * `data-locale="ar"`), right to left. Both sign-ups reach the file as `volunteer_signup`.
 */
import AxeBuilder from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ADMIN_TOKEN, submissionLines } from '../../../server/harness';
import { choiceIds, focused, launchChromium, newContext, pickByKeyboard, serve, until, widget, type Served } from './support';

jest.setTimeout(120_000);

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const NOW = new Date('2026-12-01T15:00:00.000Z');
const shiftId = `browser-shift-${randomBytes(4).toString('hex')}`;

let app: Served;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([serve('memory', {}, { now: () => NOW }), launchChromium()]);
  const csv = `opportunity_id,shift_id,starts_at,ends_at,capacity\r\nriverbank-cleanup,${shiftId},2026-12-29 09:00,2026-12-29 12:00,2\r\n`;
  const res = await request(app.h.app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv);
  expect(res.status).toBe(200);
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

/** Keyboard focus to the choice `id` (Tab to it, or to its group then the arrow keys), then Enter; waits for the reply. */
const pick = (page: Page, id: string): Promise<void> => pickByKeyboard(page, id);

/** From the first question of volunteering to the confirmation, by keyboard; axe at the shift list and the confirmation. */
async function signUpByKeyboard(page: Page, confirmed: RegExp, download: string): Promise<string> {
  const w = widget(page);
  await pick(page, 'any');
  await pick(page, 'outdoors');
  expect({ at: 'shift list', violations: await violations(page) }).toEqual({ at: 'shift list', violations: [] });
  while (!(await choiceIds(page)).includes(shiftId)) await pick(page, '_more');
  await pick(page, shiftId);
  await pick(page, 'sign_up');
  await pick(page, 'yes'); // I can lift 10 kg
  await pick(page, 'yes'); // the minimum age
  await pick(page, 'yes'); // the statement before the glove size
  await pick(page, 'medium');
  await until(async () => (await choiceIds(page)).includes('no'), 'the confirmation question');
  await pick(page, 'yes');
  const message = w.botMessages.filter({ hasText: confirmed });
  await message.waitFor();
  const calendar = w.botMessages.filter({ hasText: '/volunteer/calendar/' });
  await calendar.waitFor();
  // The calendar file is also a download link named by the file, in the widget's language.
  const link = calendar.getByRole('link', { name: download, exact: true });
  expect(await link.getAttribute('download')).toBe('volunteer-shift.ics');
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(/\/volunteer\/calendar\/[A-Za-z0-9_-]+\.ics\?exp=\d+&sig=[A-Za-z0-9_-]+$/);
  const file = await request(app.h.app).get(new URL(href).pathname + new URL(href).search);
  expect(file.status).toBe(200);
  expect(file.headers['content-type']).toBe('text/calendar; charset=utf-8');
  expect({ at: 'confirmation', violations: await violations(page) }).toEqual({ at: 'confirmation', violations: [] });
  return (await message.textContent()) ?? '';
}

it('signs up for a shift by keyboard from the menu, axe-clean at the shift list and the confirmation (en)', async () => {
  const context = await newContext(browser, app.base);
  try {
    const page = await context.newPage();
    await page.goto('/');
    const w = widget(page);
    await w.launcher.focus();
    await page.keyboard.press('Enter');
    await until(async () => (await focused(page)).choiceId === 'report', 'focus on the menu');
    await pick(page, 'volunteer');
    expect(await w.botMessages.last().textContent()).toContain('When can you help?');
    const said = await signUpByKeyboard(page, /You are signed up for Riverbank clean-up/, 'Download volunteer-shift.ics');
    expect(said).toContain('Tue, Dec 29, 9:00 AM – 12:00 PM');
  } finally {
    await context.close();
  }
});

it('signs up from a deep link in Arabic, right to left, axe-clean at the shift list and the confirmation', async () => {
  const context = await newContext(browser, app.base);
  try {
    const page = await context.newPage();
    const tag = '<script src="/widget.js" data-start="volunteer" data-locale="ar" data-open="true"></script>';
    await page.route('**/volunteer-page', (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Volunteer</title></head><body><main><h1>Riverside</h1></main>${tag}</body></html>` }));
    await page.goto('/volunteer-page');
    const w = widget(page);
    await until(async () => (await choiceIds(page)).includes('any'), 'the first question');
    expect(await w.botMessages.last().locator('.bubble').getAttribute('dir')).toBe('rtl');
    const said = await signUpByKeyboard(page, /تم تسجيلك في تنظيف ضفة النهر/, 'تنزيل volunteer-shift.ics');
    expect(said).toContain('تنظيف ضفة النهر');
  } finally {
    await context.close();
  }

  const lines = submissionLines(app.h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'volunteer_signup' && (l as { payload: { shiftId?: string } }).payload.shiftId === shiftId);
  expect(lines.map((l) => [(l.payload as { locale?: string }).locale, (l.payload as { status?: string }).status]).sort()).toEqual([
    ['ar', 'confirmed'],
    ['en', 'confirmed'],
  ]);
});
