/**
 * The offline geocoder: the catalogue's gazetteer CSV (src/catalog/gazetteer-csv.ts), matched in
 * memory (gazetteer-match.ts). No network, no cache needed (a match costs microseconds), the same
 * answers every time: the demo city and the tests use it, and so can a city with its own street list.
 */
import type { Gazetteer } from '../catalog/types';
import { indexGazetteer } from './gazetteer-index';
import { matchGazetteer } from './gazetteer-match';
import type { GeocodeOutcome, GeocodeRequest, Geocoder } from './types';

export class GazetteerGeocoder implements Geocoder {
  readonly provider = 'gazetteer';

  constructor(
    private readonly gazetteer: Gazetteer,
    /** Names are shown in the request's language, else in this one (the catalogue's default). */
    private readonly defaultLocale: string,
  ) {}

  /** Synchronous underneath: the same answer as `geocode`, for callers that cannot wait. */
  match(request: GeocodeRequest): GeocodeOutcome {
    return matchGazetteer(indexGazetteer(this.gazetteer), request.query, request.locale, this.defaultLocale);
  }

  geocode(request: GeocodeRequest): Promise<GeocodeOutcome> {
    return Promise.resolve(this.match(request));
  }
}
