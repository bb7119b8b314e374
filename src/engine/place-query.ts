/**
 * What the runtime should look up with the geocoder before this turn is stepped (issue 14), pure:
 * the place typed at a location question that looks places up (its address part, prompts/places.ts),
 * or an address mentioned in a sentence typed where no such question is open (at the menu, or
 * where a category is asked), which the report flow keeps and offers at its location question.
 * Nothing when the deployment has no geocoder, for a pin or coordinates, a command, or a pick
 * among places already offered.
 */
import type { GeocodeRequest } from '../geo/types';
import { commandOf } from './commands';
import type { Env } from './env';
import { currentStep } from './frame-runner';
import type { Input } from './input';
import { COORDINATES } from './prompts/location';
import { addressQuery, mentionedAddress, pickOf, placesOf } from './prompts/places';
import type { Session } from './session';
import { Turn, type Flows } from './turn';

export function placeQuery(session: Session, input: Input, env: Env, flows: Flows): GeocodeRequest | null {
  if (input.kind !== 'text' || !env.catalog.jurisdiction.geocoder || commandOf(input, env)) return null;
  const locale = session.locale;
  const text = input.text.trim();
  const top = session.stack[session.stack.length - 1];
  const flow = top ? flows[top.flow] : undefined;
  // A frame of an older version is restarted or migrated by the step: no lookup for it.
  const step = top && flow && top.version === flow.version && top.current !== null ? currentStep(new Turn(session, env, flows), top) : undefined;
  if (step?.prompt.kind === 'location') {
    if (!step.prompt.geocode || COORDINATES.test(text)) return null;
    const places = placesOf(top?.scratch?.places) ?? step.prompt.offer;
    if (places && pickOf(text, places, env) !== undefined) return null;
    const query = addressQuery(text, env, locale);
    return query ? { query: query.query, locale } : null;
  }
  if (step && step.prompt.kind !== 'choice') return null;
  const mentioned = mentionedAddress(text, env, locale);
  return mentioned ? { query: mentioned, locale } : null;
}
