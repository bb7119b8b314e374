/**
 * Shifts that came from `wegov volunteer:import` or `PUT /admin/volunteering/shifts` (issue 13):
 * shifts change weekly, so they live here, merged over the catalogue's by the per-process
 * snapshot (../catalog-view.ts). A stored shift replaces the catalogue's shift of the same id;
 * others join their opportunity. An upsert is all or nothing: every shift of an import is
 * written in one step (Redis: one HSET), or none is.
 */
import type { Shift } from '../../../src/catalog/types';

/** A shift with the opportunity it belongs to (ids are unique across the deployment). */
export interface StoredShift extends Shift {
  opportunityId: string;
}

export interface ShiftStore {
  /** Every stored shift, in no particular order. */
  all(): Promise<StoredShift[]>;
  /** Adds or replaces (by id) every shift given, atomically. */
  upsert(shifts: readonly StoredShift[]): Promise<void>;
}

/** The embedded store (one process, no REDIS_URL). */
export class MemoryShiftStore implements ShiftStore {
  private readonly shifts = new Map<string, StoredShift>();

  all(): Promise<StoredShift[]> {
    return Promise.resolve([...this.shifts.values()].map((s) => ({ ...s })));
  }

  upsert(shifts: readonly StoredShift[]): Promise<void> {
    for (const s of shifts) this.shifts.set(s.id, { ...s });
    return Promise.resolve();
  }
}
