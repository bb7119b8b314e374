/**
 * The agency cases of a person's report, for "my data". Cases are keyed by delivery
 * (`<submissionId>@<sinkKey>`, src/cases) and only the sinks that keep records (Open311, Slack
 * triage) write them; the CaseStore's index by reference (`byReference`, kept for erasure)
 * finds every record of one report, whichever sink wrote it and however old the session is.
 * What the person is shown of each is deliberately small: see CaseView.
 */
import type { AgencyCase, CaseStore } from '../cases/types';
import type { ResultRef } from '../engine/result-ref';

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

/** Finds the cases of one report; an empty list when none exist (a file or webhook agency). */
export function caseLookup(deps: { cases: CaseStore }): (result: Pick<ResultRef, 'reference'>) => Promise<CaseView[]> {
  return async (result) => {
    if (result.reference === undefined) return [];
    const found = await deps.cases.byReference(result.reference);
    return found
      .filter((c) => c.reference === result.reference)
      .sort((a, b) => a.key.localeCompare(b.key))
      .map(view);
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
