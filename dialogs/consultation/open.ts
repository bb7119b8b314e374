import type { Consultation } from '../../src/catalog/types';
import type { Env } from '../../src/engine/env';

export type Openness = 'not_yet_open' | 'open' | 'closed';

/** Whether a consultation takes answers now (its own open and close times, inclusive of open). */
export function openness(c: Consultation, now: Date): Openness {
  const t = now.getTime();
  if (t < Date.parse(c.opensAt)) return 'not_yet_open';
  if (t >= Date.parse(c.closesAt)) return 'closed';
  return 'open';
}

/** Who may take part where: public ones on every channel; staff ones only in Slack. */
export function reachable(c: Consultation, channel: string): boolean {
  return c.audience.kind === 'public' || channel === 'slack';
}

/** The consultations open now that a person on `channel` may answer, in catalogue order. */
export function openFor(env: Env, channel: string): Consultation[] {
  return env.catalog.consultations.filter((c) => openness(c, env.now()) === 'open' && reachable(c, channel));
}
