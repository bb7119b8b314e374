/**
 * Report records (src/cases/report-record.ts) for the runtime: a turn that submits a report
 * commits its record with it, in the outbox entry (Submission.record), and the outbox relay
 * writes it when it hands the report over (src/state/settle-submissions.ts): a crash between
 * the commit and the write cannot lose it, and it costs the turn no round trip. Its status
 * follows every agency status update. The owner is the person's pseudonym in the `reports` scope (the same
 * keyed hash as "once per person" claims), so "my reports" finds their reports from any
 * conversation of the same channel identity, and the record never holds the identity itself.
 */
import { pointInBoundary } from '../catalog/geo';
import type { Catalog } from '../catalog/types';
import { coarse, REPORTS_SCOPE, type ReportRecord, type ReportRecords } from '../cases/report-record';
import type { Report } from '../engine/report';
import { errorSummary, type Logger } from '../log';
import { participantId } from './once-claims';
import type { Submission } from '../state/types';
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

/** The turn's submissions, each report's with its record (nothing to add without a record store). */
export function withReportRecords(
  deps: Pick<RuntimeDeps, 'reports' | 'participation' | 'env'>,
  submissions: readonly Submission[],
  person: string,
): Submission[] {
  if (!deps.reports) return [...submissions];
  return submissions.map((s) => (s.kind === 'report' ? { ...s, record: recordOf(s.payload as Report, deps.env.catalog, reportOwner(deps, person)) } : s));
}

/** The calls that look a report up by its reference or owner: they wait for this process's hand-overs. */
const LOOKUPS = new Set<string>(['get', 'ofOwner', 'setStatus', 'open', 'follow', 'followers', 'merge', 'nearby', 'meToo']);

/**
 * Report records as this process uses them: a lookup (LOOKUPS) first waits until the submissions
 * its own turns committed are handed over (OutboxRelay.settled; at once when none is on its way),
 * so "my reports", "status WG-…" or an agency's status right after the report's turn find its
 * record. Every other call (writes, page readers) is the store's own, as it is.
 */
export function afterHandoff(reports: ReportRecords, handoff: () => { settled(): Promise<void> }): ReportRecords {
  return waitingFor(reports, handoff, LOOKUPS);
}

/**
 * `target` whose methods named in `lookups` first wait for this process's hand-overs; e.g. the
 * session store's `lookupReference` (a reference from a claimed block names its conversation once
 * the relay has handed the report over: src/runtime/reference-blocks.ts).
 */
export function waitingFor<T extends object>(target: T, handoff: () => { settled(): Promise<void> }, lookups: ReadonlySet<string>): T {
  return new Proxy(target, {
    get(object, prop, receiver) {
      const value: unknown = Reflect.get(object, prop, receiver);
      if (typeof value !== 'function') return value;
      const waits = typeof prop === 'string' && lookups.has(prop);
      // A function set on the object itself (not a class method) is returned as it is: a test's spy stays a spy.
      if (!waits && Object.prototype.hasOwnProperty.call(object, prop)) return value;
      // A class method runs on the object (its private fields are not the proxy's).
      const method = (value as (...a: unknown[]) => unknown).bind(object);
      if (!waits) return method;
      return async (...args: unknown[]) => {
        await handoff().settled();
        return method(...args);
      };
    },
  });
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

