/**
 * Applying a shift import (CSV or JSON rows, import-rows.ts) to the shift store: read the store
 * afresh (another process may have imported since the last snapshot), check every row, write
 * every shift in one upsert or none, and refresh this process's snapshot at once so the next
 * turn sees the new shifts. Used by `PUT /admin/volunteering/shifts` and `wegov volunteer:import`.
 */
import type { VolunteerCatalog } from '../catalog-view';
import { checkCsv, checkJson, type ImportProblem } from './import-rows';
import type { ShiftStore } from './store';

export type ImportSource = { csv: string } | { json: unknown };

export type ImportOutcome = { ok: true; imported: number; added: number; updated: number } | { ok: false; problems: ImportProblem[] };

export async function importShifts(source: ImportSource, deps: { view: VolunteerCatalog; store: ShiftStore; timeZone: string }): Promise<ImportOutcome> {
  await deps.view.refresh();
  const owners = deps.view.owners();
  const ctx = { opportunities: deps.view.opportunities(), timeZone: deps.timeZone, owners };
  const checked = 'csv' in source ? checkCsv(source.csv, ctx) : checkJson(source.json, ctx);
  if (!checked.ok) return checked;
  await deps.store.upsert(checked.shifts);
  await deps.view.refresh();
  const added = checked.shifts.filter((s) => !owners.has(s.id)).length;
  return { ok: true, imported: checked.shifts.length, added, updated: checked.shifts.length - added };
}
