/**
 * The abuse list as staff use it (Slack: the triage card's Block reporter, `/wegov blocked`,
 * `/wegov unblock <reference>`): by report reference, never by a channel's id. The reference
 * leads to its conversation (store.lookupReference) and the block is keyed on that conversation
 * id, so it covers every later message of that person on that channel, whichever report they
 * are on. What a block keeps (src/abuse/types.ts): no message text; "delete my data" does not
 * lift it, and a block stays findable by its reference after the conversation is erased.
 */
import type { BlockEntry } from '../abuse/types';
import { sessionSchema } from '../engine/session-schema';
import type { RuntimeDeps } from './deps';

/** A block as staff see it: everything but the conversation id. */
export type BlockedReporter = Omit<BlockEntry, 'identity'>;

export interface BlockRequest {
  reference: string;
  /** Slack user id of the staff member. */
  by: string;
  reason: string;
  /** The triage card it came from (who may lift it; where the unblock is recorded). */
  channel?: string;
  caseKey?: string;
}

export type BlockOutcome =
  | { kind: 'blocked'; block: BlockedReporter }
  | { kind: 'already_blocked'; block: BlockedReporter }
  /** The reference is unknown or its conversation is gone: nothing to block. */
  | { kind: 'unknown_reference' }
  /** Abuse controls are not wired in (embedding without them). */
  | { kind: 'unavailable' };

export type UnblockOutcome = { kind: 'unblocked'; block: BlockedReporter } | { kind: 'not_blocked' } | { kind: 'forbidden' } | { kind: 'unavailable' };

const DAY_MS = 86_400_000;

/** Blocks the conversation behind `reference` for WEGOV_ABUSE_BLOCK_DAYS. */
export async function blockReporter(deps: RuntimeDeps, req: BlockRequest): Promise<BlockOutcome> {
  const abuse = deps.abuse;
  if (!abuse) return { kind: 'unavailable' };
  const identity = await deps.store.lookupReference(req.reference);
  if (identity === null) return { kind: 'unknown_reference' };
  const now = deps.env.now();
  const entry: BlockEntry = {
    identity,
    reference: req.reference,
    ...optional('agencyId', await agencyOf(deps, identity, req.reference)),
    ...optional('channel', req.channel),
    ...optional('caseKey', req.caseKey),
    blockedBy: req.by,
    blockedAt: now.toISOString(),
    reason: req.reason,
    expiresAt: new Date(now.getTime() + abuse.blockDays * DAY_MS).toISOString(),
  };
  const result = await abuse.store.block(entry, now.getTime());
  // This process stops trusting its recent "not blocked" for the conversation at once.
  abuse.recent.forget(identity);
  deps.logger.info({ reference: req.reference, outcome: result.kind }, 'reporter block requested by staff');
  return result.kind === 'blocked' ? { kind: 'blocked', block: staffView(entry) } : { kind: 'already_blocked', block: staffView(result.entry) };
}

/**
 * Lifts the block of the conversation behind `reference` (the reference it was blocked for, or
 * any other report of that conversation). `may` decides who may lift it (the adapter's rule).
 */
export async function unblockReporter(deps: RuntimeDeps, reference: string, may: (block: BlockedReporter) => Promise<boolean>): Promise<UnblockOutcome> {
  const abuse = deps.abuse;
  if (!abuse) return { kind: 'unavailable' };
  const now = deps.env.now().getTime();
  const live = await abuse.store.blocked(now);
  const identity = await deps.store.lookupReference(reference);
  const entry = live.find((e) => e.reference === reference) ?? live.find((e) => identity !== null && e.identity === identity);
  if (!entry) return { kind: 'not_blocked' };
  if (!(await may(staffView(entry)))) return { kind: 'forbidden' };
  const lifted = await abuse.store.unblock(entry.identity, now);
  abuse.recent.forget(entry.identity);
  deps.logger.info({ reference: entry.reference }, 'reporter unblocked by staff');
  return lifted ? { kind: 'unblocked', block: staffView(lifted) } : { kind: 'not_blocked' };
}

/** Live blocks as staff see them, oldest first. */
export async function blockedReporters(deps: RuntimeDeps): Promise<BlockedReporter[]> {
  if (!deps.abuse) return [];
  return (await deps.abuse.store.blocked(deps.env.now().getTime())).map(staffView);
}

function staffView(e: BlockEntry): BlockedReporter {
  const { identity: _identity, ...rest } = e;
  return rest;
}

/** The agency of the report (its category's agency), for "contact <agency>" in the reply. */
async function agencyOf(deps: RuntimeDeps, conversationId: string, reference: string): Promise<string | undefined> {
  const loaded = await deps.store.load(conversationId);
  const session = sessionSchema.safeParse(loaded.conversation?.session);
  const result = session.success ? session.data.results.find((r) => r.reference === reference) : undefined;
  return result?.agencyId ?? deps.env.catalog.categories.find((c) => c.id === result?.categoryId)?.agency;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
