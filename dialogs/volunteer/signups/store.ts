/**
 * Sign-ups for shifts with exact capacity (issue 13). A shift has `capacity` places; a sign-up
 * takes one atomically (Redis: one script per change), or joins the shift's waitlist when the
 * opportunity keeps one, or is refused as full. One sign-up per person per shift. Cancelling
 * frees the place and promotes the first person waiting, in order, in the same atomic step;
 * so does raising a shift's capacity. Lowering it never removes anyone already confirmed (the
 * shift is then over capacity until people cancel; staff are told).
 *
 * `person` is a pseudonym (src/runtime/once-claims.ts participantId with scope `volunteer`), never
 * a chat identity; `conversationId` is where the person hears of a promotion, a reminder or a
 * change (the runtime injects an input there, like an agency's status update).
 */

/** `cancelled_by_agency`: the agency cancelled the shift (the sign-up stays, so "my sign-ups" can say so). */
export type SignUpStatus = 'confirmed' | 'waitlisted' | 'cancelled_by_agency';

/** A place or a waitlist spot still held. */
export type HeldStatus = Exclude<SignUpStatus, 'cancelled_by_agency'>;

/** One person's place on a shift, as kept. */
export interface SignUp {
  /** Unique id of this sign-up (the result's id; reminders and rosters use it). */
  id: string;
  shiftId: string;
  person: string;
  conversationId: string;
  status: SignUpStatus;
  /**
   * ISO instant it was taken. The waitlist is in the order sign-ups reached the store (by this
   * whenever the clock is monotonic; equal instants in arrival order): under concurrency, a position told to someone
   * never worsens because a request stamped a millisecond earlier arrived later.
   */
  at: string;
}

export type SignUpOutcome =
  | { outcome: 'confirmed'; signUp: SignUp }
  /** `position`: 1 = next to be promoted. */
  | { outcome: 'waitlisted'; signUp: SignUp; position: number }
  | { outcome: 'full' }
  /** The agency cancelled the shift: nobody signs up any more. */
  | { outcome: 'cancelled' }
  /** This person already holds a place (or a waitlist spot) on this shift: nothing changed. */
  | { outcome: 'already'; signUp: SignUp };

export interface CancelOutcome {
  /** The sign-up that was cancelled (undefined: the person had none on this shift). */
  cancelled?: SignUp;
  /** Whoever took the freed place, in order (their status is now `confirmed`). */
  promoted: SignUp[];
}

export interface ShiftCounts {
  confirmed: number;
  waitlisted: number;
}

export interface SignUpStore {
  /** Takes a place on the shift if one is free, else a waitlist spot (when `waitlist`), else full. */
  signUp(req: { id: string; shiftId: string; person: string; conversationId: string; capacity: number; waitlist: boolean; at: string }): Promise<SignUpOutcome>;
  /** Cancels the person's sign-up on the shift and promotes from the waitlist into the freed place. */
  cancel(shiftId: string, person: string, capacity: number): Promise<CancelOutcome>;
  /** A shift's capacity changed: promotes as many waiting as now fit (never demotes). */
  resize(shiftId: string, capacity: number): Promise<SignUp[]>;
  /** Places taken and people waiting, per shift (one round trip for any number of shifts on one node). */
  counts(shiftIds: readonly string[]): Promise<Record<string, ShiftCounts>>;
  /** Everyone on a shift: confirmed (in sign-up order) and the waitlist (in order). */
  roster(shiftId: string): Promise<{ confirmed: SignUp[]; waitlist: SignUp[] }>;
  /**
   * The agency cancelled the shift: closes it to sign-ups and ends every sign-up on it as
   * `cancelled_by_agency` (nobody is promoted), atomically. Returns everyone whose sign-up it
   * ended, with the status they had, confirmed first; again (a retried pass), the same people.
   */
  cancelShift(shiftId: string): Promise<SignUp[]>;
  /** The person's sign-ups on every shift (held, or ended by the agency), soonest taken first. */
  ofPerson(person: string): Promise<SignUp[]>;
  /** One sign-up still held (confirmed or waiting), by its id (the calendar link's); undefined once cancelled (by anyone) or forgotten. */
  byId(id: string): Promise<SignUp | undefined>;
  /** "Delete my data": cancels every sign-up of the person (promoting where places free), returns what happened per shift. */
  forget(person: string, capacityOf: (shiftId: string) => number | undefined): Promise<CancelOutcome[]>;
}
