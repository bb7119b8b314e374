/**
 * The opportunities as volunteers see them: the catalogue's, with the shifts of the shift store
 * (imports and the admin API) merged in. The engine is pure and synchronous, so it reads a
 * per-process snapshot: `opportunities()` never waits. The snapshot is refreshed right after an
 * import in this process (`refresh()`), and every `refreshMs` (10 s) otherwise, so an import in
 * another process shows here within that time. A failed refresh (Redis away) keeps the last
 * snapshot and logs; the timer is unref'd and stopped by `close()`.
 */
import type { Logger } from '../../src/log';
import { errorSummary } from '../../src/log';
import type { Opportunity, Shift } from '../../src/catalog/types';
import type { ShiftStore, StoredShift } from './shifts/store';

export const DEFAULT_REFRESH_MS = 10_000;

export class VolunteerCatalog {
  private snapshot: Opportunity[];
  private started = 0;
  private applied = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly opts: { opportunities: readonly Opportunity[]; store: ShiftStore; logger?: Logger; refreshMs?: number },
  ) {
    this.snapshot = merge(opts.opportunities, []);
  }

  /** The opportunities with their current shifts (catalogue order; shifts by start, then id). */
  opportunities(): Opportunity[] {
    return this.snapshot;
  }

  opportunity(id: string): Opportunity | undefined {
    return this.snapshot.find((o) => o.id === id);
  }

  /** Shift id -> opportunity id, for every shift of the snapshot. */
  owners(): Map<string, string> {
    return new Map(this.snapshot.flatMap((o) => o.shifts.map((s): [string, string] => [s.id, o.id])));
  }

  /** Reads the store and replaces the snapshot. Rejects when the store cannot be read (the snapshot stays). */
  async refresh(): Promise<void> {
    // Those waiting now are answered by this read (it starts after they asked); later ones by the next.
    const waiting = this.waiting;
    this.waiting = [];
    const seq = ++this.started;
    try {
      const stored = await this.opts.store.all();
      // Overlapping refreshes (the timer's and an import's): an older read never replaces a newer one.
      if (seq > this.applied) {
        this.applied = seq;
        this.snapshot = merge(this.opts.opportunities, stored);
      }
    } finally {
      for (const resolve of waiting) resolve();
    }
  }

  /** Resolves after a refresh that starts after this call completes (tests; a failed one counts too). */
  nextRefresh(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Refreshes now and then every `refreshMs`. */
  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      this.refresh().catch((error: unknown) => this.opts.logger?.warn({ err: errorSummary(error) }, 'volunteering shifts not refreshed; keeping the last snapshot'));
    };
    tick();
    this.timer = setInterval(tick, this.opts.refreshMs ?? DEFAULT_REFRESH_MS);
    this.timer.unref();
  }

  close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return Promise.resolve();
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
