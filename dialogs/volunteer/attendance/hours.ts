/**
 * When a shift counts, and for how many hours. A check-in is accepted from 30 minutes before a
 * shift starts until it ends. A shift counts once it has ended, for its full length, for everyone
 * marked attended: the person committed to the shift, a check-in is often late because a phone
 * was in a pocket, and staff marking someone attended have no check-in time; counting from the
 * check-in would make a late tap cost the volunteer hours they gave. Hours are rounded to 0.25.
 * Staff may mark attendance from a shift's start until 7 days after its end (the week after, to
 * catch up with paper sign-in sheets).
 * Distances are great-circle (haversine) metres.
 */
import type { Shift } from '../../../src/catalog/types';

export const EARLY_CHECK_IN_MS = 30 * 60_000;
/** How far from the opportunity's place a shared location is accepted. */
export const CHECK_IN_RADIUS_M = 300;

/** How long after a shift's end staff may still mark attendance. */
export const STAFF_MARK_AFTER_MS = 7 * 24 * 3_600_000;

/** When staff may mark attendance on `shift`: from its start until 7 days after its end. */
export function staffMarkWindow(shift: Shift): { opensAt: string; closesAt: string } {
  return { opensAt: shift.startsAt, closesAt: new Date(Date.parse(shift.endsAt) + STAFF_MARK_AFTER_MS).toISOString() };
}

/** Whether a check-in for `shift` is accepted at `now`. */
export function checkInOpen(shift: Shift, now: number): boolean {
  return now >= Date.parse(shift.startsAt) - EARLY_CHECK_IN_MS && now < Date.parse(shift.endsAt);
}

/** The hours a shift counts for. */
export function shiftHours(shift: Shift): number {
  return Math.round(((Date.parse(shift.endsAt) - Date.parse(shift.startsAt)) / 3_600_000) * 4) / 4;
}

/** Great-circle distance in metres. */
export function haversineMeters(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number): number => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}
