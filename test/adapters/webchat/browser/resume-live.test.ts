/**
 * The conversation outlives the page: a reload resumes at the same question, another tab shows
 * the same conversation and follows it live, an agency's status update arrives in the open
 * widget (and as an unread dot on the closed launcher), the live stream comes back after a
 * drop and replays what it missed, and a send retried after a lost response is applied once.
 * Against the memory store and Redis.
 */
import request from 'supertest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { ADMIN_TOKEN, history, type StoreKind } from '../../../server/harness';
import { answerChoice, choiceIds, focused, launchChromium, newContext, openWidget, reportPothole, serve, until, widget, type Served } from './support';

jest.setTimeout(60_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each<StoreKind>(['memory', 'redis'])('resume and live updates (%s)', (kind) => {
  let app: Served;
  let context: BrowserContext;
  let page: Page;
  let reference = '';
  beforeAll(async () => {
    app = await serve(kind);
    context = await newContext(browser, app.base);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await app?.close();
  });

  const pushStatus = (status: string, notes: string) =>
    request(app.h.app).post(`/admin/cases/${reference}/status`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ status, notes });

  it('a reload mid-dialog resumes at the same question, and answering continues', async () => {
    const w = widget(page);
    await page.goto('/');
    await openWidget(page);
    await answerChoice(page, 'report');
    await answerChoice(page, 'streets');
    const shown = await w.log.locator('.msg').count();
    expect(await choiceIds(page)).toContain('pothole');

    await page.reload();
    // The panel was open in this tab: it opens again, with the same transcript and question.
    await w.choice('pothole').waitFor({ state: 'visible' });
    expect(await w.log.locator('.msg').count()).toBe(shown);
    await answerChoice(page, 'pothole');
    expect(await choiceIds(page)).toEqual(['small', 'medium', 'large']);
  });

  it('another tab shows the same conversation and follows answers given in the first', async () => {
    const other = await context.newPage();
    try {
      const w2 = widget(other);
      await other.goto('/');
      await w2.launcher.click();
      await w2.choice('small').waitFor({ state: 'visible' });
      expect(await w2.log.locator('.msg').count()).toBe(await widget(page).log.locator('.msg').count());
      await answerChoice(page, 'small');
      // The answer and the next question reach the other tab over server-sent events.
      await w2.choice('_skip').waitFor({ state: 'visible' });
      await w2.userMessages.filter({ hasText: 'Small' }).waitFor();
    } finally {
      await other.close();
    }
  });

  it("an agency's status update arrives in the open widget", async () => {
    const w = widget(page);
    reference = (await reportPothole(page)) ?? '';
    expect(reference).toMatch(/^WG-[2-9A-Z]{6}$/);
    // Someone choosing from the menu keeps their place when the update arrives.
    await w.choice('language').focus();
    expect((await pushStatus('in_progress', 'A crew is booked for Tuesday.')).body).toEqual({ result: 'delivered' });
    const update = w.botMessages.filter({ hasText: 'A crew is booked for Tuesday.' });
    await update.waitFor({ state: 'visible' });
    expect((await focused(page)).choiceId).toBe('language');
    expect(await update.textContent()).toContain(reference);
    expect(await update.locator('p').getAttribute('lang')).toBe('en');
  });

  it('while the panel is closed, an update shows an unread dot on the launcher', async () => {
    const w = widget(page);
    await page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'hidden' });
    await pushStatus('acknowledged', 'Inspected this morning.');
    await w.launcher.locator('.badge').waitFor({ state: 'visible' });
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await w.launcher.textContent()).toContain('New message');
    await w.launcher.click();
    await w.botMessages.filter({ hasText: 'Inspected this morning.' }).waitFor();
    expect(await w.launcher.locator('.badge').isHidden()).toBe(true);
  });

  it('after the live stream drops it reconnects and replays what was missed', async () => {
    const w = widget(page);
    app.h.wiring.streams.closeAll();
    await w.status.filter({ hasText: 'Connection lost, retrying…' }).waitFor();
    await pushStatus('closed', 'Repaired on Friday.');
    await w.botMessages.filter({ hasText: 'Repaired on Friday.' }).waitFor({ timeout: 15_000 });
    await until(async () => ((await w.status.textContent()) ?? '') === '', 'the status line to clear');
    expect(await w.botMessages.filter({ hasText: 'Repaired on Friday.' }).count()).toBe(1);
  });

  it('a send whose response is lost is retried with the same clientMessageId and applied once', async () => {
    const w = widget(page);
    const sent: string[] = [];
    let dropped = false;
    await page.route('**/webchat/sessions/*/messages', async (route) => {
      const req: Request = route.request();
      if (req.method() !== 'POST') return route.continue();
      sent.push(String((req.postDataJSON() as { clientMessageId?: string }).clientMessageId));
      if (dropped) return route.continue();
      // The server receives and applies it; the answer never reaches the browser.
      dropped = true;
      await route.fetch();
      return route.abort('connectionreset');
    });
    try {
      const before = await w.userMessages.count();
      await w.choice('report').click();
      // The reply still arrives live (the server applied the answer), and the widget retries.
      await w.choice('streets').waitFor({ state: 'visible' });
      await until(async () => sent.length === 2, 'the retry');
      await until(async () => ((await w.status.textContent()) ?? '') === '', 'the send to settle');
      expect(sent).toHaveLength(2);
      expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(sent[1]).toBe(sent[0]);
      await until(async () => (await w.userMessages.count()) === before + 1, 'one echo of the answer');
      const creds = JSON.parse((await page.evaluate(`localStorage.getItem('wegov:webchat:${app.base}')`)) as string) as { sessionId: string; token: string };
      const echoes = (await history(app.h.app, creds)).filter((m) => m.from === 'user' && m.text === 'Report a problem');
      expect(echoes).toHaveLength(2); // the first report and this one: the retry added none
    } finally {
      await page.unroute('**/webchat/sessions/*/messages');
    }
  });
});
