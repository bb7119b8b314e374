/**
 * Merging a duplicate report into the one staff keep (issue 16, FixMyStreet's "duplicate of"):
 * 1. checked: the survivor exists, is not the duplicate itself, and is not itself merged (into
 *    the duplicate: a cycle; into a third report: staff are told to name that one);
 * 2. the report records (src/cases/report-record.ts `merge`): the duplicate is closed with
 *    `mergedInto`, the survivor counts it, the duplicate's followers now follow the survivor;
 * 3. its reporter's conversation follows the survivor too (unless it reported both);
 * 4. its agency cases carry `mergedInto`, and its Open311 cases are no longer polled: the
 *    agency closing the duplicate later must not tell the reporter "closed" a second time
 *    (GeoReport v2 has no way to close a case from outside, so nothing is sent to the agency,
 *    for the duplicate or for the survivor);
 * 5. the reporter's notice (the report module's notice `merged`, in their language) is queued
 *    in the outbox (`queue`, queued-notices.ts) before the caller does anything else, so a
 *    process that dies after the merge (after the Slack card update, before the message) loses
 *    nothing: a worker delivers it;
 * 5b. the agencies of both reports get a `report_merged` result through the outbox (webhook
 *    event `report.merged`, dialogs/report/merged-result.ts), queued the same way (its id is
 *    the pair's and the agency's: queued once however often the merge is repeated);
 * 6. `tell()` of a first merge delivers that notice at once, as a proactive turn of their
 *    conversation like every status update (status-updates.ts). The caller calls it once its
 *    own work is recorded (Slack: after the modal's ack, which must come within 3 s). The queued
 *    notice and `tell` share one dedupe id (of the pair): the reporter hears it exactly once.
 * A repeat (a double click, Slack retrying the submission) completes the idempotent steps 2-5
 * again (queueing the notice again adds nothing) and has no `tell`.
 *
 * Steps 1-4 run under one fleet-wide lease (`report-merge`, CaseStore.lease): the two records
 * live in different Redis slots, so without it "A into B" and "B into A" at the same instant
 * would both pass the check and make a cycle. Merges are rare staff actions: waiting is cheap.
 */
import type { ReportRecords } from '../cases/report-record';
import type { CaseStore } from '../cases/types';
import { errorSummary } from '../log';
import type { RuntimeDeps } from './deps';
import type { Submission } from '../state/types';
import { deliverNotice, type Notice } from './notices';
import { noticeSubmission } from './queued-notices';
import { contentKey } from './status-updates';

export interface MergeRequest {
  /** The duplicate. */
  reference: string;
  /** The report staff keep. */
  into: string;
}

/** What a merge did, or why it was refused (stable codes: adapters word them). */
export type MergeOutcome =
  | { kind: 'merged'; into: string; tell: () => Promise<void> }
  | { kind: 'repeat'; into: string }
  | { kind: 'same' }
  | { kind: 'unknown_target' }
  | { kind: 'cycle' }
  | { kind: 'target_merged'; into: string }
  | { kind: 'already_merged'; into: string }
  /** No report records (or none for the duplicate): nothing to merge. */
  | { kind: 'unavailable' }
  /** Another merge held the lease for too long: try again. */
  | { kind: 'busy' };

/** The lease every merge takes, and how it is waited for (about 2 s, inside Slack's 3 s). */
export const MERGE_LEASE = 'report-merge';
const LEASE_MS = 10_000;
const LEASE_TRIES = 20;
const LEASE_WAIT_MS = 100;

/** Where the reporter's notice is queued (the outbox relay's `submit`); absent: `tell` alone tells them. */
export interface MergeOptions {
  queue?: (submission: Submission) => Promise<void>;
}

/** The result kind the agencies get (dialogs/report/merged-result.ts checks its payload). */
export const MERGED_RESULT_KIND = 'report_merged';

export async function mergeReport(deps: RuntimeDeps, cases: CaseStore, req: MergeRequest, opts: MergeOptions = {}): Promise<MergeOutcome> {
  if (!deps.reports) return { kind: 'unavailable' };
  if (req.reference === req.into) return { kind: 'same' };
  let held = false;
  for (let i = 0; i < LEASE_TRIES && !(held = await cases.lease(MERGE_LEASE, LEASE_MS)); i += 1) await new Promise((r) => setTimeout(r, LEASE_WAIT_MS));
  if (!held) return { kind: 'busy' };
  try {
    return await mergeHeld(deps, deps.reports, cases, req, opts);
  } finally {
    await cases.release(MERGE_LEASE).catch((error: unknown) => deps.logger.debug({ err: errorSummary(error) }, 'report merge: lease release failed'));
  }
}

async function mergeHeld(deps: RuntimeDeps, reports: ReportRecords, cases: CaseStore, req: MergeRequest, opts: MergeOptions): Promise<MergeOutcome> {
  const target = await reports.get(req.into);
  if (!target) return { kind: 'unknown_target' };
  if (target.mergedInto === req.reference) return { kind: 'cycle' };
  if (target.mergedInto !== undefined) return { kind: 'target_merged', into: target.mergedInto };
  const at = deps.env.now().toISOString();
  const claim = await reports.merge(req.reference, req.into, at);
  if (claim.kind === 'unknown') return { kind: 'unavailable' };
  if (claim.kind === 'merged_elsewhere') return { kind: 'already_merged', into: claim.into };

  await markCases(cases, req, at);
  const conversationId = await deps.store.lookupReference(req.reference);
  if (conversationId !== null && (await deps.store.lookupReference(req.into)) !== conversationId) {
    await reports.follow(req.into, conversationId);
  }
  const notice: Notice = {
    module: 'report',
    notice: 'merged',
    data: { reference: req.reference, into: req.into, categoryId: claim.record.categoryId },
    dedupeId: `merged:${contentKey([req.reference, req.into])}`,
  };
  // Durable first (a repeat queues it again: a no-op, or the completion of a merge whose process died before this).
  if (conversationId !== null && opts.queue) {
    try {
      await opts.queue(noticeSubmission(conversationId, notice, at));
    } catch (error) {
      deps.logger.warn({ reference: req.reference, err: errorSummary(error) }, 'the merged report\'s notice could not be queued; told directly only');
    }
  }
  await queueMergedEvents(deps, opts, req, [claim.record.agencyId, target.agencyId], { categoryId: claim.record.categoryId, mergedAt: claim.record.mergedAt ?? at, at });
  if (claim.kind === 'repeat') return { kind: 'repeat', into: req.into };
  const tell = async (): Promise<void> => {
    if (conversationId === null) return;
    try {
      await deliverNotice(deps, conversationId, notice);
    } catch (error) {
      // The merge stands (records, follows, card); only this message is missing.
      deps.logger.warn({ reference: req.reference, err: errorSummary(error) }, 'the merged report\'s reporter could not be told');
    }
  };
  return { kind: 'merged', into: req.into, tell };
}

/** `report_merged` for each agency concerned (once each: ids of the pair and the agency). */
async function queueMergedEvents(deps: RuntimeDeps, opts: MergeOptions, req: MergeRequest, agencies: readonly string[], d: { categoryId: string; mergedAt: string; at: string }): Promise<void> {
  if (!opts.queue) return;
  for (const agencyId of new Set(agencies)) {
    const id = `mg-${contentKey([req.reference, req.into, agencyId])}`;
    try {
      await opts.queue({ id, kind: MERGED_RESULT_KIND, agencyId, conversationId: 'wegov:staff', createdAt: d.at, payload: { reference: req.reference, into: req.into, agencyId, categoryId: d.categoryId, mergedAt: d.mergedAt } });
    } catch (error) {
      // The merge stands; a repeat of it (Slack's retry, staff again) queues it then.
      deps.logger.warn({ reference: req.reference, agency: agencyId, err: errorSummary(error) }, 'report.merged not queued for the agency');
    }
  }
}

/** The duplicate's agency cases: `mergedInto` on each; its Open311 cases leave the status poll. */
async function markCases(cases: CaseStore, req: MergeRequest, at: string): Promise<void> {
  for (const c of await cases.byReference(req.reference)) {
    // A triage card's case is the Slack adapter's to write (under its lock, with the history).
    if (c.slack) continue;
    if (c.mergedInto === undefined) await cases.put({ ...c, mergedInto: req.into, updatedAt: at });
    if (c.state === 'created') await cases.untrack(c.sinkKey, c.key);
  }
}
