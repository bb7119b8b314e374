/**
 * Shifts that came from `wegov volunteer:import` or `PUT /admin/volunteering/shifts` (issue 13):
 * shifts change weekly, so they live here, merged over the catalogue's by the per-process
 * snapshot (../catalog-view.ts). A stored shift replaces the catalogue's shift of the same id;
 * others join their opportunity. An upsert is all or nothing: every shift of an import is
 * written in one step (Redis: one MULTI), or none is.
 *
 * A cancelled shift (DELETE /admin/volunteering/shifts/:id, an import's `status` or `--prune`,
 * `wegov volunteer:cancel`) is kept here with its `cancelled` mark, and its id joins the set of
 * cancellations whose people are still to be told (`cancelling`) in the same write; the
 * processes that serve people take it from there (../signups/shift-cancellation.ts) and call
 * `cancellingDone` once everyone has been told.
 */
import type { Shift } from '../../../src/catalog/types';

/** A shift with the opportunity it belongs to (ids are unique across the deployment). */
export interface StoredShift extends Shift {
  opportunityId: string;
}

export interface ShiftStore {
  /** Every stored shift, in no particular order. */
  all(): Promise<StoredShift[]>;
  /** Adds or replaces (by id) every shift given, atomically; `cancelled` ids (of shifts given, newly cancelled) join the cancellations to tell. */
  upsert(shifts: readonly StoredShift[], opts?: { cancelled?: readonly string[] }): Promise<void>;
  /** Shift ids cancelled whose people have not all been told yet. */
  cancelling(): Promise<string[]>;
  /** Everyone on these cancelled shifts has been told. */
  cancellingDone(shiftIds: readonly string[]): Promise<void>;
}

/** The embedded store (one process, no REDIS_URL). */
export class MemoryShiftStore implements ShiftStore {
  private readonly shifts = new Map<string, StoredShift>();
  private readonly pending = new Set<string>();

  all(): Promise<StoredShift[]> {
    return Promise.resolve([...this.shifts.values()].map((s) => ({ ...s })));
  }

  upsert(shifts: readonly StoredShift[], opts: { cancelled?: readonly string[] } = {}): Promise<void> {
    for (const s of shifts) this.shifts.set(s.id, { ...s });
    for (const id of opts.cancelled ?? []) this.pending.add(id);
    return Promise.resolve();
  }

  cancelling(): Promise<string[]> {
    return Promise.resolve([...this.pending]);
  }

  cancellingDone(shiftIds: readonly string[]): Promise<void> {
    for (const id of shiftIds) this.pending.delete(id);
    return Promise.resolve();
  }
}
