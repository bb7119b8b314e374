/**
 * The agency cases of a person's report, for "my data". Cases are keyed by delivery
 * (`<submissionId>@<sinkKey>`, src/cases) and only Open311 and Slack triage sinks keep them,
 * so a report's cases are found directly from its submission id and its agency's case-keeping
 * sinks (sink keys start with `<agencyId>.`): a few GETs, no scan.
 *
 * Sessions written before the session kept submission ids have none: for those the tracked
 * cases of the agency's sinks are searched by reference, which finds a case only while it is
 * tracked (created and not yet closed long enough to stop polling). An index by reference in
 * the CaseStore would close that gap; it does not exist today.
 */
import type { AgencyCase, CaseStore } from '../cases/types';
import { caseKey } from '../cases/types';
import type { Catalog } from '../catalog/types';
import type { ReportRef } from '../engine/report';

/** What a person is shown of an agency's case: its state and status, never staff identities or tokens. */
export interface CaseView {
  /** The agency's own id for the case (Open311 service_request_id), to quote when asking it. */
  agencyCaseId?: string;
  /** sending: the hand-over is in progress; created: the agency has it; rejected: the agency refused it. */
  state: AgencyCase['state'];
  /** The agency's last status (Open311 open/closed, or the triage team's status). */
  status?: string;
  /** The agency's last note to the person. */
  notes?: string;
  updatedAt: string;
}

export interface CaseLookupDeps {
  cases: CaseStore;
  catalog: Catalog;
  /** Keys of the sinks that keep cases (Open311 and Slack triage), from the outbox router. */
  caseSinkKeys: () => readonly string[];
}

/** Finds the cases of one report; an empty list when none exist (a file or webhook agency). */
export function caseLookup(deps: CaseLookupDeps): (report: ReportRef) => Promise<CaseView[]> {
  // ReportRef.submissionId is optional (absent in older sessions): read it as such.
  return async (report: ReportRef & { submissionId?: string }) => {
    const agencyId = deps.catalog.categories.find((c) => c.id === report.categoryId)?.agency;
    if (agencyId === undefined) return [];
    const sinkKeys = deps.caseSinkKeys().filter((k) => k.startsWith(`${agencyId}.`));
    const found: AgencyCase[] = [];
    if (report.submissionId !== undefined) {
      for (const sinkKey of sinkKeys) {
        const c = await deps.cases.get(caseKey(report.submissionId, sinkKey));
        if (c !== null && c.reference === report.reference) found.push(c);
      }
    } else {
      for (const sinkKey of sinkKeys) found.push(...(await deps.cases.tracked(sinkKey)).filter((c) => c.reference === report.reference));
    }
    return found.map(view);
  };
}

function view(c: AgencyCase): CaseView {
  const status = c.triage?.status ?? c.status;
  const agencyCaseId = c.serviceRequestId;
  return {
    ...(agencyCaseId !== undefined ? { agencyCaseId } : {}),
    state: c.state,
    ...(status !== undefined ? { status } : {}),
    ...(c.statusNotes !== undefined ? { notes: c.statusNotes } : {}),
    updatedAt: c.updatedAt,
  };
}
