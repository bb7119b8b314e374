/**
 * Volunteering and co-production as the rest of WeGov sees them (issue 13; allReady's
 * opportunities and shifts, Decidim meetings' registrations, Adopt-a-Drain): opportunities with
 * shifts of exact capacity, and public assets residents can adopt. Defined in the catalogue;
 * shifts also change through the admin API and `wegov volunteer:import` (they then live in the
 * volunteering store, merged over the catalogue's). Times are ISO instants in UTC (the catalogue
 * gives them in the jurisdiction's zone).
 */
import type { LocalizedText } from './basic-types';
import type { Question } from './consultation-types';

export interface Shift {
  /** Stable within the deployment (sign-ups, reminders and rosters use it). */
  id: string;
  startsAt: string;
  endsAt: string;
  /** Places; at least 1. */
  capacity: number;
  /** Set once the agency cancelled it: it is never listed again, but sign-ups and notices can still name it. */
  cancelled?: { at: string; reason?: LocalizedText };
}

export interface Opportunity {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  /** The owning agency (its sinks receive sign-ups, cancellations and attendance). */
  agency: string;
  place: { lat: number; lon: number; address: LocalizedText };
  /** Skills and topics people filter by ("outdoors", "lifting", "reading"). */
  tags: string[];
  /** Self-declared minimum age, when there is one. */
  minAge?: number;
  /** Each acknowledged before signing up ("I can lift 10 kg"). */
  requirements: LocalizedText[];
  /** Asked at sign-up (the consultation question types). */
  questions: Question[];
  /** When full: a waitlist (promoted in order when a place frees), or "full". */
  waitlist: boolean;
  shifts: Shift[];
}

/** A public asset a resident can adopt (a storm drain, a tree, a hydrant, a bench). */
export interface AdoptableAsset {
  id: string;
  /** `storm_drain`, `tree`, `hydrant`, `bench`, ... */
  type: string;
  name: LocalizedText;
  lat: number;
  lon: number;
  /** The agency that looks after it (a "needs the city" report goes to it). */
  agency: string;
}
