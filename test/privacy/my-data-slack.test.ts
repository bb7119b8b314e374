/**
 * "My data" in a Slack direct message: the same command words, the same link, which opens the
 * file (channel `slack`, no Slack user or team id in it).
 */
import request from 'supertest';
import { dmSay } from '../adapters/slack/dm-driver';
import { startSlack, textOf, type SlackHarness } from '../adapters/slack/support';

const LINK = /https?:\/\/[^/\s>|]+(\/my-data\/[A-Za-z0-9_-]{22}\?exp=\d+&(?:amp;)?sig=[A-Za-z0-9_-]{43})/;

describe('my data in a Slack DM', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlack('memory');
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers "my data" with a link that opens the file', async () => {
    await dmSay(h, 'UDMDATA01', 'hello');
    const { posts } = await dmSay(h, 'UDMDATA01', 'my data');
    const text = posts.map((p) => `${String(p.body.text ?? '')}\n${textOf(p)}`).join('\n');
    expect(text).toMatch(/Here is everything WeGov holds about this conversation/);
    const path = LINK.exec(text)?.[1]?.replace('&amp;', '&');
    if (path === undefined) throw new Error(`no link in: ${text}`);
    const res = await request(h.app).get(path);
    expect(res.status).toBe(200);
    expect((res.body as { conversation: { channel: string } }).conversation.channel).toBe('slack');
    expect(res.text).not.toContain('UDMDATA01');
    expect(res.text).not.toContain('TCITY01');
  });
});
