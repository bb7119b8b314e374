/**
 * `/wegov blocked` and `/wegov unblock <reference>`: the abuse list for staff, by report
 * reference (a chat or user id is never shown). Who may see and lift a block: the members of
 * the triage channel it was set from, and SLACK_TRIAGE_ALLOWED_USERS (who may act anywhere);
 * the list shows each person only the blocks they could lift. An unblock is recorded on the
 * case's history (and its card), as the block was.
 */
import { errorSummary } from '../../src/log';
import { blockedReporters, unblockReporter, type BlockedReporter } from '../../src/runtime/abuse-list';
import type { RuntimeDeps } from '../../src/runtime/deps';
import type { CaseStore } from '../../src/cases/types';
import { escapeMrkdwn, slackText } from './render';
import { initialTriage } from './triage/card';
import { triageCase, updateCard } from './triage/case-actions';
import type { TriageDeps } from './triage/deps';

export interface AbuseCommandDeps {
  runtime: RuntimeDeps;
  cases: CaseStore;
  /** Slack user ids who may act on any case. */
  allowedUsers: readonly string[];
  /** Whether `user` is a member of `channel` (triage/permissions.ts). */
  isMember: (channel: string, user: string) => Promise<boolean>;
  /** For the card update after an unblock. */
  triage: Pick<TriageDeps, 'client' | 'timezone' | 'logger'>;
}

const REFERENCE = /^[A-Za-z]{1,5}-[A-Za-z0-9]{4,12}$/;

/** May `user` see and lift this block? */
async function mayLift(deps: AbuseCommandDeps, block: BlockedReporter, user: string): Promise<boolean> {
  if (deps.allowedUsers.includes(user)) return true;
  if (block.channel === undefined) return false;
  try {
    return await deps.isMember(block.channel, user);
  } catch (error) {
    deps.runtime.logger.warn({ err: errorSummary(error) }, 'slack: could not read the channel members; refusing');
    return false;
  }
}

export async function blockedAnswer(deps: AbuseCommandDeps, user: string, locale: string): Promise<string> {
  const t = (key: string, a?: Record<string, string>): string => slackText(deps.runtime.i18n, `slack.${key}`, locale, a);
  const visible: BlockedReporter[] = [];
  for (const b of await blockedReporters(deps.runtime)) if (await mayLift(deps, b, user)) visible.push(b);
  if (visible.length === 0) return t('blocked_none');
  const lines = visible.map((b) =>
    t('blocked_line', {
      reference: escapeMrkdwn(b.reference),
      by: `<@${b.blockedBy.replace(/[^A-Z0-9]/gi, '')}>`,
      date: b.blockedAt.slice(0, 10),
      until: b.expiresAt.slice(0, 10),
      reason: escapeMrkdwn(b.reason.slice(0, 300)),
    }),
  );
  return [t('blocked_title', { count: String(visible.length) }), ...lines].join('\n');
}

export async function unblockAnswer(deps: AbuseCommandDeps, ref: string | undefined, user: string, locale: string): Promise<string> {
  const t = (key: string, a?: Record<string, string>): string => slackText(deps.runtime.i18n, `slack.${key}`, locale, a);
  if (ref === undefined || !REFERENCE.test(ref)) return t('unblock_usage');
  const reference = ref.toUpperCase();
  const outcome = await unblockReporter(deps.runtime, reference, (b) => mayLift(deps, b, user));
  switch (outcome.kind) {
    case 'forbidden':
      return t('unblock_not_allowed');
    case 'not_blocked':
    case 'unavailable':
      return t('not_blocked', { reference });
    case 'unblocked':
      await recordUnblock(deps, outcome.block, user);
      return t('unblocked', { reference: outcome.block.reference });
  }
}

/** The unblock in the case's history and on its card; a failure is logged (the block is lifted). */
async function recordUnblock(deps: AbuseCommandDeps, block: BlockedReporter, user: string): Promise<void> {
  if (block.caseKey === undefined) return;
  try {
    const c = await triageCase(deps, block.caseKey);
    if (!c) return;
    const triage = c.triage ?? initialTriage();
    const at = deps.runtime.env.now().toISOString();
    const next = { ...triage, history: [...triage.history, { action: 'unblock' as const, by: user, at }] };
    await deps.cases.put({ ...c, triage: next, updatedAt: at });
    await updateCard(deps.triage, c, next);
  } catch (error) {
    deps.runtime.logger.warn({ err: errorSummary(error) }, 'slack: could not record the unblock on the case');
  }
}
