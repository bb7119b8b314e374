/**
 * The Slack triage channel as a forwarding sink: each new report is posted as a card
 * (card.ts) to the agency's channel, with message metadata naming the report and its case.
 *
 * Exactly once in effect, like Open311Sink, with the case record (src/cases):
 * 1. a delivery whose case is `created` posts nothing;
 * 2. before `chat.postMessage` the case is `sending` with the attempt's time; after it,
 *    `created` with `slack: { channel, ts }` and an open triage;
 * 3. a delivery that finds `sending` (the worker died mid-post, a timeout, a 5xx) first reads
 *    the channel since that attempt (`conversations.history`, `include_all_metadata`) for a
 *    message whose metadata carries the case key; found: recorded, not posted again.
 * A `reporter_answer` submission (the citizen's answer to "Ask the reporter", routed back here)
 * goes to the card's thread, also exactly once in effect (answer-delivery.ts), and so does a
 * `report_me_too` (another resident says "me too": me-too.ts), which also updates the card's count.
 * With `roster` set, a change to a volunteer shift (`volunteer_signup`, a cancellation, a
 * check-in) redraws that shift's roster card in the same channel (adapters/slack/roster/delivery.ts).
 * Slack's refusals (`channel_not_found`, `not_in_channel`, `invalid_auth`, …) are permanent
 * (dead letter with Slack's reason); rate limits, 5xx and network errors are retried.
 */
import type { WebClient } from '@slack/web-api';
import { caseKey, type AgencyCase, type CaseStore } from '../../../src/cases/types';
import type { Report } from '../../../src/engine/report';
import { parseReportPayload } from '../../../src/sinks/open311/report-payload';
import type { DeliveryContext, Sink } from '../../../src/sinks/types';
import type { MediaStore, Submission } from '../../../src/state/types';
import { deliverAnswer } from './answer-delivery';
import { deliverErasureNotice } from './erasure-notice';
import { deliverMeToo, ME_TOO_KIND, type MeTooDeps } from './me-too';
import { card, initialTriage, type CardOptions } from './card';
import { classifySlackError, SlackTriageError } from './errors';
import { deliverRosterCard, ROSTER_KINDS, type RosterCardDeps } from '../roster/delivery';

export const REPORT_EVENT_TYPE = 'wegov_report';

export interface SlackTriageSinkOptions {
  client: WebClient;
  /** The agency's channel id (C…), as the catalogue names it. */
  channel: string;
  /** Where each delivery's case is recorded. Without it (unit tests) every call posts. */
  cases?: CaseStore;
  /** The jurisdiction's IANA time zone for the card's times (default UTC). */
  timezone?: string | ((report: Report) => string | undefined);
  /** The signed, expiring link to the report's photo, if any. */
  mediaUrl?: (report: Report, submission: Submission, media: MediaStore) => Promise<string | undefined> | string | undefined;
  photoAs?: CardOptions['photoAs'];
  /** How far before an uncertain post's start the search looks. Default 10 min (clock skew). */
  searchSlackMs?: number;
  now?: () => Date;
  /** The report records: a "me too" shows how many residents say it too (me-too.ts). */
  reports?: MeTooDeps['reports'];
  /** The signed link to a "me too"'s photo, by media id (the outbox's `mediaLink`). */
  mediaLink?: MeTooDeps['mediaLink'];
  /** Shift roster cards (the composition root passes the modules' rosters when it has them). */
  roster?: Pick<RosterCardDeps, 'rosters' | 'cards' | 'locale'>;
}

export class SlackTriageSink implements Sink {
  readonly name = 'slack';
  private readonly now: () => Date;

  constructor(private readonly opts: SlackTriageSinkOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  get channel(): string {
    return this.opts.channel;
  }

  /** Reports, "me too"s and erasure requests (notes in the card's thread: me-too.ts, erasure-notice.ts). */
  accepts(kind: Submission['kind']): boolean {
    return kind === 'report' || kind === ME_TOO_KIND || kind === 'erasure_request' || (this.opts.roster !== undefined && ROSTER_KINDS.includes(kind));
  }

  async deliver(submission: Submission, media: MediaStore, ctx?: DeliveryContext): Promise<void> {
    if (submission.kind === 'erasure_request') {
      return deliverErasureNotice({ client: this.opts.client, ...(this.opts.cases ? { cases: this.opts.cases } : {}), now: this.now }, submission, ctx);
    }
    if (this.opts.roster && ROSTER_KINDS.includes(submission.kind)) {
      const tz = typeof this.opts.timezone === 'string' ? this.opts.timezone : 'UTC';
      return deliverRosterCard(
        {
          client: this.opts.client,
          channel: this.opts.channel,
          ...this.opts.roster,
          ...(this.opts.cases ? { cases: this.opts.cases } : {}),
          timezone: tz,
          now: this.now,
          ...(this.opts.searchSlackMs !== undefined ? { searchSlackMs: this.opts.searchSlackMs } : {}),
        },
        submission,
        ctx,
      );
    }
    if (submission.kind === ME_TOO_KIND) {
      const tz = typeof this.opts.timezone === 'string' ? this.opts.timezone : undefined;
      const o = this.opts;
      return deliverMeToo(
        {
          client: o.client,
          channel: o.channel,
          now: this.now,
          ...(o.cases ? { cases: o.cases } : {}),
          ...(o.reports ? { reports: o.reports } : {}),
          ...(o.mediaLink ? { mediaLink: o.mediaLink } : {}),
          ...(o.photoAs ? { photoAs: o.photoAs } : {}),
          ...(tz ? { timezone: tz } : {}),
        },
        submission,
        media,
        ctx,
      );
    }
    if (submission.kind === 'reporter_answer') {
      const tz = typeof this.opts.timezone === 'string' ? this.opts.timezone : undefined;
      return deliverAnswer({ client: this.opts.client, ...(this.opts.cases ? { cases: this.opts.cases } : {}), now: this.now, ...(tz ? { timezone: tz } : {}) }, submission, ctx);
    }
    if (submission.kind !== 'report') throw new SlackTriageError('invalid_report', true, `slack triage cannot deliver a ${String(submission.kind)} submission`);
    const parsed = parseReportPayload(submission.payload);
    if (!parsed.ok) throw new SlackTriageError('invalid_report', true, `submission ${submission.id} is not a valid report`, { cause: parsed.error });
    const report = parsed.report;
    const key = caseKey(submission.id, ctx?.sinkKey ?? 'slack');
    const cases = ctx ? this.opts.cases : undefined;
    const base = { key, submissionId: submission.id, sinkKey: ctx?.sinkKey ?? 'slack', reference: report.reference, serviceCode: String(report.serviceCode) };

    const earlier = cases ? await cases.get(key) : null;
    if (earlier?.state === 'created') return;
    if (cases && earlier?.state === 'sending' && earlier.attemptStartedAt) {
      const ts = await this.findEarlierPost(key, earlier.attemptStartedAt);
      if (ts !== null) {
        await cases.put(this.created(earlier, ts));
        return;
      }
    }

    const photoUrl = report.media.length > 0 ? await this.opts.mediaUrl?.(report, submission, media) : undefined;
    const tz = typeof this.opts.timezone === 'function' ? this.opts.timezone(report) : this.opts.timezone;
    const built = card(report, initialTriage(), {
      caseKey: key,
      ...(tz ? { timezone: tz } : {}),
      ...(photoUrl ? { photoUrl } : {}),
      ...(this.opts.photoAs ? { photoAs: this.opts.photoAs } : {}),
    });
    const startedAt = this.now().toISOString();
    const uncertainSince = earlier?.state === 'sending' && earlier.attemptStartedAt ? earlier.attemptStartedAt : startedAt;
    if (cases) await cases.put({ ...base, state: 'sending', attemptStartedAt: uncertainSince, updatedAt: startedAt });

    let ts: string;
    // Slack answers with the channel's id even when the catalogue names it (`#triage`): the id is
    // what later calls (update, members, history) need.
    let channel = this.opts.channel;
    try {
      const res = await this.opts.client.chat.postMessage({
        channel: this.opts.channel,
        text: built.text,
        blocks: built.blocks,
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: REPORT_EVENT_TYPE, event_payload: { reference: report.reference, case_key: key } },
      });
      if (typeof res.ts !== 'string') throw new SlackTriageError('no_ts', false, 'chat.postMessage answered without a ts');
      ts = res.ts;
      if (typeof res.channel === 'string' && res.channel !== '') channel = res.channel;
    } catch (error) {
      const e = classifySlackError(error, 'chat.postMessage');
      // A refusal is certain (nothing was posted); anything else stays `sending` and the retry searches.
      if (cases && e.permanent) {
        await cases.put({ ...base, state: 'rejected', agencyErrors: [{ code: e.code, description: e.reason }], updatedAt: this.now().toISOString() });
      }
      throw e;
    }
    if (cases) await cases.put(this.created({ ...base, state: 'sending', updatedAt: startedAt }, ts, channel));
  }

  private created(c: AgencyCase, ts: string, channel: string = this.opts.channel): AgencyCase {
    const { attemptStartedAt: _attempt, agencyErrors: _errors, ...rest } = c;
    return { ...rest, state: 'created', slack: { channel, ts }, triage: c.triage ?? initialTriage(), updatedAt: this.now().toISOString() };
  }

  /** The ts of the card an uncertain attempt posted, if the channel has it; null if not. */
  private async findEarlierPost(key: string, attemptStartedAt: string): Promise<string | null> {
    const oldest = (Date.parse(attemptStartedAt) - (this.opts.searchSlackMs ?? 10 * 60_000)) / 1000;
    let cursor: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      let res: Awaited<ReturnType<WebClient['conversations']['history']>>;
      try {
        res = await this.opts.client.conversations.history({
          channel: this.opts.channel,
          oldest: oldest.toFixed(6),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
      } catch (error) {
        // Cannot check: a permanent error dead-letters; anything else is retried rather than risk a second card.
        throw classifySlackError(error, 'conversations.history');
      }
      const found = (res.messages ?? []).find((m) => m.metadata?.event_type === REPORT_EVENT_TYPE && (m.metadata.event_payload as { case_key?: unknown } | undefined)?.case_key === key);
      if (found?.ts) return found.ts;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) return null;
    }
    return null;
  }
}
