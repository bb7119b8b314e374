/**
 * Issue 6 end to end, through the real composed app: a resident reports over the web chat API
 * -> the outbox posts a triage card in the agency's Slack channel -> a public servant clicks
 * Resolved (a signed block_actions request) -> the resident's open chat receives the update in
 * Spanish, once. And: Ask the reporter (modal) -> the resident sees the question -> their answer
 * lands in the card's thread. Slack's Web API is a nock fake answering by method.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { createSession, eventually, fileReport, history, referenceIn, RIVERSIDE_PIN, say, startHarness, type Harness } from '../../server/harness';
import { openSse } from '../../server/sse-client';
import { API_URL, BOT_TOKEN, BOT_USER_ID, nowSeconds, sendSlack, SIGNING_SECRET, SLACK_ORIGIN, type SlackRequest } from './support';
import { fakeSlackWorkspace, type FakeWorkspace } from './fake-workspace';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';

const CHANNEL = 'CTRIAGE01';
/** The catalogue names the channel; Slack answers with its id. */
const CHANNEL_NAME = '#pw-triage';
const SERVANT = 'USERVANT1';
const OUTSIDER = 'UOUTSIDE1';

const fakeSlack = (): FakeWorkspace => fakeSlackWorkspace({ channel: CHANNEL, channelName: CHANNEL_NAME, members: [SERVANT, BOT_USER_ID], firstTs: 1_800_000_000 });

/** The demo city with Public Works triaged in a Slack channel (an agency id of this run's own). */
function catalogue(): string {
  const agency = `pw-${randomUUID().slice(0, 8)}`;
  const demo = fs.readFileSync(path.join(__dirname, '../../../config/demo-city.yaml'), 'utf8').replaceAll('public-works', agency);
  const replaced = demo.replace(new RegExp(`(- id: ${agency}\\n\\s+name: .*\\n\\s+sinks:\\n)\\s+- type: file\\n`), `$1      - type: slack\n        channel: "${CHANNEL_NAME}"\n`);
  if (replaced === demo) throw new Error('demo-city.yaml changed shape');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-slack-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return file;
}

function interactive(payload: Record<string, unknown>): SlackRequest {
  return { path: '/slack/interactivity', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

function click(user: string, action: string, caseKey: string, cardTs: string): SlackRequest {
  return interactive({
    type: 'block_actions',
    team: { id: 'TCITY01', domain: 'city' },
    user: { id: user, username: user, team_id: 'TCITY01' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trig-${randomUUID()}`,
    channel: { id: CHANNEL, name: 'triage' },
    container: { type: 'message', message_ts: cardTs, channel_id: CHANNEL, is_ephemeral: false },
    message: { type: 'message', ts: cardTs, text: 'card', blocks: [] },
    response_url: `${SLACK_ORIGIN}/respond/abc`,
    actions: [{ type: 'button', action_id: `wegov_triage:${action}`, block_id: 'wg_t_actions', value: caseKey, text: { type: 'plain_text', text: action }, action_ts: `${nowSeconds()}.000200` }],
  });
}

function submitModal(user: string, action: string, caseKey: string, text: string): SlackRequest {
  return interactive({
    type: 'view_submission',
    team: { id: 'TCITY01', domain: 'city' },
    user: { id: user, username: user, name: user, team_id: 'TCITY01' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 'trig-view',
    view: {
      id: 'V1',
      team_id: 'TCITY01',
      type: 'modal',
      callback_id: `wegov_triage:${action}`,
      private_metadata: caseKey,
      blocks: [],
      state: { values: { wg_text: { text: { type: 'plain_text_input', value: text } } } },
      hash: 'h',
      title: { type: 'plain_text', text: 't' },
      root_view_id: 'V1',
      app_id: 'A1',
      app_installed_team_id: 'TCITY01',
    },
  });
}

describe('Slack triage end to end', () => {
  let h: Harness;
  let slack: ReturnType<typeof fakeSlack>;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    slack = fakeSlack();
    h = await startHarness('redis', {
      env: { WEGOV_CONFIG: catalogue(), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_USER_ID: BOT_USER_ID, SLACK_API_URL: API_URL },
      overrides: { heartbeatMs: 100, slack: { retryConfig: { retries: 0 } } },
    });
    server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    h?.wiring.streams.closeAll();
    await new Promise((r) => server?.close(r));
    await h?.close();
    slack?.stop();
  });

  async function reportAndCard(locale: string): Promise<{ s: Awaited<ReturnType<typeof createSession>>; reference: string; caseKey: string; cardTs: string }> {
    const s = await createSession(h.app, { locale });
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Bache <b>profundo</b> @here', contact: null }));
    const card = await eventually(() => slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL_NAME && JSON.stringify(c.body.blocks).includes(reference)));
    const button = JSON.stringify(card.body.blocks).match(/"value":"([^"]+@[^"]+)"/);
    const cardTs = await eventually(async () => (await h.wiring.stores.cases.get(button![1]!))?.slack?.ts);
    return { s, reference, caseKey: button![1]!, cardTs };
  }

  it('report in the web chat -> card in the channel -> Resolved by a member -> the resident reads it in Spanish, once', async () => {
    const { s, reference, caseKey, cardTs } = await reportAndCard('es');
    const card = slack.calls.find((c) => c.method === 'chat.postMessage' && JSON.stringify(c.body.blocks).includes(reference))!;
    const blocks = JSON.stringify(card.body.blocks);
    // The citizen's text cannot mention @here or format: it is escaped.
    expect(blocks).toContain('&lt;b&gt;profundo&lt;/b&gt;');
    expect(blocks).not.toContain('<!here>');
    for (const action of ['ack', 'in_progress', 'resolved', 'reject', 'ask', 'reply']) expect(blocks).toContain(`wegov_triage:${action}`);

    const sse = await openSse(`${base}/webchat/sessions/${s.sessionId}/events?token=${encodeURIComponent(s.token)}`);
    // Someone outside the channel is refused, ephemerally; nothing changes.
    expect((await sendSlack(h.app, click(OUTSIDER, 'resolved', caseKey, cardTs))).status).toBe(200);
    await eventually(() => slack.calls.find((c) => c.method === 'chat.postEphemeral' && c.body.user === OUTSIDER));

    expect((await sendSlack(h.app, click(SERVANT, 'resolved', caseKey, cardTs))).status).toBe(200);
    await sse.waitFor(1, 5000);
    const [update] = sse.messages();
    expect(update).toMatchObject({ from: 'bot', lang: 'es' });
    expect(update!.text).toContain(reference);
    expect(update!.text).toContain('cerrado');
    // The card is updated in place with who did it.
    const updated = await eventually(() => slack.calls.find((c) => c.method === 'chat.update' && c.body.ts === cardTs));
    expect(JSON.stringify(updated.body.blocks)).toContain(`<@${SERVANT}>`);
    expect(await h.wiring.stores.cases.get(caseKey)).toMatchObject({ triage: { status: 'closed' } });

    // A double click (Slack retries, impatient people) tells the resident nothing new.
    await sendSlack(h.app, click(SERVANT, 'resolved', caseKey, cardTs));
    await new Promise((r) => setTimeout(r, 300));
    expect((await history(h.app, s)).filter((m) => m.text.includes('cerrado') && m.text.includes(reference))).toHaveLength(1);
    sse.close();
  });

  it('Ask the reporter: the modal question reaches the resident; their answer lands in the card thread', async () => {
    const { s, reference, caseKey, cardTs } = await reportAndCard('en');
    await sendSlack(h.app, click(SERVANT, 'ask', caseKey, cardTs));
    const modal = await eventually(() => slack.calls.find((c) => c.method === 'views.open' && JSON.stringify(c.body.view).includes(caseKey)));
    expect(JSON.stringify(modal.body.view)).toContain('wegov_triage:ask');

    expect((await sendSlack(h.app, submitModal(SERVANT, 'ask', caseKey, 'Which side of the road is it on?'))).status).toBe(200);
    const asked = await eventually(async () => (await history(h.app, s)).find((m) => m.text.includes('Which side of the road is it on?')));
    expect(asked.text).toContain(`The team handling your report ${reference}`);

    const reply = await say(h.app, s, { text: 'The north side, near the bakery' });
    expect(reply.map((m) => m.text).join('\n')).toContain('passed on to the team');
    const threaded = await eventually(() => slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.thread_ts === cardTs));
    expect(threaded.body.channel).toBe(CHANNEL);
    expect(String(threaded.body.text)).toContain('The north side, near the bakery');
  });
});
