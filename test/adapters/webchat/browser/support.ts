/**
 * Browser tests drive the real widget in Debian's Chromium (never a downloaded browser) through
 * playwright-core, against the real app (compose(): catalogue, locales, memory or Redis store,
 * JSONL sink in a temp folder) listening on 127.0.0.1. The page is the demo page at `/`.
 * One browser per test file; each test gets a fresh context (its own storage and profile state).
 * `chromium.launch()` runs the browser on a fresh temporary profile (--user-data-dir) of its own.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContext, type FileChooser, type Locator, type Page } from 'playwright-core';
import type { ComposeOverrides } from '../../../../src/server/compose';
import { startHarness, type Harness, type StoreKind } from '../../../server/harness';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, offline-friendly headless run. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, chromiumSandbox: false, timeout: 30_000 });
}

/** The app on a real port. */
export interface Served {
  h: Harness;
  server: Server;
  base: string;
  close(): Promise<void>;
}

/**
 * Starts the app (see test/server/harness.ts) on 127.0.0.1 with an ephemeral port; `overrides`
 * go to compose(), e.g. `{ now: () => new Date(...) }` for a fixed clock.
 */
export async function serve(kind: StoreKind, env: Record<string, string> = {}, overrides: ComposeOverrides = {}): Promise<Served> {
  const h = await startHarness(kind, { env, overrides });
  const server = h.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    h,
    server,
    base,
    async close() {
      h.wiring.streams.closeAll();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await h.close();
    },
  };
}

/** Riverside city hall, inside the demo city's boundary. */
export const RIVERSIDE = { latitude: 30.27, longitude: -97.74 };

/**
 * A fresh context with geolocation granted at Riverside, or at `geolocation`; with
 * `geolocation: null` the page is refused its location (as when a person blocks it: the
 * widget's `getCurrentPosition` fails with PERMISSION_DENIED).
 */
export async function newContext(
  browser: Browser,
  base: string,
  opts: { width?: number; height?: number; geolocation?: { latitude: number; longitude: number } | null } = {},
): Promise<BrowserContext> {
  const where = opts.geolocation === undefined ? RIVERSIDE : opts.geolocation;
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    ...(where ? { geolocation: where, permissions: ['geolocation'] } : {}),
    reducedMotion: 'reduce',
  });
  if (!where) await denyGeolocation(context, base);
  return context;
}

/**
 * Blocks geolocation for `base` in `context`, as the person's "Block" in the browser's prompt
 * does. Playwright grants permissions but has no call to deny one (headless Chromium refuses an
 * unanswered prompt today, but that is its default, not a promise): Chromium's own
 * `Browser.setPermission`, for this context (its id from the page's target), sets it to denied.
 */
async function denyGeolocation(context: BrowserContext, base: string): Promise<void> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    const { targetInfo } = await cdp.send('Target.getTargetInfo');
    await cdp.send('Browser.setPermission', { permission: { name: 'geolocation' }, setting: 'denied', origin: base, ...(targetInfo.browserContextId ? { browserContextId: targetInfo.browserContextId } : {}) });
    await cdp.detach();
  } finally {
    await page.close();
  }
}

/**
 * Makes `context`'s browser the returning one whose widget participant id (the person, kept in
 * localStorage by the widget: storage.ts) is `participant`, so the test can act as the same
 * person through the HTTP API beforehand (e.g. sign up for a shift).
 */
export async function seedParticipant(context: BrowserContext, base: string, participant: string): Promise<void> {
  const key = JSON.stringify(`wegov:webchat:${base}:participant`);
  await context.addInitScript(`localStorage.getItem(${key}) || localStorage.setItem(${key}, ${JSON.stringify(participant)});`);
}

/** A real 1x1 PNG. */
export const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The widget's parts (locators pierce its open shadow root). */
export function widget(page: Page) {
  const host = page.locator('wegov-chat');
  return {
    host,
    launcher: host.locator('button.launcher'),
    panel: host.locator('section.panel'),
    log: host.locator('[role="log"]'),
    status: host.locator('[role="status"]'),
    alert: host.locator('[role="alert"]'),
    controls: host.locator('.controls'),
    input: host.locator('textarea'),
    choice: (id: string): Locator => host.locator(`button[data-choice-id="${id}"]`),
    action: (name: 'locate' | 'photo' | 'confirm' | 'change'): Locator => host.locator(`button[data-action="${name}"]`),
    botMessages: host.locator('.msg.bot'),
    userMessages: host.locator('.msg.user'),
  };
}

/** What has focus inside the widget's shadow root (or `page` when focus is outside it). */
export interface Focused {
  where: 'widget' | 'page';
  tag: string;
  text: string;
  className: string;
  choiceId: string | null;
  /** Its `data-action` (`locate`, `photo`, `confirm`) for the widget's action buttons. */
  action: string | null;
  /** Its explicit role (`radio` for an option of a single-choice form question). */
  role: string | null;
}

/** Describes the focused element, looking inside the widget's shadow root. */
export async function focused(page: Page): Promise<Focused> {
  // A string keeps DOM types out of the Node test program.
  return (await page.evaluate(`(() => {
    const host = document.querySelector('wegov-chat');
    const inner = host && document.activeElement === host ? host.shadowRoot.activeElement : null;
    const el = inner || document.activeElement;
    return {
      where: inner ? 'widget' : 'page',
      tag: el ? el.tagName.toLowerCase() : '',
      text: el ? (el.textContent || '').trim() : '',
      className: el ? String(el.className || '') : '',
      choiceId: el && el.getAttribute ? el.getAttribute('data-choice-id') : null,
      action: el && el.getAttribute ? el.getAttribute('data-action') : null,
      role: el && el.getAttribute ? el.getAttribute('role') : null,
    };
  })()`)) as Focused;
}

/**
 * Presses Tab (or Shift+Tab) until `match` says the focused element is the one wanted; fails
 * after `max` presses. Keyboard only: no clicks, no focus() calls.
 */
export async function tabTo(page: Page, match: (f: Focused) => boolean, opts: { back?: boolean; max?: number } = {}): Promise<Focused> {
  const key = opts.back ? 'Shift+Tab' : 'Tab';
  let f = await focused(page);
  for (let i = 0; i <= (opts.max ?? 40); i++) {
    if (match(f)) return f;
    await page.keyboard.press(key);
    f = await focused(page);
  }
  throw new Error(`keyboard focus never reached the target; last: ${JSON.stringify(f)}`);
}

/**
 * Presses `key` (an arrow key by default) until the option `id` of the focused group has focus;
 * fails after `max` presses. Returns how many presses it took.
 */
export async function arrowTo(page: Page, id: string, opts: { key?: string; max?: number } = {}): Promise<number> {
  for (let i = 0; i <= (opts.max ?? 12); i++) {
    if ((await focused(page)).choiceId === id) return i;
    await page.keyboard.press(opts.key ?? 'ArrowDown');
  }
  throw new Error(`the arrow keys never reached ${id}; last: ${JSON.stringify(await focused(page))}`);
}

/**
 * Keyboard focus to the choice `id` (Tab to it, or to its group then the arrow keys), then
 * `key` (Enter by default); waits for the reply. Keyboard only: no clicks, no focus() calls.
 */
export async function pickByKeyboard(page: Page, id: string, key = 'Enter'): Promise<void> {
  const w = widget(page);
  await until(async () => (await w.choice(id).count()) > 0, `the choice ${id}`);
  const ids = await choiceIds(page);
  const here = ids.indexOf((await focused(page)).choiceId ?? '');
  const back = here > ids.indexOf(id);
  if ((await w.choice(id).getAttribute('tabindex')) === null) await tabTo(page, (f) => f.choiceId === id, { back, max: 60 });
  else {
    const members = await w.choice(id).locator('xpath=..').locator('[data-choice-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-choice-id')));
    await tabTo(page, (f) => members.includes(f.choiceId), { back, max: 60 });
    await arrowTo(page, id);
  }
  const before = await w.botMessages.count();
  await page.keyboard.press(key);
  await until(async () => (await w.botMessages.count()) > before, `a reply to ${id}`);
}

/** Waits until `check` holds, polling. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The ids of the choices offered now. */
export async function choiceIds(page: Page): Promise<string[]> {
  const ids = await widget(page).controls.locator('button[data-choice-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-choice-id') ?? ''));
  return ids;
}

/** Opens the panel with the launcher (mouse) and waits for the first question. */
export async function openWidget(page: Page): Promise<void> {
  const w = widget(page);
  await w.launcher.click();
  await w.panel.waitFor({ state: 'visible' });
  await w.controls.locator('button').first().waitFor({ state: 'visible' });
}

/** Clicks a choice by id once it is offered, then waits for the next question to replace it. */
export async function answerChoice(page: Page, id: string): Promise<void> {
  const w = widget(page);
  const before = await w.botMessages.count();
  await w.choice(id).click();
  await until(async () => (await w.botMessages.count()) > before, `a reply to ${id}`);
}

/** Sends a typed answer. */
export async function answerText(page: Page, text: string): Promise<void> {
  const w = widget(page);
  const before = await w.botMessages.count();
  await w.input.fill(text);
  await w.input.press('Enter');
  await until(async () => (await w.botMessages.count()) > before, `a reply to "${text}"`);
}

/**
 * Files a pothole report through the widget by choice ids and what each question expects (so
 * it works in any language), up to the review; `submit` sends it. Returns the reference.
 */
export async function reportPothole(page: Page, opts: { photo?: boolean; stopAt?: 'review'; onQuestion?: (expects: string, ids: string[]) => Promise<void> } = {}): Promise<string | undefined> {
  const w = widget(page);
  for (let guard = 0; guard < 20; guard++) {
    const expects = (await w.controls.getAttribute('data-expects')) ?? 'none';
    const ids = await choiceIds(page);
    await opts.onQuestion?.(expects, ids);
    if (ids.includes('_submit')) {
      if (opts.stopAt === 'review') return undefined;
      await answerChoice(page, '_submit');
      return referenceShown(page);
    }
    const pick = ['_new', 'report', 'streets', 'pothole', 'small', 'anonymous'].find((id) => ids.includes(id));
    if (pick) await answerChoice(page, pick);
    else if (ids.includes('yes') && ids.includes('_skip')) await answerChoice(page, '_skip');
    else if (expects === 'location') await clickAndWait(page, w.action('locate'));
    else if (expects === 'photo' && opts.photo) await attachPhoto(page, () => w.action('photo').click());
    else if (expects === 'photo') await answerChoice(page, '_skip');
    else if (expects === 'text') await answerText(page, 'Deep pothole outside number 12; cars swerve around it.');
    else throw new Error(`don't know how to answer: expects ${expects}, choices ${ids.join(',')}`);
  }
  throw new Error('the report never reached the review');
}

async function clickAndWait(page: Page, button: Locator): Promise<void> {
  const w = widget(page);
  const before = await w.botMessages.count();
  await button.click();
  await until(async () => (await w.botMessages.count()) > before, 'a reply');
}

/**
 * The file chooser that `trigger` opens. Playwright turns on Chromium's file-chooser interception
 * only when the first listener subscribes, and that request races the trigger's key press or
 * click (a chooser opened before interception is on is the native, invisible one, and the event
 * never comes: seen in CI). A page round trip after subscribing settles the race.
 */
export async function chooseFile(page: Page, trigger: () => Promise<void>): Promise<FileChooser> {
  const opened = page.waitForEvent('filechooser');
  await page.evaluate(() => 0);
  await trigger();
  return opened;
}

/** Attaches the 1x1 PNG through the file chooser that `trigger` opens. */
export async function attachPhoto(page: Page, trigger: () => Promise<void>): Promise<void> {
  const w = widget(page);
  const before = await w.botMessages.count();
  const chooser = await chooseFile(page, trigger);
  await chooser.setFiles({ name: 'pothole.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
  await until(async () => (await w.botMessages.count()) > before, 'a reply to the photo');
}

/** The report reference the chat shows (WG-XXXXXX). */
export async function referenceShown(page: Page): Promise<string> {
  const w = widget(page);
  const message = w.botMessages.filter({ hasText: /\bWG-[2-9A-Z]{6}\b/ }).last();
  await message.waitFor({ state: 'visible' });
  const text = (await message.textContent()) ?? '';
  const found = /\bWG-[2-9A-Z]{6}\b/.exec(text);
  if (!found) throw new Error(`no reference in "${text}"`);
  return found[0];
}
