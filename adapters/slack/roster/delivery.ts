/**
 * Delivering a change to a shift (a `volunteer_signup`, and any later kind that names a shift,
 * e.g. a cancellation) to the agency's Slack channel: the shift's roster card is posted once and
 * then updated in place (chat.update on the same ts, kept in card-store.ts), redrawn from a fresh
 * roster snapshot, so deliveries in any order converge on the latest state. The thread hears
 * "half full" and "full" once each, when first crossed.
 *
 * One delivery per shift at a time: a short lease per card (CaseStore.lease) keeps two workers
 * from both posting a first card; a delivery that finds it taken fails retryably and the queue
 * tries again. A notice is recorded after it is posted: a crash between the two may repeat it
 * (at least once), never lose it. A first post whose outcome is unknown (timeout) is retried as
 * a new post (unlike triage cards, no history search yet: noted in the README).
 */
import type { WebClient } from '@slack/web-api';
import type { CaseStore } from '../../../src/cases/types';
import type { RosterProvider } from '../../../src/modules/rosters';
import type { DeliveryContext } from '../../../src/sinks/types';
import type { Submission } from '../../../src/state/types';
import { escapeMrkdwn } from '../render';
import { classifySlackError, SlackTriageError } from '../triage/errors';
import { crossed, rosterCard } from './card';
import type { RosterCardStore } from './card-store';
import { rosterText } from './strings';

/** Message metadata of roster cards (a later search can find a card by its shift). */
export const ROSTER_EVENT_TYPE = 'wegov_roster';

/** The result kinds that change a shift's roster (each payload names its `shiftId`). */
export const ROSTER_KINDS: readonly string[] = ['volunteer_signup', 'volunteer_cancellation'];

export interface RosterCardDeps {
  client: WebClient;
  /** The channel as the catalogue names it (Slack answers with its id, which is kept). */
  channel: string;
  rosters: RosterProvider;
  cards: RosterCardStore;
  /** The per-card lease; without it (unit tests) deliveries are not serialised. */
  cases?: CaseStore;
  /** The card's language (the deployment's working language) and time zone. */
  locale: string;
  timezone: string;
  leaseMs?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function deliverRosterCard(deps: RosterCardDeps, submission: Submission, ctx?: DeliveryContext): Promise<void> {
  const p = submission.payload as unknown;
  const shiftId = isRecord(p) && typeof p.shiftId === 'string' ? p.shiftId : undefined;
  if (!shiftId) throw new SlackTriageError('invalid_roster_change', true, `submission ${submission.id} names no shift`);
  const sinkKey = ctx?.sinkKey ?? 'slack';
  const lease = `slack-roster:${sinkKey}:${shiftId}`;
  if (deps.cases && !(await deps.cases.lease(lease, deps.leaseMs ?? 15_000))) {
    throw new SlackTriageError('roster_busy', false, `the roster card of ${shiftId} is being updated by another delivery`);
  }
  try {
    const pending = isRecord(p) && typeof p.id === 'string' && isRecord(p.answers) ? { signUpId: p.id, answers: p.answers } : undefined;
    const snapshot = await deps.rosters.roster(shiftId, deps.locale, pending);
    // A shift no longer in the catalogue has no card to draw: nothing to retry.
    if (!snapshot) return;
    const card = rosterCard(snapshot, { locale: deps.locale, timezone: deps.timezone });
    const earlier = await deps.cards.get(sinkKey, shiftId);
    let record = earlier;
    if (record) {
      try {
        await deps.client.chat.update({ channel: record.channel, ts: record.ts, text: card.text, blocks: card.blocks });
      } catch (error) {
        const e = classifySlackError(error, 'chat.update');
        // The card was deleted in Slack: post a new one below.
        if (e.code !== 'message_not_found') throw e;
        record = null;
      }
    }
    if (!record) {
      let res: Awaited<ReturnType<WebClient['chat']['postMessage']>>;
      try {
        res = await deps.client.chat.postMessage({
          channel: deps.channel,
          text: card.text,
          blocks: card.blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: ROSTER_EVENT_TYPE, event_payload: { shift_id: shiftId } },
        });
      } catch (error) {
        throw classifySlackError(error, 'chat.postMessage');
      }
      if (typeof res.ts !== 'string') throw new SlackTriageError('no_ts', false, 'chat.postMessage answered without a ts');
      // A card posted again (the old one was deleted) keeps the notices already given.
      record = { channel: typeof res.channel === 'string' && res.channel !== '' ? res.channel : deps.channel, ts: res.ts, halfNoticed: earlier?.halfNoticed ?? false, fullNoticed: earlier?.fullNoticed ?? false };
      await deps.cards.put(sinkKey, shiftId, record);
    }
    const now = crossed(snapshot);
    const notices: Array<'half' | 'full'> = [];
    if (now.half && !record.halfNoticed) notices.push('half');
    if (now.full && !record.fullNoticed) notices.push('full');
    for (const notice of notices) {
      const text = rosterText(deps.locale, notice === 'half' ? 'half_full' : 'full', { title: escapeMrkdwn(snapshot.title), taken: snapshot.confirmed, capacity: snapshot.capacity });
      try {
        await deps.client.chat.postMessage({ channel: record.channel, thread_ts: record.ts, text });
      } catch (error) {
        throw classifySlackError(error, 'chat.postMessage');
      }
      // A full shift never announces "half full" afterwards.
      record = { ...record, halfNoticed: true, fullNoticed: record.fullNoticed || notice === 'full' };
      await deps.cards.put(sinkKey, shiftId, record);
    }
  } finally {
    if (deps.cases) await deps.cases.release(lease);
  }
}
