/**
 * The demo city's consultation (riverside-avenue-bike-lane) answered in real Chromium, by
 * keyboard, at a fixed time while it is open: the statement, a single choice as a radio group
 * (arrows check, the confirm button sends), the 1-5 scale as a labelled group of number buttons
 * on one row, yes/no, a multiple choice with toggles and "Other…" text, the long text its
 * condition opens, a ranking with an undo, the review, then the
 * submission, which reaches the submissions file as a consultation_response. axe (WCAG 2.0-2.2
 * A and AA) finds nothing at every kind of question met. Then a page whose script tag deep-links
 * into the consultation in Arabic (`data-start`, `data-locale="ar"`): the scale runs right to
 * left, still one group named by the Arabic question. (Arrow keys in these groups, right to left
 * included: choice-groups.test.ts.)
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { submissionLines } from '../../../server/harness';
import { arrowTo, choiceIds, focused, launchChromium, newContext, serve, tabTo, until, widget, type Served } from './support';

jest.setTimeout(120_000);

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** 2026-12-01 09:00 in Riverside: the consultation is open (15 Nov - 31 Jan). */
const OPEN_NOW = new Date('2026-12-01T15:00:00.000Z');

let app: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  [app, browser] = await Promise.all([serve('memory', {}, { now: () => OPEN_NOW }), launchChromium()]);
  context = await newContext(browser, app.base);
  page = await context.newPage();
  await page.goto('/');
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
});

/** axe's violations in the widget, shortened to what a reader needs to fix them. */
async function violations(): Promise<{ id: string; targets: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).include('wegov-chat').analyze();
  return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
}

const checked: string[] = [];
/** Runs axe at a kind of question and remembers that it did. */
async function axeAt(kind: string): Promise<void> {
  expect({ kind, violations: await violations() }).toEqual({ kind, violations: [] });
  checked.push(kind);
}

/** Waits until WeGov has said more than `before` messages. */
async function replyAfter(before: number, what: string): Promise<void> {
  const w = widget(page);
  await until(async () => (await w.botMessages.count()) > before, `a reply to ${what}`);
}

/**
 * Keyboard focus to the choice `id`: Tab (forwards or backwards, whichever way it is) to it, or,
 * for an option of a group (one Tab stop, `tabindex` roving), to the group, then the arrow keys.
 */
async function reach(id: string): Promise<void> {
  const w = widget(page);
  await until(async () => (await w.choice(id).count()) > 0, `the choice ${id}`);
  const ids = await choiceIds(page);
  // From the text box (after a typed answer) the choices are behind: Shift+Tab.
  const here = ids.indexOf((await focused(page)).choiceId ?? '');
  const back = here < 0 || here > ids.indexOf(id);
  if ((await w.choice(id).getAttribute('tabindex')) === null) {
    await tabTo(page, (f) => f.choiceId === id, { back });
    return;
  }
  const members = await w.choice(id).locator('xpath=..').locator('[data-choice-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-choice-id')));
  await tabTo(page, (f) => members.includes(f.choiceId), { back });
  await arrowTo(page, id);
}

/** Takes keyboard focus to the choice `id` and presses Enter (on a radio option Enter sends it). */
async function pick(id: string): Promise<void> {
  const w = widget(page);
  await reach(id);
  const before = await w.botMessages.count();
  await page.keyboard.press('Enter');
  await replyAfter(before, id);
}

/** Tabs to the text box, types `text` and sends it with Enter. */
async function type(text: string): Promise<void> {
  const w = widget(page);
  await tabTo(page, (f) => f.where === 'widget' && f.tag === 'textarea');
  await page.keyboard.type(text);
  const before = await w.botMessages.count();
  await page.keyboard.press('Enter');
  await replyAfter(before, `"${text}"`);
}

/** The last message from WeGov. */
async function lastBot(): Promise<string> {
  return (await widget(page).botMessages.last().textContent()) ?? '';
}

it('completes the demo consultation by keyboard, axe-clean at every question, and the response reaches the file', async () => {
  const w = widget(page);
  // Open by keyboard; the widget takes focus to the menu's first choice.
  await w.launcher.focus();
  await page.keyboard.press('Enter');
  await until(async () => (await focused(page)).choiceId === 'report', 'focus on the menu');

  await pick('consultation');
  // The intro and the statement arrive with the first question.
  await w.botMessages.filter({ hasText: 'Nothing is decided yet' }).waitFor();
  expect(await lastBot()).toContain('Which route should the bike lane follow?');
  // Single choice: a radio group named by the question; arrows check, the confirm button sends.
  const route = w.host.getByRole('radiogroup', { name: /Which route should the bike lane follow/ });
  expect(await route.getByRole('radio').count()).toBe(3);
  expect(await w.controls.locator('[aria-pressed]').count()).toBe(0);
  await axeAt('statement');
  await axeAt('single choice');
  await reach('river-path');
  expect(await w.choice('river-path').getAttribute('aria-checked')).toBe('true');
  await tabTo(page, (f) => f.text === 'Send answer');
  const beforeRoute = await w.botMessages.count();
  await page.keyboard.press('Enter');
  await replyAfter(beforeRoute, 'the route');
  expect(await w.userMessages.last().textContent()).toContain('Along the river path');

  // The scale: one group named by the question, buttons 1-5 on one row, named by their numbers.
  const scale = w.host.getByRole('group', { name: /how often would you cycle this route/ });
  await scale.waitFor();
  expect(await scale.getByRole('button').allTextContents()).toEqual(['1', '2', '3', '4', '5']);
  for (const n of ['1', '5']) expect(await scale.getByRole('button', { name: n, exact: true }).count()).toBe(1);
  const tops = await scale.getByRole('button').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  await axeAt('scale');
  await pick('4');

  expect(await lastBot()).toContain('Do you live or work on Riverside Avenue?');
  await axeAt('yes/no');
  await pick('yes');

  // Multiple choice: toggles with aria-pressed in a group named by the question, then Done.
  const concerns = w.host.getByRole('group', { name: /What worries you about the project/ });
  await concerns.waitFor();
  expect(await w.choice('parking').getAttribute('aria-pressed')).toBe('false');
  expect(await w.choice('_other').getAttribute('aria-pressed')).toBe('false');
  expect(await concerns.locator('[data-choice-id="_done"]').count()).toBe(0); // Done follows the group
  await axeAt('multiple choice');
  await pick('parking');
  await until(async () => (await w.choice('parking').getAttribute('aria-pressed')) === 'true', 'parking ticked');
  // Focus stays on the option just toggled, so the next Tab goes on from there.
  expect((await focused(page)).choiceId).toBe('parking');
  await pick('junctions');
  await until(async () => (await w.choice('junctions').getAttribute('aria-pressed')) === 'true', 'junctions ticked');
  await pick('_other');
  expect(await lastBot()).toContain('Please type your answer.');
  await axeAt('other text');
  await type('Snow clearing in winter');
  await until(async () => (await w.choice('_other').getAttribute('aria-pressed')) === 'true', 'Other ticked');
  expect(await w.choice('_other').textContent()).toContain('Snow clearing in winter');
  expect(await w.choice('parking').getAttribute('aria-pressed')).toBe('true');
  await pick('_done');

  // The long text the "concerns answered" condition opens.
  expect(await lastBot()).toContain('Tell us more about your concerns.');
  await axeAt('long text');
  await type('Delivery vans already stop in the cycle lane by the bakery.');

  // Ranking: pick one at a time (undo once), best first.
  expect(await lastBot()).toContain('put these options in order');
  await axeAt('ranking');
  await pick('garage');
  await pick('_undo');
  expect(await lastBot()).not.toContain('Your order so far');
  for (const id of ['time-limits', 'one-side', 'side-streets']) await pick(id);
  // Three of four picked: the last one is either placed for us or picked here.
  if ((await choiceIds(page)).includes('garage')) await pick('garage');

  expect(await lastBot()).toContain('How old are you?');
  await pick('35-54');

  // The review lists every answer; submit by keyboard.
  await until(async () => (await choiceIds(page)).includes('_submit'), 'the review');
  const review = await lastBot();
  expect(review).toContain('4 out of 5');
  expect(review).toContain('Snow clearing in winter');
  await axeAt('review');
  await pick('_submit');
  await w.botMessages.filter({ hasText: 'Your response to "Riverside Avenue protected bike lane" was recorded' }).waitFor();

  const line = await waitFor(() => submissionLines(app.h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'consultation_response'));
  expect(line.payload).toMatchObject({ consultationId: 'riverside-avenue-bike-lane' });
  const sent = JSON.stringify(line.payload);
  for (const answer of ['river-path', 'Snow clearing in winter', 'Delivery vans already stop']) expect(sent).toContain(answer);
  expect(checked).toEqual(['statement', 'single choice', 'scale', 'yes/no', 'multiple choice', 'other text', 'long text', 'ranking', 'review']);
});

it('a deep link opens the consultation in Arabic, and the scale runs right to left in one named group', async () => {
  const ctx = await newContext(browser, app.base);
  try {
    const p = await ctx.newPage();
    const tag = '<script src="/widget.js" data-start="consultation:riverside-avenue-bike-lane" data-locale="ar" data-open="true"></script>';
    await p.route('**/consultation-page', (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bike lane</title></head><body><main><h1>Riverside</h1></main>${tag}</body></html>` }));
    await p.goto('/consultation-page');
    const w = widget(p);
    await w.choice('avenue').click(); // checks it
    await w.action('confirm').click(); // sends it
    const scale = w.host.getByRole('group', { name: /كم مرة ستستخدم هذا الطريق بالدراجة/ });
    await scale.waitFor();
    expect(await w.botMessages.last().locator('.bubble').getAttribute('dir')).toBe('rtl');
    const boxes = await scale.getByRole('button').evaluateAll((els) => els.map((e) => ({ text: e.textContent, rect: e.getBoundingClientRect() })));
    expect(boxes.map((b) => b.text)).toEqual(['1', '2', '3', '4', '5']);
    expect(new Set(boxes.map((b) => Math.round(b.rect.top))).size).toBe(1);
    expect(boxes[0]!.rect.left).toBeGreaterThan(boxes[4]!.rect.left); // 1 on the right
    const result = await new AxeBuilder({ page: p }).withTags(TAGS).include('wegov-chat').analyze();
    expect(result.violations.map((v) => v.id)).toEqual([]);
  } finally {
    await ctx.close();
  }
});

/** The value `read` returns once it is defined (the sink writes after the reply). */
async function waitFor<T>(read: () => T | undefined): Promise<T> {
  let value: T | undefined;
  await until(async () => (value = read()) !== undefined, 'the submissions file line');
  return value as T;
}
