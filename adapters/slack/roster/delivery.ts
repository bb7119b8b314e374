/**
 * Delivering a change to a shift (a `volunteer_signup`, a `volunteer_cancellation`, a
 * `volunteer_attendance` check-in) to the agency's Slack channel: the shift's roster card is
 * posted once and then updated in place (chat.update on the same ts, kept in card-store.ts),
 * redrawn from a fresh roster snapshot, so deliveries in any order converge on the latest state.
 * The thread hears "half full" and "full" once each, when first crossed (never once the shift is
 * cancelled: the card then says "Cancelled", with the reason).
 *
 * One delivery per shift at a time: a short lease per card (CaseStore.lease, shared with staff's
 * attendance clicks: attendance.ts) keeps two workers from both posting a first card; a delivery
 * that finds it taken fails retryably and the queue tries again. A notice is recorded after it is
 * posted: a crash between the two may repeat it (at least once), never lose it.
 *
 * Exactly one card, like triage cards: before chat.postMessage the card store records that a post
 * started; a post whose outcome is unknown (a timeout, a 5xx) leaves that mark, and the retry
 * first searches the channel's history since then for a card whose metadata names the shift
 * (find-card.ts). Found: that message is updated and kept, nothing is posted again.
 */
import type { WebClient } from '@slack/web-api';
import type { CaseStore } from '../../../src/cases/types';
import type { RosterProvider } from '../../../src/modules/rosters';
import type { DeliveryContext } from '../../../src/sinks/types';
import type { Submission } from '../../../src/state/types';
import { escapeMrkdwn } from '../render';
import { classifySlackError, SlackTriageError } from '../triage/errors';
import { crossed, rosterCard, type RosterCard } from './card';
import type { RosterCardRecord, RosterCardStore } from './card-store';
import { findRosterCard, ROSTER_EVENT_TYPE } from './find-card';
import { rosterText } from './strings';

export { ROSTER_EVENT_TYPE } from './find-card';

/** The result kinds that change a shift's roster (each payload names its `shiftId`). */
export const ROSTER_KINDS: readonly string[] = ['volunteer_signup', 'volunteer_cancellation', 'volunteer_attendance', 'volunteer_shift_cancellation'];

/** The lease both deliveries and attendance clicks take before redrawing a card. */
export const rosterLease = (sinkKey: string, shiftId: string): string => `slack-roster:${sinkKey}:${shiftId}`;

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
  /** The clock (attendance buttons close 7 days after a shift; an uncertain post's start). */
  now?: () => Date;
  /** How far before an uncertain post's start the search looks. Default 10 min (clock skew). */
  searchSlackMs?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function deliverRosterCard(deps: RosterCardDeps, submission: Submission, ctx?: DeliveryContext): Promise<void> {
  const p = submission.payload as unknown;
  const shiftId = isRecord(p) && typeof p.shiftId === 'string' ? p.shiftId : undefined;
  if (!shiftId) throw new SlackTriageError('invalid_roster_change', true, `submission ${submission.id} names no shift`);
  const sinkKey = ctx?.sinkKey ?? 'slack';
  const lease = rosterLease(sinkKey, shiftId);
  if (deps.cases && !(await deps.cases.lease(lease, deps.leaseMs ?? 15_000))) {
    throw new SlackTriageError('roster_busy', false, `the roster card of ${shiftId} is being updated by another delivery`);
  }
  const now = deps.now ?? (() => new Date());
  try {
    const pending = isRecord(p) && typeof p.id === 'string' && isRecord(p.answers) ? { signUpId: p.id, answers: p.answers } : undefined;
    const snapshot = await deps.rosters.roster(shiftId, deps.locale, pending);
    // A shift no longer in the catalogue has no card to draw: nothing to retry.
    if (!snapshot) return;
    const card = rosterCard(snapshot, { locale: deps.locale, timezone: deps.timezone, attendance: { sinkKey, now: now() } });
    const earlier = await deps.cards.get(sinkKey, shiftId);
    let record = earlier && (await updateCard(deps.client, earlier, card)) ? earlier : await postCard(deps, sinkKey, shiftId, card, earlier, now);
    const reached = crossed(snapshot);
    const notices: Array<'half' | 'full'> = [];
    if (reached.half && !record.halfNoticed) notices.push('half');
    if (reached.full && !record.fullNoticed) notices.push('full');
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

/** Redraws a posted card; false when the card was deleted in Slack (post a new one). */
export async function updateCard(client: WebClient, record: Pick<RosterCardRecord, 'channel' | 'ts'>, card: RosterCard): Promise<boolean> {
  try {
    await client.chat.update({ channel: record.channel, ts: record.ts, text: card.text, blocks: card.blocks });
    return true;
  } catch (error) {
    const e = classifySlackError(error, 'chat.update');
    if (e.code !== 'message_not_found') throw e;
    return false;
  }
}

/** Posts the card, unless an earlier post whose outcome was unknown did: then that one is updated and kept. */
async function postCard(deps: RosterCardDeps, sinkKey: string, shiftId: string, card: RosterCard, earlier: RosterCardRecord | null, now: () => Date): Promise<RosterCardRecord> {
  // A card posted again (the old one was deleted) keeps the notices already given.
  const notices = { halfNoticed: earlier?.halfNoticed ?? false, fullNoticed: earlier?.fullNoticed ?? false };
  const since = await deps.cards.posting(sinkKey, shiftId);
  if (since !== null) {
    const ts = await findRosterCard({ client: deps.client, channel: deps.channel, shiftId, sinkKey, since, slackMs: deps.searchSlackMs ?? 10 * 60_000 });
    if (ts !== null) {
      let res: Awaited<ReturnType<WebClient['chat']['update']>>;
      try {
        // The card found shows the snapshot of its own post: this one is newer.
        res = await deps.client.chat.update({ channel: deps.channel, ts, text: card.text, blocks: card.blocks });
      } catch (error) {
        throw classifySlackError(error, 'chat.update');
      }
      return keep(deps, sinkKey, shiftId, { channel: channelOf(res.channel, deps.channel), ts, ...notices });
    }
  }
  // An earlier uncertain attempt's start stays the start: the next search must reach back to it.
  await deps.cards.setPosting(sinkKey, shiftId, since ?? now().toISOString());
  let res: Awaited<ReturnType<WebClient['chat']['postMessage']>>;
  try {
    res = await deps.client.chat.postMessage({
      channel: deps.channel,
      text: card.text,
      blocks: card.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: ROSTER_EVENT_TYPE, event_payload: { shift_id: shiftId, sink_key: sinkKey } },
    });
  } catch (error) {
    const e = classifySlackError(error, 'chat.postMessage');
    // A refusal is certain (nothing was posted); anything else stays uncertain and the retry searches.
    if (e.permanent) await deps.cards.setPosting(sinkKey, shiftId, null);
    throw e;
  }
  if (typeof res.ts !== 'string') throw new SlackTriageError('no_ts', false, 'chat.postMessage answered without a ts');
  return keep(deps, sinkKey, shiftId, { channel: channelOf(res.channel, deps.channel), ts: res.ts, ...notices });
}

async function keep(deps: RosterCardDeps, sinkKey: string, shiftId: string, record: RosterCardRecord): Promise<RosterCardRecord> {
  await deps.cards.put(sinkKey, shiftId, record);
  await deps.cards.setPosting(sinkKey, shiftId, null);
  return record;
}

/** Slack answers with the channel's id even when the catalogue names it: later calls and clicks need the id. */
const channelOf = (answered: unknown, named: string): string => (typeof answered === 'string' && answered !== '' ? answered : named);
