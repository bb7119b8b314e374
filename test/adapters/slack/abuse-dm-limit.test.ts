/**
 * Per-identity message limit on Slack DMs, through the real Bolt app (signed requests, Web API
 * on nock) and a test clock: past the limit one polite reply, then nothing; the next minute the
 * person is read again. Memory and Redis.
 */
import { startHarness } from '../../server/harness';
import { TestClock } from '../telegram/abuse-support';
import { dmSay } from './dm-driver';
import { API_URL, BOT_TOKEN, BOT_USER_ID, eventCallback, FakeSlackApi, imMessage, sendSlack, settle, SIGNING_SECRET, textOf, type SlackHarness } from './support';

describe.each(['memory', 'redis'] as const)('Slack DM message limit (%s store)', (kind) => {
  let h: SlackHarness;
  let clock: TestClock;
  beforeAll(async () => {
    clock = new TestClock(Date.UTC(2030, 0, 1, 12, 0, 0));
    const api = new FakeSlackApi();
    const base = await startHarness(kind, {
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_USER_ID: BOT_USER_ID,
        SLACK_API_URL: API_URL,
        WEGOV_CHAT_MESSAGES_PER_MINUTE: '2',
        WEGOV_CHAT_BURST: '100',
      },
      overrides: { now: clock.now, slack: { retryConfig: { retries: 0 } } },
    });
    h = {
      ...base,
      api,
      async close() {
        await base.close();
        api.stop();
      },
    };
  });
  afterAll(async () => {
    await h.close();
  });

  it('one polite reply past the limit, then silence; read again the next minute', async () => {
    const user = `UDMLIM${Math.floor(Math.random() * 1e6)}`;
    const conv = `slack:TCITY01:${user}`;
    await dmSay(h, user, 'hello');
    await dmSay(h, user, 'help');
    const version = (await h.wiring.runtime.store.load(conv)).conversation?.version;
    const third = await dmSay(h, user, 'menu');
    expect(third.posts.map((p) => textOf(p))).toEqual([expect.stringContaining("You're sending messages very fast")]);
    const posted = h.api.posts().length;
    for (let i = 0; i < 3; i++) expect((await sendSlack(h.app, eventCallback(imMessage(user, `again ${i}`)))).status).toBe(200);
    await settle(200);
    expect(h.api.posts().length).toBe(posted);
    expect((await h.wiring.runtime.store.load(conv)).conversation?.version).toBe(version);

    clock.advance(60_000);
    const back = await dmSay(h, user, 'menu');
    expect(back.posts.map((p) => textOf(p)).join('\n')).not.toMatch(/very fast/);
    expect((await h.wiring.runtime.store.load(conv)).conversation?.version).toBe(version! + 1);
  });
});
