/**
 * Reading and checking a shift import: a CSV file (`opportunity_id,shift_id,starts_at,ends_at,capacity`,
 * optionally `,status` (`cancelled` cancels the shift), times in the jurisdiction's zone as in
 * the catalogue) or the same rows as JSON
 * (`{ "shifts": [{ "opportunity_id": ..., ... }] }`). Every problem is reported with where it is
 * ("row 7, capacity: must be a whole number of at least 1"; rows are the file's lines, the
 * header being row 1; JSON rows are `shifts[i]`), and an import with any problem gives no shifts
 * at all: the caller applies all or nothing. The CSV is read by src/modules/table-import.ts.
 */
import { toInstant } from '../../../src/catalog/local-time';
import { CAPACITY_MESSAGE, MAX_SHIFT_CAPACITY } from '../../../src/catalog/schema-volunteering';
import type { Opportunity } from '../../../src/catalog/types';
import { readCsv, type ImportProblem } from '../../../src/modules/table-import';
import type { StoredShift } from './store';

export { formatProblem, type ImportProblem } from '../../../src/modules/table-import';

export const SHIFT_COLUMNS = ['opportunity_id', 'shift_id', 'starts_at', 'ends_at', 'capacity'] as const;
/** An optional sixth column: `cancelled` cancels the shift (its people are told), empty or `scheduled` keeps it on. */
export const STATUS_COLUMN = 'status';
type Column = (typeof SHIFT_COLUMNS)[number] | typeof STATUS_COLUMN;
const ALL_COLUMNS: readonly Column[] = [...SHIFT_COLUMNS, STATUS_COLUMN];

/** Far more than a city's shifts for a season; a larger file is a mistake. */
export const MAX_IMPORT_ROWS = 5000;

/** `cancelled`: ids of the shifts whose row says `status: cancelled`. */
export type ImportCheck = { ok: true; shifts: StoredShift[]; cancelled: string[] } | { ok: false; problems: ImportProblem[] };

/** What a check needs: the catalogue's opportunities (merged view), its time zone, and who owns each shift id now. */
export interface ImportContext {
  opportunities: readonly Opportunity[];
  timeZone: string;
  /** Shift id -> opportunity id, for every shift known (catalogue and stored). */
  owners: ReadonlyMap<string, string>;
}

interface RawRow {
  where: string;
  values: Partial<Record<Column, unknown>>;
  /** CSV: how many columns the row has, when not as many as the header. */
  columns?: number;
  /** CSV: how many columns the header has (5, or 6 with `status`). */
  expected?: number;
}

/** Checks a CSV import. */
export function checkCsv(text: string, ctx: ImportContext): ImportCheck {
  const expected = SHIFT_COLUMNS.join(',');
  const table = readCsv(text, expected);
  if (!table.ok) return table;
  const header = table.header.map((c) => c.toLowerCase()).join(',');
  if (header !== expected && header !== `${expected},${STATUS_COLUMN}`) {
    return { ok: false, problems: [{ where: 'row 1', message: `the header must be ${expected} (optionally ,${STATUS_COLUMN}) (got ${table.header.join(',')})` }] };
  }
  const columns = ALL_COLUMNS.slice(0, table.header.length);
  const rows = table.rows.map(({ where, record }): RawRow => {
    const row: RawRow = { where, values: {} };
    columns.forEach((c, i) => (row.values[c] = record[i]));
    if (record.length !== columns.length) {
      row.columns = record.length;
      row.expected = columns.length;
    }
    return row;
  });
  return checkRows(rows, ctx);
}

/** Checks a JSON import: `{ "shifts": [...] }` or the array itself. */
export function checkJson(body: unknown, ctx: ImportContext): ImportCheck {
  const list = Array.isArray(body) ? body : typeof body === 'object' && body !== null && 'shifts' in body ? (body as { shifts: unknown }).shifts : undefined;
  if (!Array.isArray(list)) return { ok: false, problems: [{ where: 'body', message: 'expected { "shifts": [{ "opportunity_id", "shift_id", "starts_at", "ends_at", "capacity" }, ...] }' }] };
  const problems: ImportProblem[] = [];
  const rows: RawRow[] = [];
  list.forEach((item: unknown, i) => {
    const where = `shifts[${String(i)}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ where, message: 'expected an object with opportunity_id, shift_id, starts_at, ends_at and capacity' });
      return;
    }
    const unknown = Object.keys(item).filter((k) => !(ALL_COLUMNS as readonly string[]).includes(k));
    if (unknown.length > 0) problems.push({ where, message: `unknown key${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `'${k}'`).join(', ')} (keys: ${ALL_COLUMNS.join(', ')})` });
    rows.push({ where, values: item as RawRow['values'] });
  });
  const checked = checkRows(rows, ctx);
  if (problems.length === 0) return checked;
  return { ok: false, problems: [...problems, ...(checked.ok ? [] : checked.problems)] };
}

function checkRows(rows: readonly RawRow[], ctx: ImportContext): ImportCheck {
  if (rows.length === 0) return { ok: false, problems: [{ where: 'file', message: 'no shifts to import (only a header)' }] };
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, problems: [{ where: 'file', message: `${String(rows.length)} shifts; at most ${String(MAX_IMPORT_ROWS)} per import` }] };
  const known = new Set(ctx.opportunities.map((o) => o.id));
  const seen = new Map<string, string>();
  const problems: ImportProblem[] = [];
  const shifts: StoredShift[] = [];
  const cancelled: string[] = [];
  for (const { where, values, columns, expected } of rows) {
    const problem = (field: Column | undefined, message: string): void => void problems.push({ where, ...(field === undefined ? {} : { field }), message });
    if (columns !== undefined) {
      const names = ALL_COLUMNS.slice(0, expected ?? SHIFT_COLUMNS.length);
      problem(undefined, `has ${String(columns)} columns; expected ${String(names.length)} (${names.join(',')})`);
      continue;
    }
    const text = (c: Column): string => (typeof values[c] === 'string' ? (values[c] as string).trim() : typeof values[c] === 'number' ? String(values[c]) : '');
    const opportunityId = text('opportunity_id');
    if (opportunityId === '') problem('opportunity_id', 'required');
    else if (!known.has(opportunityId)) problem('opportunity_id', `unknown opportunity '${opportunityId}' (opportunities: ${[...known].join(', ') || 'none'})`);
    const id = text('shift_id');
    if (id === '') problem('shift_id', 'required');
    else if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(id)) problem('shift_id', 'must be 1-40 lowercase letters, digits, - or _, starting with a letter or digit');
    else if (seen.has(id)) problem('shift_id', `'${id}' is also on ${seen.get(id) ?? ''}`);
    else {
      seen.set(id, where);
      const owner = ctx.owners.get(id);
      if (owner !== undefined && opportunityId !== '' && owner !== opportunityId) {
        problem('shift_id', `'${id}' is a shift of opportunity '${owner}' (shift ids are unique across the deployment)`);
      }
    }
    const time = (c: 'starts_at' | 'ends_at'): string | undefined => {
      const raw = text(c);
      if (raw === '') return void problem(c, 'required');
      const instant = toInstant(raw, ctx.timeZone);
      if (instant.ok) return instant.iso;
      return void problem(c, instant.reason);
    };
    const startsAt = time('starts_at');
    const endsAt = time('ends_at');
    if (startsAt !== undefined && endsAt !== undefined && endsAt <= startsAt) problem('ends_at', 'must be after starts_at');
    const capacity = readCapacity(values.capacity);
    if (typeof capacity === 'string') problem('capacity', capacity);
    const status = text(STATUS_COLUMN).toLowerCase();
    if (status !== '' && status !== 'scheduled' && status !== 'cancelled') problem(STATUS_COLUMN, `must be empty, 'scheduled' or 'cancelled' (got '${status.slice(0, 40)}')`);
    if (startsAt !== undefined && endsAt !== undefined && typeof capacity === 'number' && opportunityId !== '') {
      shifts.push({ opportunityId, id, startsAt, endsAt, capacity });
      if (status === 'cancelled') cancelled.push(id);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, shifts, cancelled };
}

/** The capacity, or why it is not one. CSV gives text; JSON may give a number. */
function readCapacity(value: unknown): number | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (text === '') return 'required';
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) return CAPACITY_MESSAGE;
  const n = Number(text);
  return n > MAX_SHIFT_CAPACITY ? `must be at most ${String(MAX_SHIFT_CAPACITY)}` : n;
}
