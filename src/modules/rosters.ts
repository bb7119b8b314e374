/**
 * Shift rosters for staff (issue 13): who is on a shift, as plain, channel-free data that a
 * staff channel renders its own way (the Slack roster card and `/wegov roster`,
 * adapters/slack/roster). A module that has shifts offers them through its services
 * (src/modules/services.ts, `rosters`); the composition root hands the merged provider to the
 * channels and to the outbox's Slack sink, so no adapter names a module.
 *
 * Texts are already in the reader's language; times are ISO instants. People appear by their
 * volunteering pseudonym only (a channel shows "Volunteer 1…n" and each one's per-shift `ref`,
 * never the pseudonym); no chat identity, and no contact details (none are collected:
 * `contactDetails` says so, for the card's header).
 *
 * Staff mark attendance through the same provider (`markAttendance`, optional: a module without
 * attendance leaves it out): a volunteer is named by the shift and their `ref`, which means
 * nothing on any other shift, so a channel can put it in a button without exposing anyone.
 */

export type RosterStatus = 'confirmed' | 'waitlisted';

/** One person on a shift. */
export interface RosterVolunteer {
  signUpId: string;
  /** The person's volunteering pseudonym (never a chat identity). */
  volunteer: string;
  status: RosterStatus;
  /** 1-based, within the confirmed list or within the waitlist (1 = next to be promoted). */
  position: number;
  signedUpAt: string;
  /** Answers to the sign-up questions by question id, as text in the reader's language ('' when not answered or not known yet). */
  answers: Record<string, string>;
  /**
   * An opaque reference to this person on this shift only (a keyed hash: the same person has
   * another on every other shift), safe to show staff and to carry in a button.
   */
  ref: string;
  /** Marked attended: they checked in themselves, or staff marked them. Absent: not (yet). */
  attended?: 'checked_in' | 'marked';
}

/** A shift's roster at one moment (every change re-reads it: a card shows the latest state). */
export interface RosterSnapshot {
  shiftId: string;
  opportunityId: string;
  agencyId: string;
  title: string;
  address: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  waitlist: boolean;
  /** The sign-up questions (statements left out), in order. */
  questions: { id: string; text: string }[];
  /** Confirmed first (in sign-up order), then the waitlist (in order). */
  volunteers: RosterVolunteer[];
  /** Whether any contact details reach the agency with this roster (only with consent; none are collected today). */
  contactDetails: boolean;
  /** When staff may mark attendance (ISO instants); absent when the provider takes no marks. */
  attendance?: { opensAt: string; closesAt: string };
  /** The agency cancelled the shift: when, and the reason in the reader's language (if one was given). */
  cancelled?: { at: string; reason?: string };
}

/** One shift in a list of shifts, with its counts. */
export interface RosterSummary {
  shiftId: string;
  opportunityId: string;
  agencyId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  confirmed: number;
  waitlisted: number;
}

/** A sign-up's raw answers, by question id, as its result carries them. */
export interface PendingAnswers {
  signUpId: string;
  answers: Readonly<Record<string, unknown>>;
}

/** Staff marking one confirmed volunteer of a shift attended (or not). */
export interface AttendanceMark {
  shiftId: string;
  /** The volunteer's `ref` on that shift (RosterVolunteer.ref). */
  ref: string;
  attended: boolean;
  /** Who marked them, as the channel names its user (`slack:U0123`): kept with the mark, never shown. */
  by: string;
}

/**
 * `marked`/`unmarked`: recorded; `unchanged`: it already was so (a check-in or an earlier click
 * stands); `not_open`/`closed`: before the shift's start or past the marking window;
 * `unknown_volunteer`: the ref names nobody confirmed on that shift.
 */
export type AttendanceMarkOutcome = 'marked' | 'unmarked' | 'unchanged' | 'unknown_shift' | 'unknown_volunteer' | 'not_open' | 'closed';

export interface RosterProvider {
  /**
   * The shift's roster in `locale`; null for a shift nobody knows. `pending`: a sign-up's answers
   * the caller holds (the result it is delivering), shown if the module has not recorded them yet.
   */
  roster(shiftId: string, locale: string, pending?: PendingAnswers): Promise<RosterSnapshot | null>;
  /** Shifts that have not ended at `now`, soonest first, with their counts. */
  upcoming(locale: string, now: Date): Promise<RosterSummary[]>;
  /** Records staff's attendance mark (idempotent), in the same store as people's own check-ins. */
  markAttendance?(mark: AttendanceMark, now: Date): Promise<AttendanceMarkOutcome>;
}

/** Several modules' rosters as one: the first that knows a shift answers. */
export function mergeRosters(all: readonly RosterProvider[]): RosterProvider {
  return {
    async roster(shiftId, locale, pending) {
      for (const p of all) {
        const found = await p.roster(shiftId, locale, pending);
        if (found) return found;
      }
      return null;
    },
    async upcoming(locale, now) {
      const lists = await Promise.all(all.map((p) => p.upcoming(locale, now)));
      return lists.flat().sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.shiftId.localeCompare(b.shiftId));
    },
    async markAttendance(mark, now) {
      for (const p of all) {
        const outcome = (await p.markAttendance?.(mark, now)) ?? 'unknown_shift';
        if (outcome !== 'unknown_shift') return outcome;
      }
      return 'unknown_shift';
    },
  };
}

/** Shift ids are slugs; anything else is answered like an unknown shift. */
export const SHIFT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;
