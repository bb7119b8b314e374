/**
 * A reporter's answer to "Ask the reporter", delivered through the outbox: the runtime turns
 * the citizen's reply into a `reporter_answer` submission routed back to the sink that asked
 * (src/runtime/agency-questions.ts, `replyTo` = the card's case key). It is posted in the
 * card's thread exactly once in effect, like a card: its own case record (`<answer
 * submission id>@<sinkKey>`, not tracked), `sending` before the post, `created` after it; an
 * uncertain attempt first looks for its reply in the thread by metadata (`answer_id`).
 */
import type { WebClient } from '@slack/web-api';
import { caseKey, type AgencyCase, type CaseStore } from '../../../src/cases/types';
import { reporterAnswerOf } from '../../../src/runtime/reporter-answer';
import type { DeliveryContext } from '../../../src/sinks/types';
import type { Submission } from '../../../src/state/types';
import { answerText, recordAnswer } from './answer';
import { classifySlackError, SlackTriageError } from './errors';

export const ANSWER_EVENT_TYPE = 'wegov_reporter_answer';

export async function deliverAnswer(
  deps: { client: WebClient; cases?: CaseStore; now: () => Date; timezone?: string },
  submission: Submission,
  ctx: DeliveryContext | undefined,
): Promise<void> {
  const answer = reporterAnswerOf(submission.payload);
  if (!answer) throw new SlackTriageError('invalid_answer', true, `submission ${submission.id} is not a reporter answer`);
  const cases = deps.cases;
  if (!cases) throw new SlackTriageError('no_case_store', true, 'slack triage answers need the case store');
  const card = await cases.get(answer.replyTo);
  if (!card?.slack) throw new SlackTriageError('unknown_case', true, `no triage card for the case the answer replies to`);
  const slack = card.slack;
  const key = caseKey(submission.id, ctx?.sinkKey ?? card.sinkKey);
  const earlier = await cases.get(key);
  if (earlier?.state === 'created') return;
  const base: AgencyCase = { key, submissionId: submission.id, sinkKey: ctx?.sinkKey ?? card.sinkKey, reference: answer.reference, state: 'sending', updatedAt: deps.now().toISOString() };
  if (earlier?.state === 'sending') {
    const ts = await findReply(deps.client, slack, submission.id);
    if (ts !== null) return finish(deps, cases, base, card, ts, answer.text);
  }
  await cases.put({ ...base, attemptStartedAt: base.updatedAt });
  let ts: string;
  try {
    const res = await deps.client.chat.postMessage({
      channel: slack.channel,
      thread_ts: slack.ts,
      text: answerText(card.reference, answer.text),
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: ANSWER_EVENT_TYPE, event_payload: { reference: card.reference, case_key: card.key, answer_id: submission.id } },
    });
    if (typeof res.ts !== 'string') throw new SlackTriageError('no_ts', false, 'chat.postMessage answered without a ts');
    ts = res.ts;
  } catch (error) {
    throw classifySlackError(error, 'chat.postMessage');
  }
  await finish(deps, cases, base, card, ts, answer.text);
}

async function finish(deps: { client: WebClient; now: () => Date; timezone?: string }, cases: CaseStore, base: AgencyCase, card: AgencyCase, ts: string, text: string): Promise<void> {
  const { attemptStartedAt: _a, ...rest } = base;
  await cases.put({ ...rest, state: 'created', slack: { channel: card.slack!.channel, ts }, updatedAt: deps.now().toISOString() });
  await cases.untrack(base.sinkKey, base.key); // an answer is not a case of its own
  await recordAnswer({ client: deps.client, cases, now: deps.now, ...(deps.timezone ? { timezone: deps.timezone } : {}) }, card.key, text);
}

async function findReply(client: WebClient, slack: { channel: string; ts: string }, answerId: string): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    let res: Awaited<ReturnType<WebClient['conversations']['replies']>>;
    try {
      res = await client.conversations.replies({ channel: slack.channel, ts: slack.ts, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
    } catch (error) {
      throw classifySlackError(error, 'conversations.replies');
    }
    const found = (res.messages ?? []).find((m) => m.metadata?.event_type === ANSWER_EVENT_TYPE && (m.metadata.event_payload as { answer_id?: unknown } | undefined)?.answer_id === answerId);
    if (found?.ts) return found.ts;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) return null;
  }
  return null;
}
