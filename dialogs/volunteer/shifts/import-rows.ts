/**
 * Reading and checking a shift import: a CSV file (`opportunity_id,shift_id,starts_at,ends_at,capacity`,
 * times in the jurisdiction's zone as in the catalogue) or the same rows as JSON
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
type Column = (typeof SHIFT_COLUMNS)[number];

/** Far more than a city's shifts for a season; a larger file is a mistake. */
export const MAX_IMPORT_ROWS = 5000;

export type ImportCheck = { ok: true; shifts: StoredShift[] } | { ok: false; problems: ImportProblem[] };

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
  /** CSV: how many columns the row has, when not the five expected. */
  columns?: number;
}

/** Checks a CSV import. */
export function checkCsv(text: string, ctx: ImportContext): ImportCheck {
  const expected = SHIFT_COLUMNS.join(',');
  const table = readCsv(text, expected);
  if (!table.ok) return table;
  if (table.header.map((c) => c.toLowerCase()).join(',') !== expected) {
    return { ok: false, problems: [{ where: 'row 1', message: `the header must be ${expected} (got ${table.header.join(',')})` }] };
  }
  const rows = table.rows.map(({ where, record }): RawRow => {
    const row: RawRow = { where, values: {} };
    SHIFT_COLUMNS.forEach((c, i) => (row.values[c] = record[i]));
    if (record.length !== SHIFT_COLUMNS.length) row.columns = record.length;
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
    const unknown = Object.keys(item).filter((k) => !(SHIFT_COLUMNS as readonly string[]).includes(k));
    if (unknown.length > 0) problems.push({ where, message: `unknown key${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `'${k}'`).join(', ')} (keys: ${SHIFT_COLUMNS.join(', ')})` });
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
  for (const { where, values, columns } of rows) {
    const problem = (field: Column | undefined, message: string): void => void problems.push({ where, ...(field === undefined ? {} : { field }), message });
    if (columns !== undefined) {
      problem(undefined, `has ${String(columns)} columns; expected ${String(SHIFT_COLUMNS.length)} (${SHIFT_COLUMNS.join(',')})`);
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
    if (startsAt !== undefined && endsAt !== undefined && typeof capacity === 'number' && opportunityId !== '') {
      shifts.push({ opportunityId, id, startsAt, endsAt, capacity });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, shifts };
}

/** The capacity, or why it is not one. CSV gives text; JSON may give a number. */
function readCapacity(value: unknown): number | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (text === '') return 'required';
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) return CAPACITY_MESSAGE;
  const n = Number(text);
  return n > MAX_SHIFT_CAPACITY ? `must be at most ${String(MAX_SHIFT_CAPACITY)}` : n;
}
