/**
 * Agency cases: what WeGov knows about each report it handed to an agency's own system
 * (an Open311 case id or token, the agency's last status and notes, its error array when it
 * refused the report). Keyed by the delivery's idempotency key `<submissionId>@<sinkKey>`.
 *
 * Two jobs:
 * - exactly-once in effect for sinks without an idempotency key (Open311): a delivery records
 *   `sending` before its POST and `created` after it, so a retry after a crash or a timeout
 *   knows the earlier outcome is uncertain and checks with the agency before POSTing again;
 * - status back: the poller reads the cases it tracks per sink, asks the agency, and turns a
 *   change into a `status_update` in the reporter's conversation.
 *
 * Two implementations, one contract (test/cases/case-store.test.ts): memory (embedded default)
 * and Redis (one JSON string per case, one SET of tracked keys per sink, leases with SET NX PX).
 */
import type { Open311AgencyError } from '../sinks/open311/errors';

export type AgencyCaseState =
  /** A POST was sent at `attemptStartedAt` and its outcome is not known (yet). */
  | 'sending'
  /** The agency accepted the report: `serviceRequestId` and/or `token` are set. */
  | 'created'
  /** The agency refused it (a 4xx); `agencyErrors` says why. */
  | 'rejected';

export interface AgencyCase {
  /** `<submissionId>@<sinkKey>`: the delivery job id. */
  key: string;
  submissionId: string;
  sinkKey: string;
  /** The person's reference (WG-…), to find their conversation for status updates. */
  reference: string;
  serviceCode?: string;
  state: AgencyCaseState;
  /** ISO time the last POST whose outcome is uncertain started. */
  attemptStartedAt?: string;
  serviceRequestId?: string;
  token?: string;
  serviceNotice?: string;
  /** The agency's last known status and notes (what the person was last told). */
  status?: 'open' | 'closed';
  statusNotes?: string;
  /** The GeoReport v2 error array of a refusal. */
  agencyErrors?: Open311AgencyError[];
  /** ISO time of the last change to this record. */
  updatedAt: string;
  /** Slack triage sinks: where the report's card was posted (adapters/slack/triage). */
  slack?: { channel: string; ts: string };
  /**
   * Slack triage sinks: the staff's status for the case and who did what, oldest first; `meToo`,
   * how many residents say it too, as last shown on the card (adapters/slack/triage/me-too.ts).
   */
  triage?: { status: TriageStatus; history: TriageHistoryEntry[]; meToo?: number };
  /** Set when the reporter's data was erased from this record ("delete my data"). */
  erasedAt?: string;
  /**
   * Staff merged the report into this reference (a duplicate, issue 16): an Open311 case is no
   * longer polled (its reporter already heard it is closed), a triage card shows it.
   */
  mergedInto?: string;
}

/** A triage status; the same values as the engine's CaseStatus (src/engine/input.ts). */
export type TriageStatus = 'open' | 'acknowledged' | 'in_progress' | 'closed' | 'rejected';

/** One staff action on a triaged case (or the reporter's answer, `by` = `reporter`). */
export interface TriageHistoryEntry {
  action: 'ack' | 'in_progress' | 'resolved' | 'reject' | 'ask' | 'reply' | 'answer' | 'block' | 'unblock' | 'erased' | 'consent_withdrawn' | 'duplicate';
  /** A Slack user id, or `reporter`. */
  by: string;
  /** ISO time. */
  at: string;
  /** The reason, question, reply or answer; for `duplicate`, the surviving report's reference. */
  text?: string;
}

export interface CaseStore {
  get(key: string): Promise<AgencyCase | null>;
  /**
   * Writes the case (replacing any earlier record). A `created` case is tracked for status
   * polling under its sink until `untrack`; other states are not.
   */
  put(c: AgencyCase): Promise<void>;
  /** The cases tracked for a sink (created, not yet untracked), in no particular order. */
  tracked(sinkKey: string): Promise<AgencyCase[]>;
  /** Stops polling a case (closed long enough ago); the record itself is kept. */
  untrack(sinkKey: string, key: string): Promise<void>;
  /**
   * A time-limited lease, so one process in a fleet runs a periodic job (the status poll)
   * per interval: true when this caller got it.
   */
  lease(name: string, ttlMs: number): Promise<boolean>;
  /** Ends a lease early (a short lock whose work is done). */
  release(name: string): Promise<void>;
  /**
   * Every case written at or after `since` (its last `put`), in no particular order: weekly
   * figures for staff (the Slack `/wegov stats` command). Covers every case still kept (the
   * retention job deletes older ones, src/privacy/retention.ts).
   */
  updatedSince(since: Date): Promise<AgencyCase[]>;
  /** Every record of one report (one per sink it went to): "delete my data" and "my data". */
  byReference(reference: string): Promise<AgencyCase[]>;
  /**
   * Retention: deletes every case last written before `cutoff` (and stops tracking it).
   * Returns how many were deleted.
   */
  deleteUpdatedBefore(cutoff: Date): Promise<number>;
}

/** The delivery job id is the case key; see outbox/queue.ts deliveryJobId. */
export function caseKey(submissionId: string, sinkKey: string): string {
  return `${submissionId}@${sinkKey}`;
}
