/**
 * Applying a shift import (CSV or JSON rows, import-rows.ts) to the shift store: read the store
 * afresh (another process may have imported since the last snapshot), check every row, write
 * every shift in one upsert or none, and refresh this process's snapshot at once so the next
 * turn sees the new shifts. Used by `PUT /admin/volunteering/shifts` and `wegov volunteer:import`.
 *
 * Cancelling: a row with `status` `cancelled` cancels its shift; with `prune`, every shift still
 * to start of the opportunities the import names that the import no longer lists is cancelled too.
 * A cancelled shift stays cancelled: a row that lists it as scheduled again is a problem (give the
 * new shift a new id). The people on the shifts cancelled are told by shift-cancellation.ts.
 */
import type { VolunteerCatalog } from '../catalog-view';
import { checkCsv, checkJson, type ImportProblem } from './import-rows';
import type { ShiftStore, StoredShift } from './store';

export type ImportSource = { csv: string } | { json: unknown };

export type ImportOutcome = { ok: true; imported: number; added: number; updated: number; cancelled: number } | { ok: false; problems: ImportProblem[] };

/** A shift whose time an import changed. */
export interface MovedShift {
  shiftId: string;
  from: { startsAt: string; endsAt: string };
  to: { startsAt: string; endsAt: string };
}

export interface ImportDeps {
  view: VolunteerCatalog;
  store: ShiftStore;
  timeZone: string;
  /** The clock (cancellation instants; --prune cancels only shifts still to start). Default: the system's. */
  now?: () => Date;
  onMoved?: (moved: MovedShift[]) => Promise<void>;
  /** Shifts were cancelled: tell their people (where this process can). */
  onCancelled?: () => Promise<void>;
}

export async function importShifts(source: ImportSource, deps: ImportDeps, opts: { prune?: boolean } = {}): Promise<ImportOutcome> {
  await deps.view.refresh();
  const owners = deps.view.owners();
  const ctx = { opportunities: deps.view.opportunities(), timeZone: deps.timeZone, owners };
  const checked = 'csv' in source ? checkCsv(source.csv, ctx) : checkJson(source.json, ctx);
  if (!checked.ok) return checked;
  const known = new Map(ctx.opportunities.flatMap((o) => o.shifts.map((s) => [s.id, { ...s, opportunityId: o.id }] as const)));
  // A cancelled shift is not scheduled again under its id (its people were told it is off).
  const reopened = checked.shifts.filter((s) => known.get(s.id)?.cancelled && !checked.cancelled.includes(s.id));
  if (reopened.length > 0) {
    return { ok: false, problems: reopened.map((s) => ({ where: `shift ${s.id}`, field: 'status', message: `'${s.id}' was cancelled; a new shift needs a new id` })) };
  }
  const now = deps.now?.() ?? new Date();
  const at = now.toISOString();
  const listed = new Set(checked.shifts.map((s) => s.id));
  const pruned: StoredShift[] = opts.prune
    ? [...known.values()].filter((s) => !listed.has(s.id) && !s.cancelled && Date.parse(s.startsAt) > now.getTime() && checked.shifts.some((r) => r.opportunityId === s.opportunityId))
    : [];
  const newlyCancelled = new Set([...checked.cancelled.filter((id) => !known.get(id)?.cancelled), ...pruned.map((s) => s.id)]);
  const rows: StoredShift[] = checked.shifts.map((s) => {
    const was = known.get(s.id)?.cancelled;
    if (was) return { ...s, cancelled: was };
    return newlyCancelled.has(s.id) ? { ...s, cancelled: { at } } : s;
  });
  const write = [...rows, ...pruned.map((s) => ({ ...s, cancelled: { at } }))];
  await deps.store.upsert(write, { cancelled: [...newlyCancelled] });
  await deps.view.refresh();
  // Shifts that moved (and are still on): the people signed up hear it and their reminders follow (signups/services.ts).
  const moved = rows.flatMap((s) => {
    const from = known.get(s.id);
    return from && !s.cancelled && (from.startsAt !== s.startsAt || from.endsAt !== s.endsAt) ? [{ shiftId: s.id, from: { startsAt: from.startsAt, endsAt: from.endsAt }, to: { startsAt: s.startsAt, endsAt: s.endsAt } }] : [];
  });
  if (moved.length > 0) await deps.onMoved?.(moved);
  if (newlyCancelled.size > 0) await deps.onCancelled?.();
  const added = checked.shifts.filter((s) => !owners.has(s.id)).length;
  return { ok: true, imported: checked.shifts.length, added, updated: checked.shifts.length - added, cancelled: newlyCancelled.size };
}
