/**
 * The widget's participant id (issue 11): created once per browser, kept in localStorage apart
 * from the conversation, and sent whenever the widget creates a session, so a new conversation
 * from the same browser is the same person (a consultation counts once). Another browser
 * profile is another person.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, openWidget, serve, until, type Served } from './support';

jest.setTimeout(60_000);

let browser: Browser;
let app: Served;
beforeAll(async () => {
  browser = await launchChromium();
  app = await serve('memory');
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Bodies of the page's POST /webchat/sessions requests. */
function sessionCreations(page: Page): { participant?: string }[] {
  const bodies: { participant?: string }[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/webchat/sessions') bodies.push(JSON.parse(r.postData() ?? '{}') as { participant?: string });
  });
  return bodies;
}

// Page scripts as text: the test's TypeScript has no DOM types.
const storedParticipant = (page: Page): Promise<string | null> =>
  page.evaluate(`(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('wegov:webchat:') && k.endsWith(':participant'));
    return key ? localStorage.getItem(key) : null;
  })()`);

it('a new conversation in the same browser carries the same participant id; another browser another', async () => {
  const context = await newContext(browser, app.base);
  const page = await context.newPage();
  const created = sessionCreations(page);
  await page.goto('/');
  await openWidget(page);
  const participant = await storedParticipant(page);
  expect(participant).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  expect(created.map((b) => b.participant)).toEqual([participant]);

  // The conversation is forgotten (as after "delete my data"): the next one is the same person.
  await page.evaluate(`(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('wegov:webchat:') && !k.endsWith(':participant')) localStorage.removeItem(k);
  })()`);
  await page.reload(); // the panel was open in this tab: it opens again, on a new conversation
  await until(async () => Promise.resolve(created.length === 2), 'a second session created');
  expect(created.map((b) => b.participant)).toEqual([participant, participant]);
  await context.close();

  const other = await newContext(browser, app.base);
  const otherPage = await other.newPage();
  const otherCreated = sessionCreations(otherPage);
  await otherPage.goto('/');
  await openWidget(otherPage);
  expect(otherCreated).toHaveLength(1);
  expect(otherCreated[0]?.participant).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  expect(otherCreated[0]?.participant).not.toBe(participant);
  await other.close();
});
