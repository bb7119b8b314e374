/**
 * Report records (issue 16): what WeGov keeps of each report, by its reference, for as long as
 * the retention period for cases allows (src/privacy/retention.ts) and independently of the
 * conversation it came from. They answer "status WG-7K3QX9" (typed by anyone), "my reports"
 * (from any conversation of the same channel identity), Slack's `/wegov status`, and feed the
 * open data (`/open-data/reports.geojson`). A record holds no personal data: the category, a
 * coarse place (a district and a point rounded to about 100 m), the agency's last status and
 * note; the reporter appears only as `owner`, a keyed hash of their channel identity (the scope
 * {@link REPORTS_SCOPE} of src/runtime/once-claims.ts participantId), which "delete my data" removes.
 *
 * Two implementations, one contract (test/cases/report-records.test.ts): memory, and Redis
 * (report-records-redis.ts).
 */
import type { CaseStatus } from '../engine/input';
import type { MeTooOutcome, NearbyQuery, NearbyReport } from './report-nearby';

/** The pseudonym scope of a report's owner (participantId(secret, REPORTS_SCOPE, person)). */
export const REPORTS_SCOPE = 'reports';

/** Decimal places kept of a report's coordinates: 3 is about 110 m of latitude. */
export const COARSE_DECIMALS = 3;

export interface ReportRecord {
  reference: string;
  agencyId: string;
  categoryId: string;
  /** ISO times. */
  submittedAt: string;
  updatedAt: string;
  status: CaseStatus;
  /** The agency's last note (shown publicly only when the agency allows it: `public_notes`). */
  notes?: string;
  /** The catalogue district the report lies in, when it lies in one. */
  districtId?: string;
  /** The report's point rounded to {@link COARSE_DECIMALS} decimals; absent for a typed address the geocoder could not place. */
  point?: { lat: number; lon: number };
  /** The reporter's pseudonym in {@link REPORTS_SCOPE}; removed by "delete my data". */
  owner?: string;
  /** How many people said "me too" (report-nearby.ts), once each; the count stays after "delete my data". */
  meToo?: number;
  /** Staff merged it into this report (a duplicate, issue 16): it is closed and follows that one's status. */
  mergedInto?: string;
  /** When it was merged (ISO). */
  mergedAt?: string;
  /** The references merged into this one (the surviving report counts its duplicates). */
  duplicates?: string[];
}

/**
 * What {@link ReportRecords.merge} did: `merged` the first time (the caller tells the
 * reporter), `repeat` for the same merge again (its steps were completed again, nothing else
 * to do), `merged_elsewhere` when the report already went into another one, `unknown` when
 * either reference has no record.
 */
export type MergeClaim =
  | { kind: 'merged'; record: ReportRecord; followers: string[] }
  | { kind: 'repeat'; record: ReportRecord; followers: string[] }
  | { kind: 'merged_elsewhere'; into: string }
  | { kind: 'unknown' };

export interface ReportRecords {
  /**
   * Writes a new report's record. A repeat for a reference that has one changes nothing (the
   * outbox relay writes it when it hands the report over, which a crash can make happen twice):
   * a status or an erased owner written since stays.
   */
  put(r: ReportRecord): Promise<void>;
  get(reference: string): Promise<ReportRecord | null>;
  /** The owner's reports, newest first. */
  ofOwner(owner: string): Promise<ReportRecord[]>;
  /** Sets the agency's status (and note, when given); null when the reference has no record. A merged record is returned unchanged. */
  setStatus(reference: string, status: CaseStatus, notes: string | undefined, at: string): Promise<ReportRecord | null>;
  /** Records that are not closed or rejected, in no particular order (open data). */
  open(): Promise<ReportRecord[]>;
  /** "Delete my data": the record stays (a public problem), its link to the person goes. */
  forgetOwner(owner: string, references: readonly string[]): Promise<void>;
  /** Follows a report: `conversationId` hears its status updates (false when the reference is unknown). */
  follow(reference: string, conversationId: string): Promise<boolean>;
  /** Stops following; true when it was followed. */
  unfollow(reference: string, conversationId: string): Promise<boolean>;
  followers(reference: string): Promise<string[]>;
  /**
   * The conversations' follows, both ways: every reference `conversationId` follows (what
   * "delete my data" removes with {@link forgetFollower}).
   */
  followedBy(conversationId: string): Promise<string[]>;
  /** "Delete my data": the conversation stops following every report. Returns how many follows went. */
  forgetFollower(conversationId: string): Promise<number>;
  /**
   * One page of the open records (about `pageSize`), from `cursor` ('0' to start; the page's
   * `next` is '0' after the last), like Redis SCAN: a record may come twice, one that closes
   * meanwhile may or may not come. Read them with {@link openRecordPages}. A plain promise, so
   * wrappers of the store (src/runtime/report-records.ts afterHandoff) pass it through.
   */
  openPage(cursor: string, pageSize: number): Promise<{ records: ReportRecord[]; next: string }>;
  /**
   * Merges a duplicate into the surviving report (issue 16): the duplicate is closed with
   * `mergedInto`/`mergedAt` (status updates no longer change it: {@link ReportRecords.setStatus}
   * returns it as it is), the survivor counts it in `duplicates`, and the duplicate's followers
   * move to the survivor (returned, so the caller knows who follows now). Idempotent: a repeat
   * completes the steps again and reports `repeat`. Validation (not itself, no cycle) is the caller's.
   */
  merge(reference: string, into: string, at: string): Promise<MergeClaim>;
  /** Retention: deletes records last written before `cutoff` (and their followers). Returns how many. */
  deleteUpdatedBefore(cutoff: Date): Promise<number>;
  /**
   * Open reports of a category near a point, nearest first (report-nearby.ts): on Redis, from the
   * process's copy of the index once it is current (report-nearby-mirror.ts), else one Redis call.
   * Entries the search finds older than `since` leave the index.
   */
  nearby(q: NearbyQuery): Promise<NearbyReport[]>;
  /**
   * Loads the process's copy of these categories' nearby index (a web process at start), so the
   * first reports' location turns need no call either; resolves when done or given up. No-op
   * where there is no copy.
   */
  warmNearby?(categoryIds: readonly string[]): Promise<void>;
  /**
   * "Me too": counts `person` (their pseudonym in {@link REPORTS_SCOPE}) on an open report,
   * once per person and report; 'already' for a second time, 'closed' or 'unknown' otherwise.
   */
  meToo(reference: string, person: string): Promise<MeTooOutcome>;
  /** Takes back a "me too" counted by a turn that did not commit. */
  undoMeToo(reference: string, person: string): Promise<void>;
}

/** The open records page by page, each once (open data never holds the whole index in one reply). */
export async function* openRecordPages(reports: Pick<ReportRecords, 'openPage'>, pageSize: number): AsyncIterable<ReportRecord[]> {
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const { records, next } = await reports.openPage(cursor, pageSize);
    cursor = next;
    const page = records.filter((r) => !seen.has(r.reference));
    for (const r of page) seen.add(r.reference);
    if (page.length > 0) yield page;
  } while (cursor !== '0');
}

/** True while the agency may still act on it. */
export function isOpenStatus(status: CaseStatus): boolean {
  return status !== 'closed' && status !== 'rejected';
}

/** A coordinate rounded to {@link COARSE_DECIMALS} decimals. */
export function coarse(value: number): number {
  const f = 10 ** COARSE_DECIMALS;
  return Math.round(value * f) / f;
}
