import { isOpen } from './result-ref';
import type { Session } from './session';

/**
 * How much of a person's history one session keeps. Everything else a session holds is bounded
 * by its questions; these two lists grow by one entry per result, so someone submitting
 * without end would otherwise grow the session until the store refuses it (its size cap). The
 * oldest entries that no longer matter go first: results no longer followed (closed or declined reports) (their cases and
 * the agency's records remain), then withdrawn or declined consents; only then the oldest.
 */
export const MAX_RESULTS_KEPT = 200;
export const MAX_CONSENTS_KEPT = 200;

/** Trims the session's report and consent lists in place (no-op under the caps). */
export function boundSession(session: Session): void {
  if (session.results.length > MAX_RESULTS_KEPT) {
    session.results = keepNewest(session.results, MAX_RESULTS_KEPT, (r) => !isOpen(r));
  }
  if (session.consents && session.consents.length > MAX_CONSENTS_KEPT) {
    session.consents = keepNewest(session.consents, MAX_CONSENTS_KEPT, (c) => c.withdrawnAt !== undefined || c.answer === 'declined');
  }
}

/** At most `max` items, in their order: the oldest `spent` ones are dropped first, then the oldest. */
function keepNewest<T>(items: readonly T[], max: number, spent: (item: T) => boolean): T[] {
  let excess = items.length - max;
  const dropped = new Set<number>();
  for (let i = 0; i < items.length && excess > 0; i++) {
    if (spent(items[i]!)) {
      dropped.add(i);
      excess -= 1;
    }
  }
  for (let i = 0; i < items.length && excess > 0; i++) {
    if (!dropped.has(i)) {
      dropped.add(i);
      excess -= 1;
    }
  }
  return items.filter((_, i) => !dropped.has(i));
}
