import crypto from 'node:crypto';
import type { CaseStatus, Input } from '../engine/input';
import { errorSummary } from '../log';
import type { RuntimeDeps } from './deps';
import type { ReportRecord } from '../cases/report-record';
import { recordStatus } from './report-records';
import { storedMeta } from './stored-meta';
import { runTurn } from './turn';

/** An agency's answer about a case, from a sink, a public servant or the admin API. */
export interface StatusUpdate {
  reference: string;
  status: CaseStatus;
  notes?: string;
}

/** What happened to a status update. */
export type StatusUpdateResult = 'delivered' | 'unknown_reference' | 'conversation_gone';

/**
 * Feeds a status update into the conversation the reference belongs to, as a turn of its own.
 * The rendered messages reach the person's open chats through the commit's publication (web
 * chat's live events), and through the channel's proactive delivery when it has one (Telegram
 * sends them as messages). The report's record (report-records.ts) takes the status too, whether or
 * not the conversation is still there (a merged duplicate's record keeps its status: only a
 * note reaches its reporter). A repeated push (duplicate) is not sent again. The
 * dedupe id is derived from the update's content, so the same push twice is applied once.
 */
export async function deliverStatusUpdate(deps: RuntimeDeps, update: StatusUpdate): Promise<StatusUpdateResult> {
  // The report's record follows first: "status WG-…" answers from it after the conversation expired.
  const recorded = await recordStatus(deps.reports, deps.logger, update, deps.env.now().toISOString());
  // A duplicate merged into another report (report-merge.ts) is closed and its reporter follows
  // that one: a bare status for it (the agency closing its copy) is not news to anyone. A note
  // (a staff reply) still reaches its reporter.
  if (recorded?.mergedInto !== undefined && !update.notes) return 'delivered';
  const { result, conversationId } = await ownerTurn(
    deps,
    update.reference,
    { kind: 'status_update', reference: update.reference, status: update.status, ...(update.notes ? { notes: update.notes } : {}) },
    `su:${contentKey([update.reference, update.status, update.notes ?? ''])}`,
  );
  // The reporter's own conversation heard it as the reporter (or is gone): never a second time as a follower.
  if (recorded && recorded.mergedInto === undefined) await notifyFollowers(deps, recorded, update, conversationId);
  // A known report whose conversation has expired is not unknown: its record took the update.
  return result === 'unknown_reference' && recorded ? 'conversation_gone' : result;
}

/**
 * Runs an agency's input (a status update, a question) as a turn of the conversation that owns
 * `reference`, then hands the reply to the person's channel. `dedupeId` makes a repeat a no-op.
 */
export async function agencyTurn(deps: RuntimeDeps, reference: string, input: Input, dedupeId: string): Promise<StatusUpdateResult> {
  return (await ownerTurn(deps, reference, input, dedupeId)).result;
}

/** {@link agencyTurn}, also naming the conversation it ran in (null: the reference names none). */
async function ownerTurn(deps: RuntimeDeps, reference: string, input: Input, dedupeId: string): Promise<{ result: StatusUpdateResult; conversationId: string | null }> {
  const conversationId = await deps.store.lookupReference(reference);
  if (conversationId === null) return { result: 'unknown_reference', conversationId };
  const result = await proactiveTurn(deps, conversationId, 'status', input, dedupeId);
  return { result: result === 'duplicate' ? 'delivered' : result, conversationId };
}

/**
 * A turn no person typed (an agency's update, a module's notice) in `conversationId`, whose reply
 * is then handed to the conversation's channel; a repeated `dedupeId` is applied once and not sent again.
 */
export async function proactiveTurn(deps: RuntimeDeps, conversationId: string, channel: string, input: Input, dedupeId: string): Promise<'delivered' | 'duplicate' | 'conversation_gone'> {
  const result = await runTurn(deps, { conversationId, channel, input, dedupeId });
  switch (result.kind) {
    case 'ok':
      if (result.duplicate) return 'duplicate';
      await deliverProactively(deps, conversationId, result.messages);
      return 'delivered';
    case 'not_found':
      return 'conversation_gone';
    case 'busy':
      // Contention on one conversation is transient; callers see it as the store being busy.
      throw new BusyError();
    case 'unauthorized':
    case 'limited':
    case 'closed':
      // No authorize callback, allowance nor question is passed, so none can happen; keep the union exhaustive.
      throw new Error(`proactive turn was refused (${result.kind})`);
  }
}

/** Hands the messages to the conversation's channel (one extra load, only when channels registered a delivery). */
async function deliverProactively(deps: RuntimeDeps, conversationId: string, messages: Extract<Awaited<ReturnType<typeof runTurn>>, { kind: 'ok' }>['messages']): Promise<void> {
  if (!deps.proactive || messages.length === 0) return;
  const loaded = await deps.store.load(conversationId);
  const channel = loaded.conversation ? storedMeta(loaded.conversation.session).channel : undefined;
  const deliver = channel !== undefined ? deps.proactive[channel] : undefined;
  if (!deliver) return;
  try {
    await deliver(conversationId, messages);
  } catch (error) {
    // The update is committed and in the transcript; a channel failure must not make the caller retry it.
    deps.logger.warn({ channel, err: errorSummary(error) }, 'proactive delivery failed');
  }
}

/** A turn could not commit because of contention; retry shortly (HTTP 503 `busy`). */
export class BusyError extends Error {
  readonly code = 'busy';
  constructor() {
    super('the conversation is busy; try again shortly');
    this.name = 'BusyError';
  }
}

/** A short stable digest of some values (dedupe ids derived from content). */
export function contentKey(values: readonly string[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 32);
}

/**
 * Tells each conversation that follows the report (issue 16) about its new status, as the
 * report module's notice `followed`, in the follower's language; the agency's note only when its
 * notes are public. A follower whose conversation has gone is skipped (they can follow again), and
 * so is the reporter's own conversation (`reporter`), told already.
 */
async function notifyFollowers(deps: RuntimeDeps, record: ReportRecord, update: { status: ReportRecord['status']; notes?: string }, reporter: string | null): Promise<void> {
  if (!deps.reports) return;
  const followers = await deps.reports.followers(record.reference);
  if (followers.length === 0) return;
  const notesPublic = deps.env.catalog.agencies.find((a) => a.id === record.agencyId)?.publicNotes === true;
  const data = { reference: record.reference, categoryId: record.categoryId, status: update.status, ...(notesPublic && update.notes ? { notes: update.notes } : {}) };
  for (const conversationId of followers) {
    if (conversationId === reporter) continue;
    try {
      await proactiveTurn(deps, conversationId, 'notice', { kind: 'notice', module: 'report', notice: 'followed', data }, `nt:follow:${contentKey([record.reference, update.status, update.notes ?? ''])}`);
    } catch (error) {
      deps.logger.warn({ reference: record.reference, err: errorSummary(error) }, 'status update to a follower failed');
    }
  }
}
