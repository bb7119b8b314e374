import nock from 'nock';
import { slackAlertTarget } from '../../../adapters/slack/triage/alert';
import { SlackTriageSink } from '../../../adapters/slack/triage/sink';
import { MemoryCaseStore } from '../../../src/cases';
import { noMedia, report, submission } from '../../sinks/open311/fixtures';
import { CHANNEL, FakeSlack, makeDeps } from './triage-support';

afterEach(() => nock.cleanAll());

function setup(now = () => new Date('2026-11-27T10:00:05.000Z')) {
  const slack = new FakeSlack();
  const cases = new MemoryCaseStore();
  const { client } = makeDeps();
  const sink = new SlackTriageSink({ client, channel: CHANNEL, cases, timezone: 'America/Chicago', now });
  return { slack, cases, sink };
}

const ctx = { sinkKey: 'public-works.1', attempt: 1 };
const key = 'sub-1@public-works.1';

describe('SlackTriageSink', () => {
  it('posts the card with metadata once; a repeat posts nothing', async () => {
    const { slack, cases, sink } = setup();
    await sink.deliver(submission(report()), noMedia, ctx);
    await sink.deliver(submission(report()), noMedia, { ...ctx, attempt: 2 });
    const posts = slack.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ channel: CHANNEL, text: 'New report WG-7K3QX9: Pothole', metadata: { event_type: 'wegov_report', event_payload: { reference: 'WG-7K3QX9', case_key: key } } });
    expect(JSON.stringify(posts[0]!.body.blocks)).toContain('wegov_triage:ack');
    expect(await cases.get(key)).toMatchObject({ state: 'created', slack: { channel: CHANNEL, ts: '1700000001.000100' }, triage: { status: 'open', history: [] } });
  });

  it('after an uncertain attempt, finds the earlier card by its metadata and does not post again', async () => {
    const { slack, cases, sink } = setup();
    await cases.put({ key, submissionId: 'sub-1', sinkKey: ctx.sinkKey, reference: 'WG-7K3QX9', state: 'sending', attemptStartedAt: '2026-11-27T10:00:00.000Z', updatedAt: '2026-11-27T10:00:00.000Z' });
    slack.on('conversations.history', () => ({ json: { ok: true, has_more: false, messages: [{ ts: '99.1', metadata: { event_type: 'wegov_report', event_payload: { case_key: 'other@x' } } }, { ts: '42.5', metadata: { event_type: 'wegov_report', event_payload: { case_key: key } } }] } }));
    await sink.deliver(submission(report()), noMedia, { ...ctx, attempt: 2 });
    expect(slack.of('chat.postMessage')).toHaveLength(0);
    const history = slack.of('conversations.history')[0]!.body;
    expect(history).toMatchObject({ channel: CHANNEL, include_all_metadata: 'true' });
    expect(Number(history.oldest)).toBeLessThan(Date.parse('2026-11-27T10:00:00.000Z') / 1000);
    expect(await cases.get(key)).toMatchObject({ state: 'created', slack: { ts: '42.5' } });
  });

  it('after an uncertain attempt with no card in the channel, posts', async () => {
    const { slack, cases, sink } = setup();
    await cases.put({ key, submissionId: 'sub-1', sinkKey: ctx.sinkKey, reference: 'WG-7K3QX9', state: 'sending', attemptStartedAt: '2026-11-27T10:00:00.000Z', updatedAt: '2026-11-27T10:00:00.000Z' });
    await sink.deliver(submission(report()), noMedia, { ...ctx, attempt: 2 });
    expect(slack.of('chat.postMessage')).toHaveLength(1);
  });

  it.each(['channel_not_found', 'not_in_channel', 'invalid_auth'])('%s is permanent (dead letter with the reason)', async (code) => {
    const { slack, cases, sink } = setup();
    slack.on('chat.postMessage', () => ({ json: { ok: false, error: code } }));
    await expect(sink.deliver(submission(report()), noMedia, ctx)).rejects.toMatchObject({ permanent: true, reason: `slack: ${code}` });
    expect(await cases.get(key)).toMatchObject({ state: 'rejected' });
  });

  it('ratelimited and 5xx are retryable, and the case stays uncertain', async () => {
    const { slack, cases, sink } = setup();
    slack.on('chat.postMessage', () => ({ json: { ok: false, error: 'ratelimited' } }), () => ({ status: 503, json: { ok: false } }));
    await expect(sink.deliver(submission(report()), noMedia, ctx)).rejects.toMatchObject({ permanent: false });
    await expect(sink.deliver(submission(report()), noMedia, ctx)).rejects.toMatchObject({ permanent: false, code: 'http_503' });
    expect(await cases.get(key)).toMatchObject({ state: 'sending' });
  });

  it('a 429 is retryable', async () => {
    const { slack, sink } = setup();
    slack.on('chat.postMessage', () => ({ status: 429, json: { ok: false, error: 'ratelimited' } }));
    await expect(sink.deliver(submission(report()), noMedia, ctx)).rejects.toMatchObject({ permanent: false });
  });

  it('announces a dead letter in the channel (ids, reference, reason)', async () => {
    const slack = new FakeSlack();
    const target = slackAlertTarget(makeDeps().client, CHANNEL);
    await target.announce({ jobId: 'sub-1@public-works.0', submissionId: 'sub-1', sinkKey: 'public-works.0', agencyId: 'public-works', reference: 'WG-7K3QX9', attempts: 1, reason: 'open311 rejected <x>', permanent: true, failedAt: '2026-11-27T10:00:00.000Z' });
    const post = slack.of('chat.postMessage')[0]!.body;
    expect(post.channel).toBe(CHANNEL);
    expect(post.text).toContain('WG-7K3QX9');
    expect(post.text).toContain('open311 rejected &lt;x&gt;');
    expect(post.text).toContain('wegov outbox:replay sub-1@public-works.0');
  });

  it('an erasure request: one note in the card thread (reference only), recorded; a repeat posts nothing', async () => {
    const { slack, cases, sink } = setup();
    await sink.deliver(submission(report()), noMedia, ctx);
    const erasure = (scope?: 'contact') => ({
      id: `erasure-${scope ?? 'all'}`,
      kind: 'erasure_request' as const,
      conversationId: 'conv-1',
      createdAt: '2026-11-27T11:00:00.000Z',
      payload: { conversationId: 'conv-1', reports: [{ reference: 'WG-7K3QX9', categoryId: 'pothole', agencyId: 'public-works', submissionId: 'sub-1' }], mediaIds: [], requestedAt: '2026-11-27T11:00:00.000Z', ...(scope ? { scope } : {}) },
    });
    expect(sink.accepts('erasure_request')).toBe(true);
    await sink.deliver(erasure(), noMedia, ctx);
    await sink.deliver(erasure(), noMedia, { ...ctx, attempt: 2 });
    const notes = slack.of('chat.postMessage').filter((p) => p.body.thread_ts !== undefined);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toMatchObject({ channel: CHANNEL, thread_ts: '1700000001.000100' });
    expect(String(notes[0]!.body.text)).toContain('The reporter of WG-7K3QX9 asked WeGov to delete their data');
    expect(JSON.stringify(notes[0]!.body)).not.toContain('conv-1');
    expect((await cases.get(key))?.triage?.history.map((h) => h.action)).toEqual(['erased']);
    // A withdrawn consent is its own note.
    await sink.deliver(erasure('contact'), noMedia, ctx);
    expect(slack.of('chat.postMessage').filter((p) => p.body.thread_ts !== undefined)).toHaveLength(2);
    // Another sink's delivery of the same request touches nothing of this sink's case.
    await sink.deliver(erasure(), noMedia, { sinkKey: 'other.0', attempt: 1 });
    expect(slack.of('chat.postMessage').filter((p) => p.body.thread_ts !== undefined)).toHaveLength(2);
  });
});
