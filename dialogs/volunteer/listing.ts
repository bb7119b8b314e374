/**
 * Which shifts a person can sign up for, as the volunteer dialog lists them: upcoming, by when
 * (today, this weekend, the next 7 days, or any time, in the jurisdiction's time zone) and by
 * what (a tag), soonest first, five to a page.
 */
import type { Catalog, Opportunity, Shift } from '../../src/catalog/types';
import { localDay } from './local-day';

export type When = 'today' | 'weekend' | 'week' | 'any';
export const WHENS: readonly When[] = ['today', 'weekend', 'week', 'any'];
/** Shifts listed per page ("more" shows the next ones). */
export const PAGE = 5;

export interface Listed {
  opportunity: Opportunity;
  shift: Shift;
}

/** Whether `shift` starts within `when` of `now` (days in the jurisdiction's zone); a cancelled shift never does. */
export function within(shift: Shift, when: When, now: Date, timeZone: string): boolean {
  const start = Date.parse(shift.startsAt);
  if (start <= now.getTime() || shift.cancelled) return false;
  if (when === 'any') return true;
  const today = localDay(now, timeZone);
  const day = localDay(new Date(start), timeZone);
  if (when === 'today') return day.ordinal === today.ordinal;
  if (when === 'week') return day.ordinal - today.ordinal < 7;
  // This weekend: the coming Saturday and Sunday (today included when it is one of them).
  const toSaturday = (6 - today.weekday + 7) % 7;
  const saturday = today.weekday === 0 ? today.ordinal - 1 : today.ordinal + toSaturday;
  return day.ordinal >= saturday && day.ordinal <= saturday + 1;
}

/** The upcoming shifts matching the filters, soonest first (ties by opportunity, then shift id). */
export function upcoming(catalog: Catalog, now: Date, when: When, tag: string | null): Listed[] {
  const tz = catalog.jurisdiction.timezone;
  return catalog.opportunities
    .filter((o) => tag === null || o.tags.includes(tag))
    .flatMap((o) => o.shifts.filter((s) => within(s, when, now, tz)).map((shift) => ({ opportunity: o, shift })))
    .sort((a, b) => a.shift.startsAt.localeCompare(b.shift.startsAt) || a.opportunity.id.localeCompare(b.opportunity.id) || a.shift.id.localeCompare(b.shift.id));
}

/** The tags of the opportunities with upcoming shifts, most used first. */
export function tagsOf(listed: readonly Listed[]): string[] {
  const count = new Map<string, number>();
  for (const { opportunity } of new Map(listed.map((l) => [l.opportunity.id, l])).values()) for (const t of opportunity.tags) count.set(t, (count.get(t) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

/** A shift by id, with its opportunity. */
export function findShift(catalog: Catalog, shiftId: string): Listed | undefined {
  for (const opportunity of catalog.opportunities) {
    const shift = opportunity.shifts.find((s) => s.id === shiftId);
    if (shift) return { opportunity, shift };
  }
  return undefined;
}
