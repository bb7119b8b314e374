/**
 * A shift's roster as CSV for the agency (`GET /admin/volunteering/shifts/:id/roster.csv`,
 * `wegov volunteer:roster <shift-id>`): one row per person, confirmed first then the waitlist.
 * Columns: position (within its list), status (confirmed / waitlisted), volunteer (the
 * volunteering pseudonym: no chat identity, no contact details), signed_up_at (ISO), then one
 * column per sign-up question by its id, the answer as text in the deployment's language.
 *
 * csv-stringify (the `csv` project's writer, as dialogs/consultation/results/export.ts): RFC 4180
 * quoting, CRLF line ends and a UTF-8 byte order mark for spreadsheet programs.
 */
import { stringify } from 'csv-stringify/sync';
import type { RosterSnapshot } from '../../../src/modules/rosters';

export const BOM = '\uFEFF';

export const ROSTER_COLUMNS = ['position', 'status', 'volunteer', 'signed_up_at'] as const;

export function rosterCsv(r: RosterSnapshot): string {
  const columns = [...ROSTER_COLUMNS, ...r.questions.map((q) => q.id)];
  const rows = r.volunteers.map((v) => ({
    position: String(v.position),
    status: v.status,
    volunteer: v.volunteer,
    signed_up_at: v.signedUpAt,
    ...Object.fromEntries(r.questions.map((q) => [q.id, v.answers[q.id] ?? ''])),
  }));
  return `${BOM}${stringify(rows, { columns, header: true, record_delimiter: 'windows' })}`;
}
