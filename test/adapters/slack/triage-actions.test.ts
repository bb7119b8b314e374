/**
 * The triage buttons and modals through a real Bolt App (ExpressReceiver in an express app),
 * with signed requests shaped like Slack's and the Web API captured by nock.
 */
import nock from 'nock';
import { postReporterAnswer } from '../../../adapters/slack/triage/actions';
import { SlackTriageSink } from '../../../adapters/slack/triage/sink';
import { useTriageLocale } from '../../../adapters/slack/triage/strings';
import { noMedia, report, submission } from '../../sinks/open311/fixtures';
import { buttonClick, CHANNEL, FakeSlack, makeDeps, sendPayload, triageApp, viewSubmission } from './triage-support';

afterEach(() => nock.cleanAll());

const key = 'sub-1@public-works.1';

async function setup() {
  const slack = new FakeSlack(['UMEMBER', 'UOTHER']);
  const deps = makeDeps();
  const sink = new SlackTriageSink({ client: deps.client, channel: CHANNEL, cases: deps.cases });
  await sink.deliver(submission(report()), noMedia, { sinkKey: 'public-works.1', attempt: 1 });
  const post = slack.of('chat.postMessage')[0]!;
  const ts = (await deps.cases.get(key))!.slack!.ts;
  slack.calls.length = 0;
  const server = triageApp(deps);
  const click = (action: string, user = 'UMEMBER') => sendPayload(server, buttonClick({ action, caseKey: key, user, ts, blocks: post.body.blocks as unknown[] }));
  return { slack, deps, server, ts, click, cardBlocks: post.body.blocks as unknown[] };
}

describe('triage actions', () => {
  it('Resolved by a member: card updated in place with who and when, case recorded, the citizen told once', async () => {
    const { slack, deps, ts, click } = await setup();
    await click('resolved').expect(200);
    const updates = slack.of('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.body).toMatchObject({ channel: CHANNEL, ts });
    const blocks = JSON.stringify(updates[0]!.body.blocks);
    expect(blocks).toContain('Resolved by <@UMEMBER> at');
    expect(blocks).toContain('WG-7K3QX9 · Pothole'); // the report part is kept
    expect(blocks).not.toContain('wegov_triage:ack');
    const c = await deps.cases.get(key);
    expect(c?.triage).toMatchObject({ status: 'closed', history: [{ action: 'resolved', by: 'UMEMBER' }] });
    expect(deps.deliver).toHaveBeenCalledTimes(1);
    expect(deps.deliver).toHaveBeenCalledWith({ reference: 'WG-7K3QX9', status: 'closed' });
    expect(slack.of('conversations.members')[0]!.body).toMatchObject({ channel: CHANNEL });
  });

  it('a double click (two at once) updates once and tells the citizen once; the loser hears why', async () => {
    const { slack, deps, click } = await setup();
    await Promise.all([click('ack'), click('ack', 'UOTHER')]);
    expect(slack.of('chat.update')).toHaveLength(1);
    expect(deps.deliver).toHaveBeenCalledTimes(1);
    expect(deps.deliver).toHaveBeenCalledWith({ reference: 'WG-7K3QX9', status: 'acknowledged' });
    // The second click either met the lock (and is told why) or came after it was released and
    // found the case already acknowledged (a no-op): never a second update or message.
    const eph = slack.of('chat.postEphemeral');
    expect(eph.length).toBeLessThanOrEqual(1);
    for (const e of eph) expect(e.body.text).toContain('Someone else is updating this case');
  });

  it('Acknowledge again later is a no-op: no update, no second message', async () => {
    const { slack, deps, click } = await setup();
    deps.lockMs = 50;
    await click('ack').expect(200);
    await new Promise((r) => setTimeout(r, 80));
    await click('ack').expect(200);
    expect(slack.of('chat.update')).toHaveLength(1);
    expect(deps.deliver).toHaveBeenCalledTimes(1);
    expect((await deps.cases.get(key))!.triage!.history).toHaveLength(1);
  });

  it('a non-member gets an ephemeral refusal and nothing changes', async () => {
    const { slack, deps, click } = await setup();
    await click('resolved', 'USTRANGER').expect(200);
    expect(slack.of('chat.update')).toHaveLength(0);
    expect(deps.deliver).not.toHaveBeenCalled();
    expect(slack.of('chat.postEphemeral')[0]!.body).toMatchObject({ channel: CHANNEL, user: 'USTRANGER' });
    expect((await deps.cases.get(key))!.triage).toEqual({ status: 'open', history: [] });
  });

  it("the refusal is in the deployment's working language", async () => {
    const { slack, click } = await setup();
    try {
      useTriageLocale('es');
      await click('resolved', 'USTRANGER').expect(200);
      expect(slack.of('chat.postEphemeral')[0]!.body.text).toContain('Solo los miembros del canal de triaje');
    } finally {
      useTriageLocale('en');
    }
  });

  it('an allow-listed user who is not a member may act', async () => {
    const { slack, deps, click } = await setup();
    deps.allowedUsers = ['UADMIN'];
    await click('in_progress', 'UADMIN').expect(200);
    expect(slack.of('chat.update')).toHaveLength(1);
    expect(deps.deliver).toHaveBeenCalledWith({ reference: 'WG-7K3QX9', status: 'in_progress' });
  });

  it('Reject opens a modal, requires a reason, then rejects with the reason as notes', async () => {
    const { slack, deps, server, ts, click, cardBlocks } = await setup();
    await click('reject').expect(200);
    const open = slack.of('views.open')[0]!.body;
    expect(open.trigger_id).toBe('trig-UMEMBER-reject');
    expect(open.view).toMatchObject({ type: 'modal', callback_id: 'wegov_triage:reject', private_metadata: key });

    const empty = await sendPayload(server, viewSubmission({ action: 'reject', caseKey: key, user: 'UMEMBER', text: '   ' })).expect(200);
    expect(empty.body).toMatchObject({ response_action: 'errors', errors: { wg_text: expect.any(String) } });
    expect(deps.deliver).not.toHaveBeenCalled();

    // The submission carries no message: the card is read back to keep its report part.
    slack.on('conversations.history', () => ({ json: { ok: true, messages: [{ ts, blocks: cardBlocks }] } }));
    await sendPayload(server, viewSubmission({ action: 'reject', caseKey: key, user: 'UMEMBER', text: 'Private property, not ours' })).expect(200);
    expect(deps.deliver).toHaveBeenCalledWith({ reference: 'WG-7K3QX9', status: 'rejected', notes: 'Private property, not ours' });
    expect((await deps.cases.get(key))!.triage).toMatchObject({ status: 'rejected', history: [{ action: 'reject', by: 'UMEMBER', text: 'Private property, not ours' }] });
    const update = slack.of('chat.update')[0]!.body;
    expect(update).toMatchObject({ channel: CHANNEL, ts });
    expect(JSON.stringify(update.blocks)).toContain('Rejected by <@UMEMBER>');
    expect(JSON.stringify(update.blocks)).toContain('WG-7K3QX9 · Pothole');
    expect(slack.of('conversations.history')[0]!.body).toMatchObject({ channel: CHANNEL, latest: ts, inclusive: 'true' });
  });

  it('Reply sends the text with the current status', async () => {
    const { deps, server } = await setup();
    await sendPayload(server, viewSubmission({ action: 'reply', caseKey: key, user: 'UMEMBER', text: 'Crew booked for Monday' })).expect(200);
    expect(deps.deliver).toHaveBeenCalledWith({ reference: 'WG-7K3QX9', status: 'open', notes: 'Crew booked for Monday' });
  });

  it('Ask calls askReporter; the answer appears in the card thread and the history', async () => {
    const { slack, deps, server, ts } = await setup();
    deps.lockMs = 20;
    await sendPayload(server, viewSubmission({ action: 'ask', caseKey: key, user: 'UMEMBER', text: 'Which lane?' })).expect(200);
    expect(deps.askReporter).toHaveBeenCalledWith({ reference: 'WG-7K3QX9', question: 'Which lane?', caseKey: key, questionId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    expect(deps.deliver).not.toHaveBeenCalled();

    await new Promise((r) => setTimeout(r, 30));
    expect(await postReporterAnswer(deps, { caseKey: key, text: 'The right one <@U1>' })).toBe(true);
    const reply = slack.of('chat.postMessage')[0]!.body;
    expect(reply).toMatchObject({ channel: CHANNEL, thread_ts: ts });
    expect(reply.text).toContain('The right one &lt;@U1&gt;');
    const history = (await deps.cases.get(key))!.triage!.history;
    expect(history.map((h) => h.action)).toEqual(['ask', 'answer']);
  });

  it('an answer can be found by its reference among the slack sinks\' cases', async () => {
    const { slack, deps } = await setup();
    deps.sinkKeys = () => ['public-works.1'];
    expect(await postReporterAnswer(deps, { reference: 'WG-7K3QX9', text: 'yes' })).toBe(true);
    expect(await postReporterAnswer(deps, { reference: 'WG-NOPE', text: 'yes' })).toBe(false);
    expect(slack.of('chat.postMessage')).toHaveLength(1);
  });

  it('refuses unsigned requests', async () => {
    const { server, deps } = await setup();
    const request = (await import('supertest')).default;
    await request(server).post('/slack/events').set('Content-Type', 'application/x-www-form-urlencoded').send(`payload=${encodeURIComponent(JSON.stringify(buttonClick({ action: 'ack', caseKey: key, user: 'UMEMBER' })))}`).expect(401);
    expect(deps.deliver).not.toHaveBeenCalled();
  });
});
