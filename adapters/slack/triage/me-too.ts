/**
 * A "me too" (issue 16, dialogs/report/nearby.ts) for a triage channel: the outbox routes the
 * `report_me_too` result to the report's agency, and here it becomes a reply in the report's
 * card thread ("Another resident reports this too (3 in all)", the resident's note quoted and
 * escaped, their photo shown the way the card shows a report's photo), and the card itself is
 * updated in place with the count ("Residents reporting this too: 3"). The count is the report
 * record's (src/cases/report-record.ts `meToo`: each person once), read at delivery.
 *
 * Exactly once in effect, like a reporter's answer (answer-delivery.ts): its own case record
 * (`<me-too submission id>@<sinkKey>`, not tracked), `sending` before the post, `created` after
 * it; an uncertain attempt first looks for its reply by metadata (`me_too_id`) in the thread.
 * The card's count is set after the post, idempotently, also by a repeat of a delivered job (a
 * crash between the post and the card update leaves nothing behind). A report without a card in
 * this channel (posted before the agency's Slack sink existed) gets the note in the channel.
 * The payload is checked with the result's own zod schema (dialogs/report/me-too-result.ts).
 */
import type { WebClient } from '@slack/web-api';
import { meTooResultSchema } from '../../../dialogs/report/me-too-result';
import type { ReportRecords } from '../../../src/cases/report-record';
import { caseKey, type AgencyCase, type CaseStore } from '../../../src/cases/types';
import { errorSummary, type Logger } from '../../../src/log';
import type { DeliveryContext } from '../../../src/sinks/types';
import type { MediaStore, Submission } from '../../../src/state/types';
import { cut, escapeMrkdwn, initialTriage, photoBlock, SECTION_LIMIT, type CardOptions, type KnownBlock } from './card';
import { triageCase, updateCard } from './case-actions';
import { classifySlackError, SlackTriageError } from './errors';
import { triageStrings as s } from './strings';

export const ME_TOO_KIND = 'report_me_too';
export const ME_TOO_EVENT_TYPE = 'wegov_me_too';

export interface MeTooDeps {
  client: WebClient;
  /** The sink's channel (for a report without a card here). */
  channel: string;
  cases?: CaseStore;
  /** The report records: the count of people who said "me too". Without them, the card's count plus one. */
  reports?: Pick<ReportRecords, 'get'>;
  /** The signed, expiring link to a photo (the webhook v2 photo links' signer). */
  mediaLink?: (mediaId: string, media: MediaStore) => Promise<string | undefined>;
  photoAs?: CardOptions['photoAs'];
  timezone?: string;
  lockMs?: number;
  logger?: Logger;
  now: () => Date;
}

type Card = AgencyCase & { slack: { channel: string; ts: string } };

export async function deliverMeToo(deps: MeTooDeps, submission: Submission, media: MediaStore, ctx: DeliveryContext | undefined): Promise<void> {
  const parsed = meTooResultSchema.safeParse(submission.payload);
  if (!parsed.success) throw new SlackTriageError('invalid_me_too', true, `submission ${submission.id} is not a valid me-too`);
  const meToo = parsed.data;
  const cases = deps.cases;
  if (!cases || !ctx) throw new SlackTriageError('no_case_store', true, 'slack triage me-toos need the case store');
  const card = (await cases.byReference(meToo.reference)).find((c): c is Card => c.sinkKey === ctx.sinkKey && c.slack !== undefined && c.triage !== undefined) ?? null;
  const where = card ? { channel: card.slack.channel, thread_ts: card.slack.ts } : { channel: deps.channel };
  const key = caseKey(submission.id, ctx.sinkKey);
  const earlier = await cases.get(key);
  const count = (await deps.reports?.get(meToo.reference))?.meToo ?? (card?.triage?.meToo ?? 0) + 1;
  if (earlier?.state !== 'created') {
    const base: AgencyCase = { key, submissionId: submission.id, sinkKey: ctx.sinkKey, reference: meToo.reference, state: 'sending', updatedAt: deps.now().toISOString() };
    let ts = earlier?.state === 'sending' ? await findPosted(deps.client, where, submission.id) : null;
    if (ts === null) {
      await cases.put({ ...base, attemptStartedAt: base.updatedAt });
      const photo = meToo.media[0] ? await deps.mediaLink?.(meToo.media[0].mediaId, media) : undefined;
      const first = card ? s.meTooInThread(count) : s.meTooWithoutCard(meToo.reference, count);
      const text = cut(meToo.note ? `${first}\n>${escapeMrkdwn(meToo.note.trim()).replace(/\n/g, '\n>')}` : first, SECTION_LIMIT);
      const blocks: KnownBlock[] = [{ type: 'section', block_id: 'wg_m_text', text: { type: 'mrkdwn', text } }, ...(photo ? [photoBlock(photo, deps.photoAs, 'wg_m_photo')] : [])];
      try {
        const res = await deps.client.chat.postMessage({
          ...where,
          text,
          blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: ME_TOO_EVENT_TYPE, event_payload: { reference: meToo.reference, me_too_id: submission.id } },
        });
        if (typeof res.ts !== 'string') throw new SlackTriageError('no_ts', false, 'chat.postMessage answered without a ts');
        ts = res.ts;
      } catch (error) {
        throw classifySlackError(error, 'chat.postMessage');
      }
    }
    const { attemptStartedAt: _a, ...rest } = base;
    await cases.put({ ...rest, state: 'created', slack: { channel: where.channel, ts }, updatedAt: deps.now().toISOString() });
    await cases.untrack(ctx.sinkKey, key); // a me-too is not a case of its own
  }
  if (card) await showCount(deps, cases, card.key, count);
}

/** Sets the card's count (under its lock when free) and updates the card in place; nothing when it already shows it. */
async function showCount(deps: MeTooDeps, cases: CaseStore, key: string, count: number): Promise<void> {
  for (let i = 0; i < 10 && !(await cases.lease(`triage:${key}`, deps.lockMs ?? 3000)); i += 1) await new Promise((r) => setTimeout(r, 300));
  let c: Card | null;
  let next: NonNullable<AgencyCase['triage']>;
  try {
    c = await triageCase({ cases }, key);
    const triage = c?.triage ?? initialTriage();
    if (!c || (triage.meToo ?? 0) >= count) return;
    next = { ...triage, meToo: count };
    await cases.put({ ...c, triage: next, updatedAt: deps.now().toISOString() });
  } finally {
    await cases.release(`triage:${key}`).catch((error: unknown) => deps.logger?.debug({ err: errorSummary(error) }, 'slack triage: lock release failed'));
  }
  await updateCard({ client: deps.client, ...(deps.timezone ? { timezone: deps.timezone } : {}), ...(deps.logger ? { logger: deps.logger } : {}) }, c, next);
}

/** The ts of the reply an uncertain attempt posted (thread replies, or the channel without a card); null if none. */
async function findPosted(client: WebClient, where: { channel: string; thread_ts?: string }, meTooId: string): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    let res: { messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: unknown } }[]; has_more?: boolean; response_metadata?: { next_cursor?: string } };
    try {
      const common = { channel: where.channel, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      res = where.thread_ts ? await client.conversations.replies({ ...common, ts: where.thread_ts }) : await client.conversations.history(common);
    } catch (error) {
      throw classifySlackError(error, where.thread_ts ? 'conversations.replies' : 'conversations.history');
    }
    const found = (res.messages ?? []).find((m) => m.metadata?.event_type === ME_TOO_EVENT_TYPE && (m.metadata.event_payload as { me_too_id?: unknown } | undefined)?.me_too_id === meTooId);
    if (found?.ts) return found.ts;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) return null;
  }
  return null;
}
