/**
 * Block reporter, from a triage card (FixMyStreet's abuse list): the modal's reason is required;
 * the block is keyed on the reporter's conversation by the runtime (abuse-list.ts), recorded on
 * the case's history with who, when and why like every other action, and shown on the card.
 * The reporter is not messaged now: their next message gets the "can no longer send reports"
 * reply (once a day). Permission is checked by the caller (actions.ts), as for every action.
 */
import { errorSummary } from '../../../src/log';
import { initialTriage } from './card';
import { triageCase, updateCard } from './case-actions';
import type { TriageDeps } from './deps';

export type BlockFromCardOutcome = 'done' | 'already_blocked' | 'unknown_case' | 'unavailable' | 'busy';

export async function blockFromCard(deps: TriageDeps, req: { key: string; user: string; reason: string; afterRecord?: () => Promise<void> }): Promise<BlockFromCardOutcome> {
  const c = await triageCase(deps, req.key);
  if (!c) return 'unknown_case';
  if (!deps.abuse) return 'unavailable';
  const lock = `triage:${req.key}`;
  if (!(await deps.cases.lease(lock, deps.lockMs ?? 3000))) return 'busy';
  let next: NonNullable<typeof c.triage>;
  try {
    const outcome = await deps.abuse.block({ reference: c.reference, by: req.user, reason: req.reason, channel: c.slack.channel, caseKey: c.key });
    if (outcome.kind === 'already_blocked') return 'already_blocked';
    if (outcome.kind !== 'blocked') return 'unavailable';
    const current = (await triageCase(deps, req.key)) ?? c;
    const triage = current.triage ?? initialTriage();
    next = { ...triage, history: [...triage.history, { action: 'block', by: req.user, at: outcome.block.blockedAt, text: req.reason }] };
    await deps.cases.put({ ...current, triage: next, updatedAt: outcome.block.blockedAt });
  } finally {
    await deps.cases.release(lock).catch((error: unknown) => deps.logger?.debug({ err: errorSummary(error) }, 'slack triage: lock release failed'));
  }
  await req.afterRecord?.();
  await updateCard(deps, c, next);
  return 'done';
}
