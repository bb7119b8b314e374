/**
 * SignUpStore in one process's memory (the embedded default, `npm start`, and tests). JavaScript
 * runs one call at a time, so every change is atomic as it stands; the rules are the Redis
 * store's (redis-store.ts), which the contract test runs on both:
 *
 * - sign-ups are ordered by arrival (a per-shift sequence number): the confirmed in the order
 *   they signed up, the waitlist in the order people joined it, so a position told to someone
 *   never gets worse because of a later arrival;
 * - a free place goes to a newcomer only when nobody is waiting (someone waiting is ahead: a
 *   capacity raised without `resize` leaves free places that `resize` gives to the waitlist);
 * - a place freed by a cancellation goes to the first waiting, as many as now fit.
 */
import type { CancelOutcome, ShiftCounts, SignUp, SignUpOutcome, SignUpStore } from './store';

/** A sign-up as kept: its status is where it sits (confirmed or waitlist). */
type Held = Omit<SignUp, 'status'> & { seq: number };

interface MemoryShift {
  seq: number;
  /** id -> sign-up, in arrival order (a promoted one is always later than every confirmed). */
  confirmed: Map<string, Held>;
  /** id -> sign-up, in arrival order. */
  waitlist: Map<string, Held>;
  /** person -> sign-up id. */
  byPerson: Map<string, string>;
  /** Set once the agency cancelled the shift: the sign-ups it ended, by the status they had. */
  ended?: { confirmed: Map<string, Held>; waitlist: Map<string, Held> };
}

const as = (h: Held, status: SignUp['status']): SignUp => ({ id: h.id, shiftId: h.shiftId, person: h.person, conversationId: h.conversationId, status, at: h.at });

export class MemorySignUpStore implements SignUpStore {
  readonly #shifts = new Map<string, MemoryShift>();

  #of(shiftId: string): MemoryShift {
    let s = this.#shifts.get(shiftId);
    if (!s) this.#shifts.set(shiftId, (s = { seq: 0, confirmed: new Map(), waitlist: new Map(), byPerson: new Map() }));
    return s;
  }

  async signUp(req: { id: string; shiftId: string; person: string; conversationId: string; capacity: number; waitlist: boolean; at: string }): Promise<SignUpOutcome> {
    const s = this.#of(req.shiftId);
    if (s.ended) return { outcome: 'cancelled' };
    const heldId = s.byPerson.get(req.person);
    if (heldId !== undefined) {
      const confirmed = s.confirmed.get(heldId);
      if (confirmed) return { outcome: 'already', signUp: as(confirmed, 'confirmed') };
      const waiting = s.waitlist.get(heldId);
      if (waiting) return { outcome: 'already', signUp: as(waiting, 'waitlisted') };
    }
    const free = s.confirmed.size < req.capacity && s.waitlist.size === 0;
    if (!free && !req.waitlist) return { outcome: 'full' };
    s.seq += 1;
    const held: Held = { id: req.id, shiftId: req.shiftId, person: req.person, conversationId: req.conversationId, at: req.at, seq: s.seq };
    s.byPerson.set(req.person, req.id);
    if (free) {
      s.confirmed.set(req.id, held);
      return { outcome: 'confirmed', signUp: as(held, 'confirmed') };
    }
    s.waitlist.set(req.id, held);
    return { outcome: 'waitlisted', signUp: as(held, 'waitlisted'), position: s.waitlist.size };
  }

  async cancel(shiftId: string, person: string, capacity: number): Promise<CancelOutcome> {
    const s = this.#shifts.get(shiftId);
    const id = s?.byPerson.get(person);
    if (!s || id === undefined) return { promoted: [] };
    s.byPerson.delete(person);
    if (s.ended) {
      // The agency ended it already: the person's record is forgotten, nothing was held.
      s.ended.confirmed.delete(id);
      s.ended.waitlist.delete(id);
      return { promoted: [] };
    }
    const confirmed = s.confirmed.get(id);
    if (confirmed) {
      s.confirmed.delete(id);
      return { cancelled: as(confirmed, 'confirmed'), promoted: promote(s, capacity) };
    }
    const waiting = s.waitlist.get(id);
    s.waitlist.delete(id);
    return waiting ? { cancelled: as(waiting, 'waitlisted'), promoted: [] } : { promoted: [] };
  }

  async resize(shiftId: string, capacity: number): Promise<SignUp[]> {
    const s = this.#shifts.get(shiftId);
    return s ? promote(s, capacity) : [];
  }

  async counts(shiftIds: readonly string[]): Promise<Record<string, ShiftCounts>> {
    const out: Record<string, ShiftCounts> = {};
    for (const id of shiftIds) {
      const s = this.#shifts.get(id);
      out[id] = { confirmed: s?.confirmed.size ?? 0, waitlisted: s?.waitlist.size ?? 0 };
    }
    return out;
  }

  async roster(shiftId: string): Promise<{ confirmed: SignUp[]; waitlist: SignUp[] }> {
    const s = this.#shifts.get(shiftId);
    if (!s) return { confirmed: [], waitlist: [] };
    const bySeq = (a: Held, b: Held) => a.seq - b.seq;
    return {
      confirmed: [...s.confirmed.values()].sort(bySeq).map((h) => as(h, 'confirmed')),
      waitlist: [...s.waitlist.values()].map((h) => as(h, 'waitlisted')),
    };
  }

  async cancelShift(shiftId: string): Promise<SignUp[]> {
    const s = this.#of(shiftId);
    if (!s.ended) {
      s.ended = { confirmed: s.confirmed, waitlist: s.waitlist };
      s.confirmed = new Map();
      s.waitlist = new Map();
    }
    const bySeq = (a: Held, b: Held) => a.seq - b.seq;
    return [...[...s.ended.confirmed.values()].sort(bySeq).map((h) => as(h, 'confirmed')), ...[...s.ended.waitlist.values()].map((h) => as(h, 'waitlisted'))];
  }

  async ofPerson(person: string): Promise<SignUp[]> {
    const out: SignUp[] = [];
    for (const s of this.#shifts.values()) {
      const id = s.byPerson.get(person);
      if (id === undefined) continue;
      const confirmed = s.confirmed.get(id);
      const waiting = s.waitlist.get(id);
      const ended = s.ended?.confirmed.get(id) ?? s.ended?.waitlist.get(id);
      if (confirmed) out.push(as(confirmed, 'confirmed'));
      else if (waiting) out.push(as(waiting, 'waitlisted'));
      else if (ended) out.push(as(ended, 'cancelled_by_agency'));
    }
    return out.sort(soonestTaken);
  }

  async byId(id: string): Promise<SignUp | undefined> {
    for (const s of this.#shifts.values()) {
      const confirmed = s.confirmed.get(id);
      if (confirmed) return as(confirmed, 'confirmed');
      const waiting = s.waitlist.get(id);
      if (waiting) return as(waiting, 'waitlisted');
    }
    return undefined;
  }

  /** A shift the catalogue no longer knows (capacity undefined) promotes nobody. Soonest taken first. */
  async forget(person: string, capacityOf: (shiftId: string) => number | undefined): Promise<CancelOutcome[]> {
    const out: CancelOutcome[] = [];
    for (const [shiftId, s] of this.#shifts) {
      if (!s.byPerson.has(person)) continue;
      const result = await this.cancel(shiftId, person, capacityOf(shiftId) ?? 0);
      if (result.cancelled) out.push(result);
    }
    return out.sort((a, b) => soonestTaken(a.cancelled!, b.cancelled!));
  }
}

/** Moves the first waiting into free places while there are any; returns them, now confirmed. */
function promote(s: MemoryShift, capacity: number): SignUp[] {
  const promoted: SignUp[] = [];
  for (const [id, held] of s.waitlist) {
    if (s.confirmed.size >= capacity) break;
    s.waitlist.delete(id);
    s.confirmed.set(id, held);
    promoted.push(as(held, 'confirmed'));
  }
  return promoted;
}

/** `ofPerson`'s order: the sign-up taken first comes first (ties by id). */
export function soonestTaken(a: SignUp, b: SignUp): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
