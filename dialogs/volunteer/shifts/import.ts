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

/** A shift whose time an import changed. */
export interface MovedShift {
  shiftId: string;
  from: { startsAt: string; endsAt: string };
  to: { startsAt: string; endsAt: string };
}

export async function importShifts(
  source: ImportSource,
  deps: { view: VolunteerCatalog; store: ShiftStore; timeZone: string; onMoved?: (moved: MovedShift[]) => Promise<void> },
): Promise<ImportOutcome> {
  await deps.view.refresh();
  const owners = deps.view.owners();
  const ctx = { opportunities: deps.view.opportunities(), timeZone: deps.timeZone, owners };
  const checked = 'csv' in source ? checkCsv(source.csv, ctx) : checkJson(source.json, ctx);
  if (!checked.ok) return checked;
  const before = new Map(ctx.opportunities.flatMap((o) => o.shifts.map((s) => [s.id, { startsAt: s.startsAt, endsAt: s.endsAt }] as const)));
  await deps.store.upsert(checked.shifts);
  await deps.view.refresh();
  // Shifts that moved: the people signed up hear it and their reminders follow (signups/services.ts).
  const moved = checked.shifts.flatMap((s) => {
    const from = before.get(s.id);
    return from && (from.startsAt !== s.startsAt || from.endsAt !== s.endsAt) ? [{ shiftId: s.id, from, to: { startsAt: s.startsAt, endsAt: s.endsAt } }] : [];
  });
  if (moved.length > 0) await deps.onMoved?.(moved);
  const added = checked.shifts.filter((s) => !owners.has(s.id)).length;
  return { ok: true, imported: checked.shifts.length, added, updated: checked.shifts.length - added };
}
