/**
 * "Once per person" (issue 11), generic over result kinds: a `result_submitted` event that
 * declares `once: <scope>` is claimed for the turn's person before the commit. The first claim
 * makes a new result; a later one (another conversation of the same person, a second tab, a
 * change of mind) replaces the one it displaced: the runtime adds `replaces: <previous id>`.
 * Every such result gets `participant`, a keyed hash of scope and person (the agency's
 * pseudonym for the person in that scope: stable within it, unlinkable across scopes, never the
 * chat identity). A claim whose commit did not happen is released.
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
  responseId: string;
  previous: string | null;
}

/**
 * Claims every `once` result of `events` for `person` and returns the events with `participant`
 * (and `replaces`) added to those results' payloads. Without `participation` nothing changes.
 */
export async function claimOnce(
  participation: Participation | undefined,
  person: string,
  events: readonly EngineEvent[],
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
    const previous = await participation.store.claim(e.once, participant, e.id, participation.keepSeconds);
    claims.push({ scope: e.once, participant, responseId: e.id, previous });
    const payload: { [key: string]: Json } = { ...e.payload, participant };
    if (previous !== null && previous !== e.id) payload.replaces = previous;
    out.push({ ...e, payload });
  }
  return { events: out, claims };
}

/** Undoes this turn's claims (newest first) after a commit that did not happen. */
export async function releaseClaims(participation: Participation | undefined, claims: readonly Claim[]): Promise<void> {
  if (!participation) return;
  for (const c of [...claims].reverse()) await participation.store.release(c.scope, c.participant, c.responseId, c.previous);
}

/**
 * The person a turn speaks for: the adapter's stable id (a string, or read from the session the
 * adapter stored it in), else the conversation itself (then "once" means once per conversation).
 */
export function personOf(person: string | ((session: Session) => string | undefined) | undefined, session: Session, conversationId: string): string {
  const resolved = typeof person === 'function' ? person(session) : person;
  return resolved ?? `conversation:${conversationId}`;
}

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
