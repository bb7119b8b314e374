/**
 * The opportunities as volunteers see them: the catalogue's, with the shifts of the shift store
 * (imports and the admin API) merged in. The engine is pure and synchronous, so it reads a
 * per-process snapshot (src/modules/live-snapshot.ts): `opportunities()` never waits. The
 * snapshot is refreshed right after an import in this process (`refresh()`), and every
 * `refreshMs` (10 s) otherwise, so an import in another process shows here within that time.
 */
import type { Logger } from '../../src/log';
import type { Opportunity, Shift } from '../../src/catalog/types';
import { LiveSnapshot } from '../../src/modules/live-snapshot';
import type { ShiftStore, StoredShift } from './shifts/store';

export class VolunteerCatalog {
  private readonly live: LiveSnapshot<Opportunity[]>;
  private readonly listeners: (() => void)[] = [];

  constructor(opts: { opportunities: readonly Opportunity[]; store: ShiftStore; logger?: Logger; refreshMs?: number }) {
    this.live = new LiveSnapshot({
      initial: merge(opts.opportunities, []),
      load: async () => merge(opts.opportunities, await opts.store.all()),
      what: 'volunteering shifts',
      applied: () => this.listeners.forEach((l) => l()),
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.refreshMs === undefined ? {} : { refreshMs: opts.refreshMs }),
    });
  }

  /** The opportunities with their current shifts (catalogue order; shifts by start, then id). */
  opportunities(): Opportunity[] {
    return this.live.current();
  }

  opportunity(id: string): Opportunity | undefined {
    return this.live.current().find((o) => o.id === id);
  }

  /** Shift id -> opportunity id, for every shift of the snapshot. */
  owners(): Map<string, string> {
    return new Map(this.live.current().flatMap((o) => o.shifts.map((s): [string, string] => [s.id, o.id])));
  }

  /** Reads the store and replaces the snapshot. Rejects when the store cannot be read (the snapshot stays). */
  refresh(): Promise<void> {
    return this.live.refresh();
  }

  /** Resolves after a refresh that starts after this call completes (tests; a failed one counts too). */
  nextRefresh(): Promise<void> {
    return this.live.nextRefresh();
  }

  /** Called after each refresh that loaded the store (a cancellation made elsewhere shows here then). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Refreshes now and then every `refreshMs`. */
  start(): void {
    this.live.start();
  }

  close(): Promise<void> {
    return this.live.close();
  }
}

/** The catalogue's opportunities with stored shifts replacing (same id) or joining theirs. */
export function merge(opportunities: readonly Opportunity[], stored: readonly StoredShift[]): Opportunity[] {
  const byOpportunity = new Map<string, Map<string, Shift>>();
  for (const o of opportunities) byOpportunity.set(o.id, new Map(o.shifts.map((s) => [s.id, { ...s }])));
  for (const { opportunityId, ...shift } of stored) {
    const own = byOpportunity.get(opportunityId);
    if (own === undefined) continue; // an opportunity no longer in the catalogue
    // Imports refuse a shift id of another opportunity; a catalogue edited since then yields to the store.
    for (const other of byOpportunity.values()) other.delete(shift.id);
    own.set(shift.id, shift);
  }
  return opportunities.map((o) => ({
    ...o,
    shifts: [...(byOpportunity.get(o.id)?.values() ?? [])].sort((a, b) => (a.startsAt === b.startsAt ? (a.id < b.id ? -1 : 1) : a.startsAt < b.startsAt ? -1 : 1)),
  }));
}
