/**
 * Typed places looked up before a turn is stepped (issue 14): the engine says what to look up
 * (Engine.placeQuery, pure), the configured geocoder (src/geo: gazetteer, Nominatim or Pelias,
 * cached and rate-limited there) answers, and the answer goes to the engine in `env.geocoded`,
 * where the location question checks it against the boundary like a pin. A geocoder never throws
 * (a failure is `unavailable`: the person is told and can send a pin or try again); a bug that
 * throws anyway is caught here the same way, so a turn is never lost to a lookup. Nothing about
 * the query is logged (it is what the person typed).
 */
import type { Engine } from '../engine/engine';
import type { Env } from '../engine/env';
import type { Input } from '../engine/input';
import type { Session } from '../engine/session';
import type { Geocoder } from '../geo/types';
import type { Logger } from '../log';

export async function withGeocoded(
  deps: { engine: Pick<Engine, 'placeQuery'>; geocoder?: Geocoder; logger?: Logger },
  session: Session,
  input: Input,
  env: Env,
): Promise<Env> {
  if (!deps.geocoder) return env;
  const request = deps.engine.placeQuery(session, input, env);
  if (!request) return env;
  try {
    return { ...env, geocoded: { query: request.query, outcome: await deps.geocoder.geocode(request) } };
  } catch (error) {
    deps.logger?.error({ provider: deps.geocoder.provider, err: error instanceof Error ? error.name : 'unknown' }, 'geocoder threw; answered as unavailable');
    return { ...env, geocoded: { query: request.query, outcome: { kind: 'unavailable', code: 'network' } } };
  }
}
