/**
 * WeGov's own stores, as the outbox's "privacy" sink for erasure requests (erasure-request.ts).
 * A withdrawn consent (scope `contact`) only removes contact details from queued copies. For
 * "delete my data":
 * - photos: deleted from the media store (signed-link copies live under the same id);
 * - case records: the reporter's answers in the triage history lose their text, the record is
 *   marked erased (the agency's own statuses and notes stay: they are the agency's words);
 * - report records (src/cases/report-record.ts): they lose their owner ("my reports" forgets them),
 *   and the conversation stops following every report it followed ("follow WG-…");
 * - report references: still reserved (never reissued) but no longer name the conversation;
 * - the delivery queue: every job of the person's reports (waiting, failed, or completed and
 *   kept for idempotency) carries the redacted report from now on.
 * Every step is idempotent, so a retry after a failure (the outbox retries this like any
 * delivery) simply finishes the job.
 */
import type { CaseStore, AgencyCase } from '../cases/types';
import { REPORTS_SCOPE, type ReportRecords } from '../cases/report-record';
import type { Logger } from '../log';
import type { DeliveryQueue } from '../outbox/queue';
import { deliveryJobId } from '../outbox/queue';
import type { Sink } from '../sinks/types';
import type { ParticipationStore } from '../state/participation-store';
import type { MediaStore, SessionStore, Submission } from '../state/types';
import { erasureRequestOf, redactContact, redactSubmission, type ErasureRequest } from './erasure-request';

export interface ErasureSinkDeps {
  media: MediaStore;
  store: Pick<SessionStore, 'forgetReference'>;
  cases?: Pick<CaseStore, 'byReference' | 'put'>;
  /** Report records: the person's lose their owner (the public record of the problem stays); their follows go. */
  reports?: Pick<ReportRecords, 'forgetOwner' | 'forgetFollower'>;
  queue?: Pick<DeliveryQueue, 'rewriteSubmission'>;
  /** "Once per person" claims (consultations): erasure drops the person's. */
  participation?: Pick<ParticipationStore, 'forget'>;
  /** Every sink key a report may have been queued for (job ids are `<submissionId>@<sinkKey>`). */
  sinkKeys: () => readonly string[];
  logger: Logger;
}

/** An erasure request that cannot be read: retrying will not help. */
export class InvalidErasureRequestError extends Error {
  readonly code = 'invalid_erasure_request';
  readonly permanent = true;
  constructor() {
    super('not a valid erasure request');
    this.name = 'InvalidErasureRequestError';
  }
}

export class ErasureSink implements Sink {
  readonly name = 'wegov-privacy';

  constructor(private readonly deps: ErasureSinkDeps) {}

  accepts(kind: Submission['kind']): boolean {
    return kind === 'erasure_request';
  }

  async deliver(submission: Submission): Promise<void> {
    const request = erasureRequestOf(submission);
    if (request === null) throw new InvalidErasureRequestError();
    const { media, store, cases, queue, sinkKeys, logger } = this.deps;
    if (request.scope === 'contact') return this.withdrawContact(request);
    for (const mediaId of request.mediaIds) await media.delete(mediaId);
    // The identity link of their consultation responses: a later response is a new one.
    for (const c of request.claims ?? []) await this.deps.participation?.forget(c.scope, c.participant);
    const owner = request.claims?.find((c) => c.scope === REPORTS_SCOPE)?.participant;
    if (this.deps.reports && (owner !== undefined || request.reports.length > 0)) {
      await this.deps.reports.forgetOwner(owner ?? '', request.reports.map((r) => r.reference));
    }
    const follows = (await this.deps.reports?.forgetFollower(request.conversationId)) ?? 0;
    let caseRecords = 0;
    let jobs = 0;
    for (const report of request.reports) {
      for (const c of (await cases?.byReference(report.reference)) ?? []) {
        await cases?.put(redactCase(c, request.requestedAt));
        caseRecords += 1;
      }
      await store.forgetReference(report.reference);
      if (report.submissionId === undefined || queue === undefined) continue;
      for (const sinkKey of sinkKeys()) {
        if (await queue.rewriteSubmission(deliveryJobId(report.submissionId, sinkKey), redactSubmission)) jobs += 1;
      }
    }
    logger.info({ reports: request.reports.length, photos: request.mediaIds.length, caseRecords, queuedCopies: jobs, follows }, 'personal data erased from WeGov stores');
  }

  /** Consent withdrawn: queued copies of the reports lose their contact details. */
  private async withdrawContact(request: ErasureRequest): Promise<void> {
    const { queue, sinkKeys, logger } = this.deps;
    let jobs = 0;
    for (const report of request.reports) {
      if (report.submissionId === undefined || queue === undefined) continue;
      for (const sinkKey of sinkKeys()) {
        if (await queue.rewriteSubmission(deliveryJobId(report.submissionId, sinkKey), redactContact)) jobs += 1;
      }
    }
    logger.info({ reports: request.reports.length, queuedCopies: jobs }, 'contact details removed from WeGov stores (consent withdrawn)');
  }
}

/** A case without the reporter's own words (their answers to staff questions). */
export function redactCase(c: AgencyCase, erasedAt: string): AgencyCase {
  const triage = c.triage
    ? { ...c.triage, history: c.triage.history.map((h) => (h.by === 'reporter' ? { action: h.action, by: h.by, at: h.at } : h)) }
    : undefined;
  return { ...c, ...(triage ? { triage } : {}), erasedAt };
}
