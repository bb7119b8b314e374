import type { Consultation } from '../../src/catalog/types';
import { inSlackAudience } from '../../src/catalog/slack-audience';
import type { Env } from '../../src/engine/env';
import type { Session } from '../../src/engine/session';

/** Who asks: their channel and the facts their adapter recorded (Slack: user id, listed channels). */
export type Who = Pick<Session, 'channel' | 'channelData'>;

export type Openness = 'not_yet_open' | 'open' | 'closed';

/** Whether a consultation takes answers now (its own open and close times, inclusive of open). */
export function openness(c: Consultation, now: Date): Openness {
  const t = now.getTime();
  if (t < Date.parse(c.opensAt)) return 'not_yet_open';
  if (t >= Date.parse(c.closesAt)) return 'closed';
  return 'open';
}

/**
 * Who may take part where: public ones on every channel; staff ones only in Slack, and when they
 * list users or channels only those users and those channels' members. Given only a channel
 * name (no person), the lists are not checked: audience.ts checks them where the person is.
 */
export function reachable(c: Consultation, who: string | Who): boolean {
  if (c.audience.kind === 'public') return true;
  if (typeof who === 'string') return who === 'slack';
  return who.channel === 'slack' && inSlackAudience(c.audience, who.channelData);
}

/** The consultations open now that this person (or anyone on a channel) may answer, in catalogue order. */
export function openFor(env: Env, who: string | Who): Consultation[] {
  return env.catalog.consultations.filter((c) => openness(c, env.now()) === 'open' && reachable(c, who));
}
