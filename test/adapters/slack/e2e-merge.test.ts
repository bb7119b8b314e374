/**
 * Issue 16, "Duplicate of…", end to end through the real composed app on Redis: two residents
 * report the same pothole over the web chat API (one in Spanish); each report goes to the
 * agency's Slack triage channel (a card) and to its Open311 endpoint (the validating fake).
 * A public servant clicks "Duplicate of…" on the Spanish report's card -> a modal asks for the
 * reference to keep -> wrong references are refused in the modal -> the submission merges it:
 * the card says "Duplicate of WG-…" with who and when, the Spanish reporter hears it once, in
 * Spanish, and from then on hears the surviving report's updates (as does whoever followed the
 * duplicate); a repeated submission changes nothing; the agency closing both cases later does
 * not tell the duplicate's reporter "closed" a second time, and nothing is ever sent to the
 * agency about the merge. Slack's Web API is a nock fake answering by method.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSession, eventually, fileReport, history, referenceIn, RIVERSIDE_PIN, say, startHarness, type ChatSession, type Harness } from '../../server/harness';
import { FakeOpen311Server } from '../../sinks/open311/fake-open311-server';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';
import { mergeReport } from '../../../src/runtime/report-merge';
import { API_URL, BOT_TOKEN, BOT_USER_ID, nowSeconds, sendSlack, SIGNING_SECRET, SLACK_ORIGIN, slashCommand, type SlackRequest } from './support';
import { fakeSlackWorkspace, type FakeWorkspace } from './fake-workspace';

const CHANNEL = 'CTRIAGE02';
const CHANNEL_NAME = '#pw-duplicates';
const SERVANT = 'USERVANT2';
const OUTSIDER = 'UOUTSIDE2';

const fakeSlack = (): FakeWorkspace => fakeSlackWorkspace({ channel: CHANNEL, channelName: CHANNEL_NAME, members: [SERVANT, BOT_USER_ID], firstTs: 1_810_000_000 });

/** The demo city with Public Works (an agency id of this run's own) triaged in Slack and delivered over Open311. */
function catalogue(endpoint: string): string {
  const agency = `pw-${randomUUID().slice(0, 8)}`;
  const demo = fs.readFileSync(path.join(__dirname, '../../../config/demo-city.yaml'), 'utf8').replaceAll('public-works', agency);
  const replaced = demo.replace(
    new RegExp(`(- id: ${agency}\\n\\s+name: .*\\n\\s+sinks:\\n)\\s+- type: file\\n`),
    `$1      - type: slack\n        channel: "${CHANNEL_NAME}"\n      - type: open311\n        endpoint: ${endpoint}\n`,
  );
  if (replaced === demo) throw new Error('demo-city.yaml changed shape');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-merge-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return file;
}

function interactive(payload: Record<string, unknown>): SlackRequest {
  return { path: '/slack/interactivity', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

function click(user: string, action: string, caseKey: string, cardTs: string, blocks: unknown[]): SlackRequest {
  return interactive({
    type: 'block_actions',
    team: { id: 'TCITY01', domain: 'city' },
    user: { id: user, username: user, team_id: 'TCITY01' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trig-${randomUUID()}`,
    channel: { id: CHANNEL, name: 'triage' },
    container: { type: 'message', message_ts: cardTs, channel_id: CHANNEL, is_ephemeral: false },
    message: { type: 'message', ts: cardTs, text: 'card', blocks },
    response_url: `${SLACK_ORIGIN}/respond/abc`,
    actions: [{ type: 'button', action_id: `wegov_triage:${action}`, block_id: 'wg_t_actions', value: caseKey, text: { type: 'plain_text', text: action }, action_ts: `${nowSeconds()}.000200` }],
  });
}

function submitDuplicate(user: string, caseKey: string, typed: string): SlackRequest {
  return interactive({
    type: 'view_submission',
    team: { id: 'TCITY01', domain: 'city' },
    user: { id: user, username: user, name: user, team_id: 'TCITY01' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 'trig-view',
    view: {
      id: 'V2',
      team_id: 'TCITY01',
      type: 'modal',
      callback_id: 'wegov_triage:duplicate',
      private_metadata: caseKey,
      blocks: [],
      state: { values: { wg_text: { text: { type: 'plain_text_input', value: typed } } } },
      hash: 'h',
      title: { type: 'plain_text', text: 't' },
      root_view_id: 'V2',
      app_id: 'A1',
      app_installed_team_id: 'TCITY01',
    },
  });
}

describe('Slack triage: merging a duplicate, end to end', () => {
  let h: Harness;
  let agency: FakeOpen311Server;
  let slack: ReturnType<typeof fakeSlack>;
  beforeAll(async () => {
    slack = fakeSlack();
    agency = await new FakeOpen311Server().start();
    h = await startHarness('redis', {
      env: {
        WEGOV_CONFIG: catalogue(agency.endpoint),
        WEGOV_STATUS_POLL_SECONDS: '0',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_USER_ID: BOT_USER_ID,
        SLACK_API_URL: API_URL,
      },
      overrides: { slack: { retryConfig: { retries: 0 } } },
    });
  });
  afterAll(async () => {
    await h?.close();
    await agency?.stop();
    slack?.stop();
  });
  afterEach(() => expect(agency.violations).toEqual([]));

  interface Filed {
    s: ChatSession;
    reference: string;
    caseKey: string;
    cardTs: string;
    blocks: unknown[];
  }

  async function report(locale: string, description: string): Promise<Filed> {
    const s = await createSession(h.app, { locale });
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description, contact: null }));
    const card = await eventually(() => slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL_NAME && JSON.stringify(c.body.blocks).includes(reference)));
    const caseKey = JSON.stringify(card.body.blocks).match(/"value":"([^"]+@[^"]+)"/)![1]!;
    const cardTs = await eventually(async () => (await h.wiring.stores.cases.get(caseKey))?.slack?.ts);
    await eventually(() => agency.posts.find((p) => p.get('description')?.includes(reference)));
    return { s, reference, caseKey, cardTs, blocks: card.body.blocks as unknown[] };
  }

  const texts = async (s: ChatSession): Promise<string[]> => (await history(h.app, s)).map((m) => m.text);
  const modalError = async (caseKey: string, typed: string): Promise<unknown> => (await sendSlack(h.app, submitDuplicate(SERVANT, caseKey, typed)).expect(200)).body;
  const statusCommand = async (reference: string): Promise<string> => {
    const before = slack.responses.length;
    await sendSlack(h.app, slashCommand(SERVANT, `status ${reference}`, '/wegov', CHANNEL)).expect(200);
    return String((await eventually(() => slack.responses[before])).text);
  };

  it('card -> modal -> refusals -> merge: card updated, reporter told once in Spanish, follows the survivor; a repeat changes nothing; no second close', async () => {
    const dup = await report('es', 'Bache enorme delante del número 12');
    const survivor = await report('en', 'Huge pothole outside number 12');
    const watcher = await createSession(h.app, { locale: 'en' });
    expect((await say(h.app, watcher, { text: `follow ${dup.reference}` })).map((m) => m.text).join('\n')).toContain(`You are following ${dup.reference}`);
    const open311Sink = h.wiring.outbox.router.open311Sinks()[0]!.sinkKey;
    const postsBefore = agency.posts.length;
    expect(postsBefore).toBe(2);

    // The card offers "Duplicate of…"; someone outside the channel is refused, privately.
    expect(JSON.stringify(dup.blocks)).toContain('wegov_triage:duplicate');
    await sendSlack(h.app, click(OUTSIDER, 'duplicate', dup.caseKey, dup.cardTs, dup.blocks)).expect(200);
    await eventually(() => slack.calls.find((c) => c.method === 'chat.postEphemeral' && c.body.user === OUTSIDER));
    expect(slack.calls.filter((c) => c.method === 'views.open')).toHaveLength(0);

    // A member gets the modal asking for the reference to keep.
    await sendSlack(h.app, click(SERVANT, 'duplicate', dup.caseKey, dup.cardTs, dup.blocks)).expect(200);
    const modal = await eventually(() => slack.calls.find((c) => c.method === 'views.open'));
    expect(modal.body.view).toMatchObject({ type: 'modal', callback_id: 'wegov_triage:duplicate', private_metadata: dup.caseKey });
    expect(JSON.stringify(modal.body.view)).toContain(`${dup.reference} will be closed as a duplicate`);

    // Wrong references are refused in the modal with a clear reason; nothing changes.
    expect(await modalError(dup.caseKey, 'the other one')).toEqual({ response_action: 'errors', errors: { wg_text: expect.stringContaining('for example WG-7K3QX9') } });
    expect(await modalError(dup.caseKey, dup.reference)).toEqual({ response_action: 'errors', errors: { wg_text: expect.stringContaining('cannot be a duplicate of itself') } });
    expect(await modalError(dup.caseKey, 'WG-ZZZZ22')).toEqual({ response_action: 'errors', errors: { wg_text: 'WeGov knows no report WG-ZZZZ22. Check the reference.' } });
    expect(await sendSlack(h.app, submitDuplicate(OUTSIDER, dup.caseKey, survivor.reference)).expect(200).then((r) => r.body)).toMatchObject({ response_action: 'errors' });
    expect(await h.wiring.stores.reports.get(dup.reference)).not.toHaveProperty('mergedInto');
    expect(slack.calls.filter((c) => c.method === 'chat.update')).toHaveLength(0);

    // Merged (typed in lower case, with spaces): the modal closes.
    const dupMessages = (await texts(dup.s)).length;
    const survivorMessages = (await texts(survivor.s)).length;
    const ok = await sendSlack(h.app, submitDuplicate(SERVANT, dup.caseKey, `  ${survivor.reference.toLowerCase()} `)).expect(200);
    expect(ok.body).not.toHaveProperty('response_action');

    // The card is updated in place: "Duplicate of WG-…" with who and when; no more status buttons.
    const update = await eventually(() => slack.calls.find((c) => c.method === 'chat.update' && c.body.ts === dup.cardTs));
    const blocks = JSON.stringify(update.body.blocks);
    expect(blocks).toContain(`*Status:* Duplicate of ${survivor.reference}`);
    expect(blocks).toMatch(new RegExp(`Duplicate of ${survivor.reference} by <@${SERVANT}> at \\w{3} \\d+, \\d\\d:\\d\\d`));
    expect(blocks).toContain(`${dup.reference} · `); // the report part is kept
    expect(blocks).not.toContain('wegov_triage:duplicate');
    expect(blocks).not.toContain('wegov_triage:resolved');
    expect(await h.wiring.stores.cases.get(dup.caseKey)).toMatchObject({ mergedInto: survivor.reference, triage: { status: 'closed', history: [{ action: 'duplicate', by: SERVANT, text: survivor.reference }] } });
    // The surviving card's thread notes it for the staff who follow that one.
    const note = await eventually(() => slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.thread_ts === survivor.cardTs));
    expect(note.body).toMatchObject({ channel: CHANNEL, text: `${dup.reference} was merged into this report as a duplicate by <@${SERVANT}>; its reporter now follows this one.` });

    // The reporter hears it once, in Spanish, with the surviving reference; the other reporter hears nothing.
    const told = await eventually(async () => {
      const all = await texts(dup.s);
      return all.length > dupMessages ? all.slice(dupMessages) : undefined;
    });
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`Tu reporte ${dup.reference}`);
    expect(told[0]).toContain(`el reporte ${survivor.reference}`);
    expect(await texts(survivor.s)).toHaveLength(survivorMessages);

    // The records: the duplicate closed into the survivor, which counts it and has its followers.
    const reports = h.wiring.stores.reports;
    expect(await reports.get(dup.reference)).toMatchObject({ status: 'closed', mergedInto: survivor.reference });
    expect(await reports.get(survivor.reference)).toMatchObject({ status: 'open', duplicates: [dup.reference] });
    expect(await reports.followers(survivor.reference)).toHaveLength(2);
    expect(await reports.followers(dup.reference)).toEqual([]);
    // Each follow is known from the conversation's side too, so "delete my data" finds it (below).
    expect(await reports.followedBy(dup.s.sessionId)).toEqual([survivor.reference]);
    expect(await reports.followedBy(watcher.sessionId)).toEqual([survivor.reference]);
    // The duplicate's Open311 case is marked and no longer polled; the survivor's is untouched.
    const tracked = await h.wiring.stores.cases.tracked(open311Sink);
    expect(tracked.map((c) => c.reference)).toEqual([survivor.reference]);
    expect((await h.wiring.stores.cases.byReference(dup.reference)).find((c) => c.sinkKey === open311Sink)).toMatchObject({ mergedInto: survivor.reference });
    expect(tracked[0]).not.toHaveProperty('mergedInto');

    // Anyone asking in the chat hears it too, and is pointed at the surviving report.
    const asker = await createSession(h.app, { locale: 'en' });
    const answer = (await say(h.app, asker, { text: `status ${dup.reference}` })).map((m) => m.text).join('\n');
    expect(answer).toContain(`It is a duplicate of report ${survivor.reference}`);
    expect(answer).toContain(`follow ${survivor.reference}`);
    // Following the duplicate by its reference follows the surviving report, and says so.
    const followedAnswer = (await say(h.app, asker, { text: `follow ${dup.reference}` })).map((m) => m.text).join('\n');
    expect(followedAnswer).toContain(`It is a duplicate of report ${survivor.reference}`);
    expect(followedAnswer).toContain(`You are following ${survivor.reference}`);
    expect(await reports.followedBy(asker.sessionId)).toEqual([survivor.reference]);
    expect(await reports.followers(dup.reference)).toEqual([]);
    await say(h.app, asker, { text: `unfollow ${survivor.reference}` });
    expect(await reports.followedBy(asker.sessionId)).toEqual([]);

    // `/wegov status` says what happened, for both.
    expect(await statusCommand(dup.reference)).toContain(`duplicate of ${survivor.reference}`);
    expect(await statusCommand(survivor.reference)).toContain('Duplicates merged into it: 1');

    // The same submission again (Slack retrying, a second click): no update, no message, no change.
    const updates = slack.calls.filter((c) => c.method === 'chat.update').length;
    const dupRecord = await reports.get(dup.reference);
    const again = await sendSlack(h.app, submitDuplicate(SERVANT, dup.caseKey, survivor.reference)).expect(200);
    expect(again.body).not.toHaveProperty('response_action');
    expect(slack.calls.filter((c) => c.method === 'chat.update')).toHaveLength(updates);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === survivor.cardTs)).toHaveLength(1);
    expect(await texts(dup.s)).toHaveLength(dupMessages + 1);
    expect(await reports.get(dup.reference)).toEqual(dupRecord);
    expect(await reports.get(survivor.reference)).toMatchObject({ duplicates: [dup.reference] });

    // Merging the survivor back into the duplicate would be a cycle: refused in the modal.
    expect(await modalError(survivor.caseKey, dup.reference)).toEqual({ response_action: 'errors', errors: { wg_text: expect.stringContaining(`${dup.reference} is itself a duplicate of this report`) } });

    // Later the agency closes both cases in its own system. One poll: the duplicate's case is not
    // asked about, so its reporter is not told "closed" again; the survivor's close reaches its
    // reporter, the duplicate's reporter (in Spanish) and whoever followed the duplicate, once each.
    for (const c of agency.cases.values()) {
      c.status = 'closed';
      c.status_notes = 'Repaired';
    }
    expect(await h.wiring.statusPoller.pollOnce()).toEqual({ checked: 1, updated: 1, failedSinks: 0 });
    const dupAfter = await texts(dup.s);
    expect(dupAfter).toHaveLength(dupMessages + 2);
    expect(dupAfter.at(-1)).toContain(`Novedad del reporte ${survivor.reference} que sigues`);
    expect(dupAfter.at(-1)).toContain('cerrado');
    expect((await texts(survivor.s)).slice(survivorMessages).join('\n')).toContain(`Update on your report ${survivor.reference}`);
    expect((await texts(watcher)).at(-1)).toContain(`Update on report ${survivor.reference} that you follow`);
    expect(await h.wiring.statusPoller.pollOnce()).toMatchObject({ updated: 0 });
    expect(await texts(dup.s)).toHaveLength(dupMessages + 2);

    // Nothing was sent to the agency about the merge: its two cases, then status reads only.
    expect(agency.posts).toHaveLength(postsBefore);
    expect(agency.requests.filter((r) => r.method !== 'GET' && r.method !== 'POST')).toEqual([]);

    // "Delete my data" from the duplicate's follower ends the follow it was moved to.
    await say(h.app, watcher, { command: 'forget' });
    await say(h.app, watcher, { choice: 'yes' });
    await eventually(async () => ((await reports.followedBy(watcher.sessionId)).length === 0 ? true : undefined));
    expect(await reports.followers(survivor.reference)).toEqual([dup.s.sessionId]);
  });

  it('the process dies between the card update and the message: the reporter is told once all the same (the notice was queued in the outbox)', async () => {
    const dup = await report('en', 'Loose drain cover near the library');
    const survivor = await report('en', 'Drain cover rattling by the library');
    const before = (await texts(dup.s)).length;
    // The card update never returns: the in-process "tell" after it never runs (as if the process died there).
    const release = slack.holdUpdates();
    try {
      await sendSlack(h.app, submitDuplicate(SERVANT, dup.caseKey, survivor.reference)).expect(200);
      await eventually(() => slack.calls.find((c) => c.method === 'chat.update' && c.body.ts === dup.cardTs));
      // The outbox's worker delivers the queued notice: the reporter hears it once.
      const told = await eventually(async () => {
        const all = await texts(dup.s);
        return all.length > before ? all.slice(before) : undefined;
      });
      expect(told).toHaveLength(1);
      expect(told[0]).toContain(`Your report ${dup.reference}`);
      expect(told[0]).toContain(`report ${survivor.reference}`);
    } finally {
      release();
    }
    // The stuck process comes back and tells too (or Slack retries the submission): still once.
    await eventually(() => slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.thread_ts === survivor.cardTs));
    await new Promise((r) => setTimeout(r, 300));
    await sendSlack(h.app, submitDuplicate(SERVANT, dup.caseKey, survivor.reference)).expect(200);
    await mergeReport(h.wiring.runtime, h.wiring.stores.cases, { reference: dup.reference, into: survivor.reference }, { queue: (s) => h.wiring.relay.submit(s) });
    await new Promise((r) => setTimeout(r, 300));
    expect((await texts(dup.s)).slice(before)).toHaveLength(1);
  });

  it('"A into B" and "B into A" at the same instant: one merges, the other is refused as a cycle', async () => {
    const a = await report('en', 'Streetlight out by the park gate');
    const b = await report('en', 'Streetlight not working at the park gate');
    const merge = (reference: string, into: string) => mergeReport(h.wiring.runtime, h.wiring.stores.cases, { reference, into });
    const outcomes = await Promise.all([merge(a.reference, b.reference), merge(b.reference, a.reference)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['cycle', 'merged']);
    for (const o of outcomes) if (o.kind === 'merged') await o.tell();
    const records = [await h.wiring.stores.reports.get(a.reference), await h.wiring.stores.reports.get(b.reference)];
    expect(records.filter((r) => r?.mergedInto !== undefined)).toHaveLength(1);
  });
});
