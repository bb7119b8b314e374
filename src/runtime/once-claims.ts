/**
 * "Once per person" (issue 11), generic over result kinds: a `result_submitted` event that
 * declares `once: <scope>` is claimed for the turn's person before the commit. The first claim
 * makes a new result; a later one (another conversation of the same person, a second tab, a
 * change of mind) replaces the one it displaced: the runtime adds `replaces: <previous id>`.
 * Every such result gets `participant`, a keyed hash of scope and person (the agency's
 * pseudonym for the person in that scope: stable within it, unlinkable across scopes, never the
 * chat identity). A claim whose commit did not happen is released.
 *
 * A claim holds `<result id>@<submitted at>` (claims written before the date was kept hold the
 * id alone), so a dialog can say "you answered on 3 May" (onceAnswered).
 */
import crypto from 'node:crypto';
import type { EngineEvent } from '../engine/events';
import type { Json } from '../engine/json';
import type { Session } from '../engine/session';
import type { ParticipationStore } from '../state/participation-store';

/** Characters of the base64url participant id (132 bits). */
export const PARTICIPANT_ID_CHARS = 22;

/** What claiming needs: the store and the per-deployment secret the pseudonyms are keyed with. */
export interface Participation {
  store: ParticipationStore;
  secret: string;
  /** How long a claim is kept (the retention of the responses it counts); unset: kept. */
  keepSeconds?: number;
}

/** The participant id of `person` in `scope`: HMAC-SHA256(secret, scope NUL person), base64url, truncated. */
export function participantId(secret: string, scope: string, person: string): string {
  return crypto.createHmac('sha256', secret).update(`${scope}\u0000${person}`).digest('base64url').slice(0, PARTICIPANT_ID_CHARS);
}

/** A claim made this turn (to release if the commit does not happen). */
export interface Claim {
  scope: string;
  participant: string;
  /** What this turn's claim holds (claimValue). */
  held: string;
  /** What it displaced, as held. */
  previous: string | null;
}

/** What a claim holds: the result id and when it was submitted. */
export const claimValue = (resultId: string, submittedAt: string): string => `${resultId}@${submittedAt}`;

/** A held claim read back: the result id, and when it was submitted ('' for claims older than the date). */
export function parseClaim(held: string): { id: string; at: string } {
  const at = held.indexOf('@');
  return at < 0 ? { id: held, at: '' } : { id: held.slice(0, at), at: held.slice(at + 1) };
}

/**
 * For each scope, when `person`'s current result there was submitted ('' when unknown), or null
 * when they have none (Env.onceAnswered). The lookups run concurrently: one round trip.
 */
export async function onceAnswered(participation: Participation | undefined, person: string, scopes: readonly string[]): Promise<Record<string, string | null>> {
  if (!participation || scopes.length === 0) return {};
  const held = await Promise.all(scopes.map((scope) => participation.store.current(scope, participantId(participation.secret, scope, person))));
  return Object.fromEntries(scopes.map((scope, i) => {
    const value = held[i];
    return [scope, value === null || value === undefined ? null : parseClaim(value).at];
  }));
}

/**
 * Claims every `once` result of `events` for `person` and returns the events with `participant`
 * (and `replaces`) added to those results' payloads. Without `participation` nothing changes.
 */
export async function claimOnce(
  participation: Participation | undefined,
  person: string,
  events: readonly EngineEvent[],
  submittedAt: string,
): Promise<{ events: EngineEvent[]; claims: Claim[] }> {
  const claims: Claim[] = [];
  if (!participation) return { events: [...events], claims };
  const out: EngineEvent[] = [];
  for (const e of events) {
    if (e.type !== 'result_submitted' || e.once === undefined || !isObject(e.payload)) {
      out.push(e);
      continue;
    }
    const participant = participantId(participation.secret, e.once, person);
    // The result's own time when it has one (a consultation response's submittedAt), else the turn's.
    const held = claimValue(e.id, typeof e.payload.submittedAt === 'string' ? e.payload.submittedAt : submittedAt);
    const previous = await participation.store.claim(e.once, participant, held, participation.keepSeconds);
    claims.push({ scope: e.once, participant, held, previous });
    const payload: { [key: string]: Json } = { ...e.payload, participant };
    const replaced = previous === null ? null : parseClaim(previous).id;
    if (replaced !== null && replaced !== e.id) payload.replaces = replaced;
    out.push({ ...e, payload });
  }
  return { events: out, claims };
}

/** Undoes this turn's claims (newest first) after a commit that did not happen. */
export async function releaseClaims(participation: Participation | undefined, claims: readonly Claim[]): Promise<void> {
  if (!participation) return;
  for (const c of [...claims].reverse()) await participation.store.release(c.scope, c.participant, c.held, c.previous);
}

/**
 * The person a turn speaks for: the adapter's stable id (a string, or read from the session the
 * adapter stored it in), else the conversation itself (then "once" means once per conversation).
 */
export function personOf(person: string | ((session: Session) => string | undefined) | undefined, session: Session, conversationId: string): string {
  const resolved = typeof person === 'function' ? person(session) : person;
  return resolved ?? session.person ?? `conversation:${conversationId}`;
}

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
