/**
 * Writes and reads report records (src/cases/report-record.ts) for the runtime: a record is
 * written when a turn that submitted a report has committed, and its status follows every
 * agency status update. The owner is the person's pseudonym in the `reports` scope (the same
 * keyed hash as "once per person" claims), so "my reports" finds their reports from any
 * conversation of the same channel identity, and the record never holds the identity itself.
 */
import { pointInBoundary } from '../catalog/geo';
import type { Catalog } from '../catalog/types';
import { coarse, REPORTS_SCOPE, type ReportRecord, type ReportRecords } from '../cases/report-record';
import type { EngineEvent } from '../engine/events';
import type { Report } from '../engine/report';
import { errorSummary, type Logger } from '../log';
import { participantId } from './once-claims';
import type { RuntimeDeps } from './deps';

/** The owner pseudonym of `person`, or undefined when the deployment has no pseudonym secret. */
export function reportOwner(deps: Pick<RuntimeDeps, 'participation'>, person: string): string | undefined {
  return deps.participation ? participantId(deps.participation.secret, REPORTS_SCOPE, person) : undefined;
}

/** The record of a just-submitted report: no text, no contact, the point rounded. */
export function recordOf(report: Report, catalog: Pick<Catalog, 'jurisdiction'>, owner: string | undefined): ReportRecord {
  const point = 'lat' in report.location ? report.location : undefined;
  const districtId = point ? catalog.jurisdiction.districts.find((d) => pointInBoundary(d.boundary, point.lat, point.lon))?.id : undefined;
  return {
    reference: report.reference,
    agencyId: report.agencyId,
    categoryId: report.categoryId,
    submittedAt: report.submittedAt,
    updatedAt: report.submittedAt,
    status: 'open',
    ...(districtId !== undefined ? { districtId } : {}),
    ...(point ? { point: { lat: coarse(point.lat), lon: coarse(point.lon) } } : {}),
    ...(owner !== undefined ? { owner } : {}),
  };
}

/**
 * After a commit: a record for each report the turn submitted. A failure is logged, not thrown
 * (the report itself is committed and queued; only the lookup by reference would miss it).
 */
export async function recordReports(
  deps: Pick<RuntimeDeps, 'reports' | 'participation' | 'env' | 'logger'>,
  events: readonly EngineEvent[],
  person: string,
): Promise<void> {
  const reports = deps.reports;
  if (!reports) return;
  for (const e of events) {
    if (e.type !== 'result_submitted' || e.kind !== 'report') continue;
    const report = e.payload as unknown as Report;
    try {
      await reports.put(recordOf(report, deps.env.catalog, reportOwner(deps, person)));
    } catch (error) {
      deps.logger.warn({ reference: report.reference, err: errorSummary(error) }, 'report record not written');
    }
  }
}

/** An agency's status for a report: the record follows it (no record: nothing to do). */
export async function recordStatus(reports: ReportRecords | undefined, logger: Logger, update: { reference: string; status: ReportRecord['status']; notes?: string }, at: string): Promise<ReportRecord | null> {
  if (!reports) return null;
  try {
    return await reports.setStatus(update.reference, update.status, update.notes, at);
  } catch (error) {
    logger.warn({ reference: update.reference, err: errorSummary(error) }, 'report record status not written');
    return null;
  }
}

