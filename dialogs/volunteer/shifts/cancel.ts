/**
 * The agency cancels one shift (`DELETE /admin/volunteering/shifts/:id`, `wegov volunteer:cancel`):
 * the shift is stored with its `cancelled` mark (and the reason per language, when given) and
 * joins the cancellations whose people are to be told, in one write (store.ts). From then on it is
 * never listed and nobody can sign up for it; the processes that serve people tell everyone who
 * was on it (../signups/shift-cancellation.ts), at once when this process is one of them.
 */
import type { LocalizedText } from '../../../src/catalog/types';
import type { ImportDeps } from './import';

export type CancelShiftOutcome = { outcome: 'cancelled'; shiftId: string; cancelledAt: string } | { outcome: 'unknown' } | { outcome: 'already'; cancelledAt: string } | { outcome: 'ended' };

export async function cancelShift(shiftId: string, reason: LocalizedText | undefined, deps: Pick<ImportDeps, 'view' | 'store' | 'now' | 'onCancelled'>): Promise<CancelShiftOutcome> {
  await deps.view.refresh();
  const opportunity = deps.view.opportunities().find((o) => o.shifts.some((s) => s.id === shiftId));
  const shift = opportunity?.shifts.find((s) => s.id === shiftId);
  if (!opportunity || !shift) return { outcome: 'unknown' };
  if (shift.cancelled) return { outcome: 'already', cancelledAt: shift.cancelled.at };
  // A shift that has ended has nobody left to tell: there is nothing to cancel.
  const now = deps.now?.() ?? new Date();
  if (Date.parse(shift.endsAt) <= now.getTime()) return { outcome: 'ended' };
  const cancelledAt = now.toISOString();
  const hasReason = reason !== undefined && Object.keys(reason).length > 0;
  await deps.store.upsert([{ ...shift, opportunityId: opportunity.id, cancelled: { at: cancelledAt, ...(hasReason ? { reason } : {}) } }], { cancelled: [shiftId] });
  await deps.view.refresh();
  await deps.onCancelled?.();
  return { outcome: 'cancelled', shiftId, cancelledAt };
}
