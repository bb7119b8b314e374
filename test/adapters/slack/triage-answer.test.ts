/** The reporter's answer as a `reporter_answer` submission delivered to the triage sink. */
import nock from 'nock';
import { SlackTriageSink } from '../../../adapters/slack/triage/sink';
import type { Submission } from '../../../src/state/types';
import { noMedia, report, submission } from '../../sinks/open311/fixtures';
import { CHANNEL, FakeSlack, makeDeps } from './triage-support';

afterEach(() => nock.cleanAll());

const cardKey = 'sub-1@public-works.1';
const ctx = { sinkKey: 'public-works.1', attempt: 1 };
const answer: Submission = {
  id: 'answer-q1',
  kind: 'reporter_answer',
  conversationId: 'conv-1',
  createdAt: '2026-11-27T11:00:00.000Z',
  payload: { reference: 'WG-7K3QX9', questionId: 'q1', replyTo: cardKey, text: 'The right lane <!here>', answeredAt: '2026-11-27T11:00:00.000Z' },
};

async function setup() {
  const slack = new FakeSlack();
  const deps = makeDeps({ lockMs: 1 });
  const sink = new SlackTriageSink({ client: deps.client, channel: CHANNEL, cases: deps.cases });
  await sink.deliver(submission(report()), noMedia, ctx);
  const cardTs = (await deps.cases.get(cardKey))!.slack!.ts;
  const blocks = slack.of('chat.postMessage')[0]!.body.blocks;
  slack.on('conversations.history', () => ({ json: { ok: true, messages: [{ ts: cardTs, blocks }] } }));
  slack.calls.length = 0;
  return { slack, deps, sink, cardTs };
}

describe('reporter answers through the outbox', () => {
  it('posts the answer in the card thread once, records it and shows it on the card', async () => {
    const { slack, deps, sink, cardTs } = await setup();
    await sink.deliver(answer, noMedia, { ...ctx, attempt: 1 });
    await new Promise((r) => setTimeout(r, 5));
    await sink.deliver(answer, noMedia, { ...ctx, attempt: 2 });
    const posts = slack.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ channel: CHANNEL, thread_ts: cardTs, metadata: { event_type: 'wegov_reporter_answer', event_payload: { answer_id: 'answer-q1', case_key: cardKey } } });
    expect(posts[0]!.body.text).toContain('The right lane &lt;!here&gt;');
    expect((await deps.cases.get(cardKey))!.triage!.history).toMatchObject([{ action: 'answer', by: 'reporter', text: 'The right lane <!here>' }]);
    expect(JSON.stringify(slack.of('chat.update')[0]!.body.blocks)).toContain('The reporter answered');
    expect(await deps.cases.tracked('public-works.1')).toHaveLength(1); // the answer is not a case
  });

  it('after an uncertain attempt, finds the reply in the thread by metadata and does not post again', async () => {
    const { slack, deps, sink } = await setup();
    await deps.cases.put({ key: 'answer-q1@public-works.1', submissionId: 'answer-q1', sinkKey: 'public-works.1', reference: 'WG-7K3QX9', state: 'sending', attemptStartedAt: '2026-11-27T11:00:01.000Z', updatedAt: '2026-11-27T11:00:01.000Z' });
    slack.on('conversations.replies', () => ({ json: { ok: true, has_more: false, messages: [{ ts: '5.5', metadata: { event_type: 'wegov_reporter_answer', event_payload: { answer_id: 'answer-q1' } } }] } }));
    await sink.deliver(answer, noMedia, { ...ctx, attempt: 2 });
    expect(slack.of('chat.postMessage')).toHaveLength(0);
    expect(await deps.cases.get('answer-q1@public-works.1')).toMatchObject({ state: 'created', slack: { ts: '5.5' } });
  });

  it('an answer to a case without a card is permanent', async () => {
    const { sink } = await setup();
    await expect(sink.deliver({ ...answer, payload: { ...(answer.payload as object), replyTo: 'nope@public-works.1' } }, noMedia, ctx)).rejects.toMatchObject({ permanent: true });
  });
});
