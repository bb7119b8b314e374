/**
 * The demo consultation's answer groups by keyboard alone, in real Chromium (WAI-ARIA Authoring
 * Practices radio group and toolbar patterns): a single choice is a radio group, one Tab stop;
 * Space checks, the arrow keys move and check (wrapping) without sending anything, and the
 * "Send answer" button sends the checked option. The scale and the multiple choice are one Tab
 * stop each too, the arrow keys move between their options and Tab goes on to Done. In Arabic
 * Left and Right are mirrored. "Other…" as a radio option asks for the text. axe finds nothing
 * at a radio question in English and Arabic.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { arrowTo, focused, launchChromium, newContext, serve, tabTo, until, widget, type Focused, type Served } from './support';
import { writeDemoCatalogCopy } from '../../../support/demo-catalog-copy';

jest.setTimeout(120_000);

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** 2026-12-01 09:00 in Riverside: the consultation is open (15 Nov - 31 Jan). */
const OPEN_NOW = new Date('2026-12-01T15:00:00.000Z');
const CONSULTATION = 'consultation:riverside-avenue-bike-lane';

let app: Served;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([serve('memory', {}, { now: () => OPEN_NOW }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A page whose script tag opens the widget straight into the consultation. */
async function consultationPage(base: string, locale: string): Promise<Page> {
  const context = await newContext(browser, base);
  const page = await context.newPage();
  const tag = `<script src="/widget.js" data-start="${CONSULTATION}" data-locale="${locale}" data-open="true"></script>`;
  await page.route('**/bike-lane', (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bike lane</title></head><body><main><h1>Riverside</h1></main>${tag}</body></html>` }));
  await page.goto('/bike-lane');
  return page;
}

/** The radio options' ids that are checked. */
async function checkedIds(page: Page): Promise<string[]> {
  return widget(page).host.locator('[role="radio"][aria-checked="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-choice-id') ?? ''));
}

/** Presses `key`, then returns what has focus and which radio options are checked. */
async function press(page: Page, key: string): Promise<{ focus: string | null; checked: string[] }> {
  await page.keyboard.press(key);
  return { focus: (await focused(page)).choiceId, checked: await checkedIds(page) };
}

/** How many messages each side has said (to prove that nothing was sent). */
async function counts(page: Page): Promise<[number, number]> {
  const w = widget(page);
  return [await w.botMessages.count(), await w.userMessages.count()];
}

/** axe's violations in the widget. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).include('wegov-chat').analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/** Presses Enter and waits until WeGov says something new. */
async function enterAndWait(page: Page, what: string): Promise<void> {
  const w = widget(page);
  const before = await w.botMessages.count();
  await page.keyboard.press('Enter');
  await until(async () => (await w.botMessages.count()) > before, `a reply to ${what}`);
}

const isRadio = (f: Focused): boolean => f.where === 'widget' && f.role === 'radio';

it('a single choice is a radio group: Tab in, Space and arrows check without sending, Send answer sends', async () => {
  const page = await consultationPage(app.base, 'en');
  const w = widget(page);
  const route = w.host.getByRole('radiogroup', { name: /Which route should the bike lane follow/ });
  await route.waitFor();
  expect(await route.getByRole('radio').evaluateAll((els) => els.map((e) => e.getAttribute('data-choice-id')))).toEqual(['avenue', 'elm-street', 'river-path']);
  expect(await checkedIds(page)).toEqual([]);
  expect(await violations(page)).toEqual([]);

  // One Tab stop: from before the group, Tab lands on the first option (none is checked yet).
  await tabTo(page, isRadio);
  await tabTo(page, (f) => !isRadio(f), { back: true });
  expect((await tabTo(page, isRadio)).choiceId).toBe('avenue');
  const sent = await counts(page);
  // The confirm button says nothing is checked yet, and sends nothing.
  expect(await w.action('confirm').getAttribute('aria-disabled')).toBe('true');
  await page.keyboard.press('Tab');
  expect((await focused(page)).text).toBe('Send answer');
  await page.keyboard.press('Enter');
  expect(await focused(page)).toMatchObject({ role: 'radio', choiceId: 'avenue' }); // back to the options
  expect(await counts(page)).toEqual(sent);

  expect(await press(page, 'Space')).toEqual({ focus: 'avenue', checked: ['avenue'] });
  expect(await w.action('confirm').getAttribute('aria-disabled')).toBeNull();
  expect(await press(page, 'ArrowDown')).toEqual({ focus: 'elm-street', checked: ['elm-street'] });
  expect(await press(page, 'ArrowRight')).toEqual({ focus: 'river-path', checked: ['river-path'] });
  expect(await press(page, 'ArrowDown')).toEqual({ focus: 'avenue', checked: ['avenue'] }); // wraps
  expect(await press(page, 'ArrowUp')).toEqual({ focus: 'river-path', checked: ['river-path'] }); // wraps back
  expect(await press(page, 'ArrowLeft')).toEqual({ focus: 'elm-street', checked: ['elm-street'] });
  expect(await counts(page)).toEqual(sent); // moving and checking sent nothing
  expect(await w.botMessages.last().textContent()).toContain('Which route should the bike lane follow?');

  // Leaving and coming back lands on the checked option.
  await tabTo(page, (f) => !isRadio(f), { back: true });
  expect((await tabTo(page, isRadio)).choiceId).toBe('elm-street');

  await page.keyboard.press('Tab');
  expect((await focused(page)).text).toBe('Send answer');
  await enterAndWait(page, 'the route');
  expect(await w.userMessages.last().textContent()).toContain('Elm Street, one block east');
  expect(await w.botMessages.last().textContent()).toContain('how often would you cycle this route?');
  // Focus goes to the next question's first option, as after any answer.
  expect((await focused(page)).choiceId).toBe('1');
  await page.context().close();
});

it('the scale and the multiple choice are one Tab stop each; arrows move, Enter and Space pick, Tab goes on to Done', async () => {
  const page = await consultationPage(app.base, 'en');
  const w = widget(page);
  await until(async () => isRadio(await focused(page)), 'focus on the route options');
  expect(await press(page, 'ArrowDown')).toMatchObject({ focus: 'elm-street' });
  await enterAndWait(page, 'the route'); // Enter on an option sends it, as in a form

  // The scale: focus on 1; arrows move (wrapping), Home and End; nothing is sent.
  const scale = w.host.getByRole('group', { name: /how often would you cycle this route/ });
  await scale.waitFor();
  expect((await focused(page)).choiceId).toBe('1');
  const sent = await counts(page);
  const moves: (string | null)[] = [];
  for (const key of ['ArrowRight', 'ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowLeft', 'Home', 'End', 'ArrowLeft']) moves.push((await press(page, key)).focus);
  expect(moves).toEqual(['2', '3', '2', '1', '5', '1', '5', '4']);
  expect(await counts(page)).toEqual(sent);
  expect(await scale.locator('[tabindex="0"]').evaluateAll((els) => els.map((e) => e.textContent))).toEqual(['4']);
  // Tab leaves the group (for the text box); Shift+Tab comes back to the option last focused.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatchObject({ where: 'widget', tag: 'textarea' });
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).choiceId).toBe('4');
  await enterAndWait(page, '4');
  expect(await w.userMessages.last().textContent()).toContain('4');
  expect(await w.botMessages.last().textContent()).toContain('Do you live or work on Riverside Avenue?');

  expect((await focused(page)).choiceId).toBe('yes');
  await enterAndWait(page, 'yes');

  // Multiple choice: toggles keep aria-pressed; arrows move, the picked option keeps focus.
  const concerns = w.host.getByRole('group', { name: /What worries you about the project/ });
  await concerns.waitFor();
  expect((await focused(page)).choiceId).toBe('parking');
  expect((await press(page, 'ArrowUp')).focus).toBe('_other'); // wraps to the last option
  expect((await press(page, 'ArrowDown')).focus).toBe('parking');
  expect((await press(page, 'ArrowRight')).focus).toBe('deliveries');
  await page.keyboard.press('Space');
  await until(async () => (await w.choice('deliveries').getAttribute('aria-pressed')) === 'true', 'deliveries ticked');
  expect((await focused(page)).choiceId).toBe('deliveries');
  expect(await concerns.locator('[tabindex="0"]').getAttribute('data-choice-id')).toBe('deliveries');
  expect((await press(page, 'ArrowDown')).focus).toBe('junctions');
  await page.keyboard.press('Enter');
  await until(async () => (await w.choice('junctions').getAttribute('aria-pressed')) === 'true', 'junctions ticked');
  expect(await w.choice('parking').getAttribute('aria-pressed')).toBe('false');
  // One Tab from inside the group reaches Done.
  await page.keyboard.press('Tab');
  expect((await focused(page)).choiceId).toBe('_done');
  await enterAndWait(page, 'Done');
  expect(await w.botMessages.last().textContent()).toContain('Tell us more about your concerns.');
  await page.context().close();
});

it('in Arabic the radio group and the scale mirror Left and Right, and axe finds nothing', async () => {
  const page = await consultationPage(app.base, 'ar');
  const w = widget(page);
  await w.host.getByRole('radiogroup').waitFor();
  expect(await w.host.locator('.wrap').getAttribute('dir')).toBe('rtl');
  expect(await violations(page)).toEqual([]);
  await tabTo(page, isRadio);
  expect((await focused(page)).choiceId).toBe('avenue');
  // Right to left: Left is next, Right is previous; Up and Down are not mirrored.
  expect(await press(page, 'ArrowLeft')).toEqual({ focus: 'elm-street', checked: ['elm-street'] });
  expect(await press(page, 'ArrowRight')).toEqual({ focus: 'avenue', checked: ['avenue'] });
  expect(await press(page, 'ArrowRight')).toEqual({ focus: 'river-path', checked: ['river-path'] });
  expect(await press(page, 'ArrowDown')).toEqual({ focus: 'avenue', checked: ['avenue'] });
  expect(await violations(page)).toEqual([]); // with an option checked
  await page.keyboard.press('Tab');
  expect((await focused(page)).text).toBe('إرسال الإجابة');
  await enterAndWait(page, 'the route');
  await w.host.getByRole('group', { name: /كم مرة ستستخدم هذا الطريق بالدراجة/ }).waitFor();
  expect((await focused(page)).choiceId).toBe('1');
  const moves: (string | null)[] = [];
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowRight', 'ArrowRight', 'ArrowRight']) moves.push((await press(page, key)).focus);
  expect(moves).toEqual(['2', '3', '2', '1', '5']);
  await page.context().close();
});

it('"Other…" is a radio option too: sending it asks for the text, which is the answer', async () => {
  // The demo city with "Other…" offered on the route question.
  const demo = readFileSync(path.join(__dirname, '../../../../config/demo-city.yaml'), 'utf8');
  const marker = '      - id: route\n        type: single_choice\n';
  expect(demo).toContain(marker);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wegov-other-')), 'city.yaml');
  writeDemoCatalogCopy(file, demo.replace(marker, `${marker}        other: true\n`));
  const withOther = await serve('memory', { WEGOV_CONFIG: file }, { now: () => OPEN_NOW });
  try {
    const page = await consultationPage(withOther.base, 'en');
    const w = widget(page);
    await w.host.getByRole('radiogroup', { name: /Which route/ }).waitFor();
    expect(await w.choice('_other').getAttribute('role')).toBe('radio');
    await tabTo(page, isRadio);
    const sent = await counts(page);
    await arrowTo(page, '_other', { key: 'ArrowUp' });
    expect(await checkedIds(page)).toEqual(['_other']);
    expect(await counts(page)).toEqual(sent);
    await tabTo(page, (f) => f.text === 'Send answer');
    await enterAndWait(page, 'Other');
    expect(await w.botMessages.last().textContent()).toContain('Please type your answer.');
    await tabTo(page, (f) => f.tag === 'textarea');
    await page.keyboard.type('Along the old railway line');
    await enterAndWait(page, 'the typed route');
    expect(await w.userMessages.last().textContent()).toContain('Along the old railway line');
    expect(await w.botMessages.last().textContent()).toContain('how often would you cycle this route?');
    await page.context().close();
  } finally {
    await withOther.close();
  }
});
