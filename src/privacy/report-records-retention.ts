import type { ReportRecords } from '../cases/report-record';
import type { ModuleRetention } from '../modules/services';

const DAY_MS = 86_400_000;

/** Report records go with the cases: those not written for `casesDays` are deleted by the retention job. */
export function reportRecordsRetention(reports: Pick<ReportRecords, 'deleteUpdatedBefore'>, casesDays: number, now: () => Date = () => new Date()): ModuleRetention {
  return { name: 'reportRecords', sweep: () => reports.deleteUpdatedBefore(new Date(now().getTime() - casesDays * DAY_MS)) };
}
