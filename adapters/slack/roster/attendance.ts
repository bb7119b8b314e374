/**
 * Staff marking attendance on a shift's roster card (issue 13, "staff can mark attendance in
 * Slack"): a "Mark attended" / "Not attended" click (attendance-value.ts) is accepted only
 *  1. with a value of ours (zod), from the very card this sink keeps for that shift (the clicked
 *     message's channel and ts are the card store's), so no value names a shift of another card;
 *     or from `/wegov roster <shift>` asked in that card's channel (an ephemeral copy of the card:
 *     its channel must be the card's), whose copy is then redrawn too (through its response_url);
 *  2. from a member of the card's channel (conversations.members, cached: triage/permissions.ts)
 *     or someone on the triage allow-list, like the triage buttons;
 * then the module records it (RosterProvider.markAttendance: the volunteer's per-shift ref,
 * resolved among that shift's confirmed places, in the store check-ins use, idempotent, with the
 * staff member's Slack id kept in the mark and never shown) and the card is redrawn in place from
 * a fresh snapshot ("✓ Attended"), under the same per-card lease as deliveries (delivery.ts), so
 * a sign-up delivered in that instant cannot put back an older card. Refusals are ephemeral, in
 * the clicking person's Slack language; a recorded click needs no other answer than the card.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CaseStore } from '../../../src/cases/types';
import { errorSummary, type Logger } from '../../../src/log';
import type { AttendanceMarkOutcome, RosterProvider } from '../../../src/modules/rosters';
import { ATTENDANCE_ACTION, parseAttendanceButton } from './attendance-value';
import { rosterCard } from './card';
import type { RosterCardStore } from './card-store';
import { rosterLease, updateCard } from './delivery';
import { rosterText } from './strings';

export interface RosterAttendanceDeps {
  client: WebClient;
  rosters: RosterProvider;
  /** The card store the outbox's Slack sinks keep (the same instance in a process without Redis). */
  cards: RosterCardStore;
  /** The per-card lease. */
  cases: CaseStore;
  isMember(channel: string, user: string): Promise<boolean>;
  /** Slack user ids who may act on any card (SLACK_TRIAGE_ALLOWED_USERS). */
  allowedUsers?: readonly string[];
  /** The clicking person's language (their Slack locale, else the deployment's). */
  localeOf(teamId: string | undefined, user: string): Promise<string>;
  /** The card's language (the deployment's working language) and the jurisdiction's time zone. */
  cardLocale: string;
  timezone: string;
  now: () => Date;
  logger?: Logger;
  /** How long a redraw waits for a delivery holding the card's lease. Default 5 s. */
  leaseWaitMs?: number;
}

export interface AttendanceClick {
  actionId: string;
  value: string | undefined;
  user: string;
  channel: string | undefined;
  messageTs: string | undefined;
  /** The click came from an ephemeral copy of the card (`/wegov roster <shift>` in its channel). */
  ephemeral?: boolean;
}

export type ClickOutcome = AttendanceMarkOutcome | 'invalid' | 'forbidden';

/** The ephemeral answer to each outcome (`slack_roster.<key>`); none when the redrawn card says it. */
const ANSWER: Partial<Record<ClickOutcome, string>> = {
  invalid: 'attendance_invalid',
  unknown_shift: 'attendance_invalid',
  forbidden: 'attendance_not_allowed',
  not_open: 'attendance_not_open',
  closed: 'attendance_closed',
  unknown_volunteer: 'attendance_unknown_volunteer',
};

/** Checks and records one click, then redraws the card (not for a refused click). */
export async function markFromCard(deps: RosterAttendanceDeps, click: AttendanceClick): Promise<ClickOutcome> {
  const button = parseAttendanceButton(click.actionId, click.value);
  if (!button || !deps.rosters.markAttendance) return 'invalid';
  const record = await deps.cards.get(button.sinkKey, button.shiftId);
  if (!record || record.channel !== click.channel || (!click.ephemeral && record.ts !== click.messageTs)) return 'invalid';
  if (!(await mayMark(deps, record.channel, click.user))) return 'forbidden';
  const now = deps.now();
  const outcome = await deps.rosters.markAttendance({ shiftId: button.shiftId, ref: button.ref, attended: button.attended, by: `slack:${click.user}` }, now);
  // Too early changes nothing on the card; every other answer may (a closed window drops the buttons).
  if (outcome !== 'not_open' && outcome !== 'unknown_shift') await redraw(deps, button.sinkKey, button.shiftId, record);
  return outcome;
}

async function mayMark(deps: RosterAttendanceDeps, channel: string, user: string): Promise<boolean> {
  if (deps.allowedUsers?.includes(user)) return true;
  try {
    return await deps.isMember(channel, user);
  } catch (error) {
    deps.logger?.warn({ err: errorSummary(error) }, 'slack roster: could not read the channel members; refusing');
    return false;
  }
}

async function redraw(deps: RosterAttendanceDeps, sinkKey: string, shiftId: string, record: { channel: string; ts: string }): Promise<void> {
  const lease = rosterLease(sinkKey, shiftId);
  const held = await waitForLease(deps, lease);
  try {
    const snapshot = await deps.rosters.roster(shiftId, deps.cardLocale);
    if (!snapshot) return;
    const card = rosterCard(snapshot, { locale: deps.cardLocale, timezone: deps.timezone, attendance: { sinkKey, now: deps.now() } });
    // A card deleted in Slack is posted again by the next delivery; the mark is recorded either way.
    if (!(await updateCard(deps.client, record, card))) deps.logger?.warn({ shiftId }, 'slack roster: the card was deleted; the next change posts it again');
  } finally {
    if (held) await deps.cases.release(lease).catch(() => undefined);
  }
}

/** Takes the card's lease, waiting for a delivery that holds it; false when it did not come free in time (redrawn anyway). */
async function waitForLease(deps: RosterAttendanceDeps, lease: string): Promise<boolean> {
  const until = Date.now() + (deps.leaseWaitMs ?? 5000);
  for (;;) {
    if (await deps.cases.lease(lease, 15_000)) return true;
    if (Date.now() >= until) {
      deps.logger?.warn({ lease }, 'slack roster: the card stayed busy; redrawing without the lease');
      return false;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function registerRosterAttendance(app: App, deps: RosterAttendanceDeps): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ATTENDANCE_ACTION }, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container.channel_id;
    const ephemeral = body.container.is_ephemeral === true;
    let answer: string | undefined;
    try {
      const outcome = await markFromCard(deps, { actionId: action.action_id, value: action.value, user, channel, messageTs: body.message?.ts ?? body.container.message_ts, ephemeral });
      answer = ANSWER[outcome];
      // The ephemeral copy the click came from shows the same as the channel's card now.
      const button = ephemeral && outcome !== 'invalid' && outcome !== 'forbidden' ? parseAttendanceButton(action.action_id, action.value) : null;
      const snapshot = button ? await deps.rosters.roster(button.shiftId, deps.cardLocale) : null;
      if (button && snapshot) await respond({ replace_original: true, ...rosterCard(snapshot, { locale: deps.cardLocale, timezone: deps.timezone, attendance: { sinkKey: button.sinkKey, now: deps.now() } }) });
    } catch (error) {
      deps.logger?.warn({ err: errorSummary(error) }, 'slack roster: an attendance click failed');
      answer = 'attendance_failed';
    }
    if (answer === undefined || typeof channel !== 'string') return;
    try {
      const locale = await deps.localeOf(body.team?.id, user);
      await deps.client.chat.postEphemeral({ channel, user, text: rosterText(locale, answer) });
    } catch (error) {
      deps.logger?.warn({ err: errorSummary(error) }, 'slack roster: could not send an ephemeral message');
    }
  });
}
