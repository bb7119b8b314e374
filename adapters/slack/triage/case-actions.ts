/**
 * What a triage action does, apart from Slack's request shapes (actions.ts): check who acts,
 * take the case's short lock, record the action on the case, update the card in place, then
 * tell the citizen. An action that changes nothing (Acknowledge twice) is a no-op: no record,
 * no card update, no second message to the citizen.
 */
import crypto from 'node:crypto';
import type { AgencyCase, TriageHistoryEntry, TriageStatus } from '../../../src/cases/types';
import { errorSummary } from '../../../src/log';
import { initialTriage, retriage, type CaseTriage, type KnownBlock, type TriageAction } from './card';
import type { TriageDeps } from './deps';
import { ChannelMembers } from './permissions';
import { triageStrings as s } from './strings';

export type ActionOutcome = 'done' | 'noop' | 'busy' | 'forbidden' | 'unknown_case';

const STATUS_OF: Partial<Record<TriageAction, TriageStatus>> = { ack: 'acknowledged', in_progress: 'in_progress', resolved: 'closed', reject: 'rejected' };

const membersOf = new WeakMap<TriageDeps, ChannelMembers>();

function members(deps: TriageDeps): ChannelMembers {
  if (deps.members) return deps.members;
  let m = membersOf.get(deps);
  if (!m) {
    m = new ChannelMembers(deps.client, deps.membersTtlMs ?? 60_000);
    membersOf.set(deps, m);
  }
  return m;
}

/** The case behind a card, if it is one of ours. */
export async function triageCase(deps: Pick<TriageDeps, 'cases'>, key: string): Promise<(AgencyCase & { slack: { channel: string; ts: string } }) | null> {
  const c = await deps.cases.get(key);
  return c?.slack ? (c as AgencyCase & { slack: { channel: string; ts: string } }) : null;
}

export async function mayAct(deps: TriageDeps, channel: string, user: string): Promise<boolean> {
  if (deps.allowedUsers?.includes(user)) return true;
  try {
    return await members(deps).isMember(channel, user);
  } catch (error) {
    deps.logger?.warn({ err: errorSummary(error) }, 'slack triage: could not read the channel members; refusing');
    return false;
  }
}

export interface ActionRequest {
  key: string;
  action: TriageAction;
  user: string;
  text?: string;
  /** The card's current blocks when the request carries them (block_actions); fetched otherwise. */
  blocks?: KnownBlock[];
  /** Already checked (the modal was opened after a check; the submission checks again). */
  skipPermission?: boolean;
  /** Called once the action is recorded, before the card and the citizen (a modal's ack within Slack's 3 s). */
  afterRecord?: () => Promise<void>;
}

export async function applyAction(deps: TriageDeps, req: ActionRequest): Promise<ActionOutcome> {
  const first = await triageCase(deps, req.key);
  if (!first) return 'unknown_case';
  if (!req.skipPermission && !(await mayAct(deps, first.slack.channel, req.user))) return 'forbidden';
  // A short per-case lock around read-decide-write: a double click or a colleague's click in the
  // same instant waits its turn (answered "busy"), then sees the new state (a repeat is a no-op).
  const lock = `triage:${req.key}`;
  if (!(await deps.cases.lease(lock, deps.lockMs ?? 3000))) return 'busy';
  let c: AgencyCase & { slack: { channel: string; ts: string } };
  let next: CaseTriage;
  let entry: TriageHistoryEntry;
  try {
    c = (await triageCase(deps, req.key)) ?? first;
    const triage = c.triage ?? initialTriage();
    const target = STATUS_OF[req.action];
    if (target !== undefined && target === triage.status && req.action !== 'reject') return 'noop';
    entry = { action: req.action, by: req.user, at: now(deps).toISOString(), ...(req.text ? { text: req.text } : {}) };
    next = { ...triage, status: target ?? triage.status, history: [...triage.history, entry] };
    await deps.cases.put({ ...c, triage: next, updatedAt: entry.at });
  } finally {
    await deps.cases.release(lock).catch(() => undefined);
  }
  await req.afterRecord?.();
  await updateCard(deps, c, next, req.blocks);
  await tellCitizen(deps, c, req, next.status, entry.at);
  return 'done';
}

async function tellCitizen(deps: TriageDeps, c: AgencyCase, req: ActionRequest, status: TriageStatus, at: string): Promise<void> {
  try {
    if (req.action === 'ask') {
      const questionId = crypto.createHash('sha256').update(JSON.stringify([c.key, at, req.user])).digest('base64url').slice(0, 22);
      await deps.askReporter({ reference: c.reference, question: req.text ?? '', caseKey: c.key, questionId });
      return;
    }
    const result = await deps.deliver({ reference: c.reference, status, ...(req.text ? { notes: req.text } : {}) });
    if (result !== undefined && result !== 'delivered') deps.logger?.warn({ caseKey: c.key, result }, 'slack triage: the citizen could not be told');
  } catch (error) {
    deps.logger?.warn({ caseKey: c.key, err: errorSummary(error) }, 'slack triage: telling the citizen failed');
  }
}

/** Swaps the card's triage part; a failure is logged (the case record is the truth). */
export async function updateCard(deps: Pick<TriageDeps, 'client' | 'timezone' | 'logger'>, c: AgencyCase & { slack: { channel: string; ts: string } }, triage: CaseTriage, blocks?: KnownBlock[]): Promise<void> {
  try {
    const current = blocks ?? (await fetchBlocks(deps, c.slack.channel, c.slack.ts));
    const opts = { caseKey: c.key, ...(deps.timezone ? { timezone: deps.timezone } : {}) };
    await deps.client.chat.update({
      channel: c.slack.channel,
      ts: c.slack.ts,
      text: `${s.header(c.reference, '')}${s.statuses[triage.status]}`,
      blocks: retriage(current, triage, opts),
    });
  } catch (error) {
    deps.logger?.warn({ caseKey: c.key, err: errorSummary(error) }, 'slack triage: could not update the card');
  }
}

async function fetchBlocks(deps: Pick<TriageDeps, 'client'>, channel: string, ts: string): Promise<KnownBlock[]> {
  const res = await deps.client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const message = (res.messages ?? []).find((m) => m.ts === ts);
  // The history response types blocks loosely; they are the blocks this module posted.
  return (message?.blocks ?? []) as unknown as KnownBlock[];
}

function now(deps: TriageDeps): Date {
  return deps.now ? deps.now() : new Date();
}
