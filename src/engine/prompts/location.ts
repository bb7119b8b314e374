import { pointInBoundary } from '../../catalog/geo';
import type { Boundary } from '../../catalog/types';
import type { Input } from '../input';
import { lit, t } from '../text';
import { COORDINATES_MAX } from './answer-length';
import { addressQuery, choiceOf, optionsOf, pickOf, placeValue, type PlacesState } from './places';
import { answer, invalid, refusedAnswer, STALE_CHOICE, type RecognizeCtx, type Recognition } from './recognition';

export interface LocationRules {
  boundary: Boundary;
  areaName: string;
  /** A typed place is looked up with the configured geocoder (prompts/places.ts). */
  geocode?: boolean;
  /** Places offered before anything is typed: what the person mentioned earlier. */
  offer?: PlacesState;
}

/**
 * "30.27, -97.74", "30.27;-97.74" or "30.27 -97.74", on trimmed text. The separator is a comma
 * or semicolon with optional spaces, or spaces: two alternatives that cannot overlap. The old
 * `\s*[,;\s]\s*` could split a run of spaces three ways, and a digit followed by 20,000 spaces
 * cost 0.6 s (issue 9).
 */
export const COORDINATES = /^(-?\d{1,2}(?:\.\d+)?)(?:\s*[,;]\s*|\s+)(-?\d{1,3}(?:\.\d+)?)$/;
/** An address never needs more; a longer text is refused before any work is done on it. */
export const ADDRESS_MAX = 200;

/** Rounds to about 10 cm: more precision only adds noise and identifies more. */
const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * A pin (lat/lon, from a map or "30.27, -97.74" typed) inside the jurisdiction, or a typed place.
 * With `geocode`, a typed place is what the geocoder found for its address part (`env.geocoded`,
 * looked up by the runtime): inside the boundary, one exact match is the answer, anything else is
 * offered to pick from (`places`); text with no place in it is refused. Without a geocoder (or
 * without `geocode`) a typed address is kept as typed (Open311 `address_string`).
 */
export function recognizeLocation(input: Input, rules: LocationRules, ctx: RecognizeCtx): Recognition {
  const places = ctx.places ?? rules.offer;
  if (input.kind === 'location') return pin(input.lat, input.lon, rules);
  if (input.kind === 'choice') {
    const picked = choiceOf(input.choiceId, places);
    return picked === undefined ? invalid(STALE_CHOICE, [t('errors.choice_unknown')]) : chosen(picked, places);
  }
  if (input.kind !== 'text') return invalid('location_expected', [t('errors.location_expected')]);
  const text = input.text.trim();
  const coordinates = text.length <= COORDINATES_MAX ? COORDINATES.exec(text) : null;
  if (coordinates) return pin(Number(coordinates[1]), Number(coordinates[2]), rules);
  // Spaces collapse below, so only a text far longer than any address is refused unread.
  const address = text.length > ADDRESS_MAX * 10 ? text : text.replace(/\s+/g, ' ');
  if (places && address.length <= ADDRESS_MAX) {
    const picked = pickOf(address, places, ctx.env);
    if (picked !== undefined) return chosen(picked, places);
  }
  // A place name may be short ("Oak", "Elm"): where places are looked up, the geocoder decides.
  if (address.length < (rules.geocode ? 2 : 5)) return invalid('address_too_short', [t('errors.address_too_short')]);
  if (address.length > ADDRESS_MAX) return invalid('address_too_long', [t('errors.address_too_long', { max: ADDRESS_MAX })]);
  if (!rules.geocode) return answer({ address });
  return lookedUp(address, rules, ctx);
}

/** A typed place, as the geocoder answered for its address part. */
function lookedUp(address: string, rules: LocationRules, ctx: RecognizeCtx): Recognition {
  const area = rules.areaName;
  const query = addressQuery(address, ctx.env, ctx.locale);
  if (!query) return invalid('location_not_address', [t('errors.location_not_address', { area })]);
  const geocoded = ctx.env.geocoded;
  // No geocoder configured, or none asked this turn: kept as typed, as before geocoding existed.
  if (!ctx.env.catalog.jurisdiction.geocoder || geocoded?.query !== query.query) {
    return address.length < 5 ? invalid('address_too_short', [t('errors.address_too_short')]) : answer({ address });
  }
  const outcome = geocoded.outcome;
  if (outcome.kind === 'unavailable') return invalid('geocoder_unavailable', [t('errors.geocoder_unavailable')]);
  if (outcome.kind === 'none') {
    return query.shaped
      ? refusedAnswer('address_not_found', [t('errors.address_not_found', { address: lit(query.query), area })])
      : invalid('location_not_address', [t('errors.location_not_address', { area })]);
  }
  const options = optionsOf(outcome.matches, rules.boundary, ctx.locale);
  const [first] = options;
  if (!first) return refusedAnswer('location_outside', [t('errors.address_outside', { address: lit(query.query), area })]);
  const exact = outcome.matches.filter((m) => pointInBoundary(rules.boundary, m.lat, m.lon))[0]?.exact === true;
  if (options.length === 1 && exact) return { kind: 'answer', value: placeValue(first), note: [t('location.found', { place: lit(first.label) })] };
  return { kind: 'places', places: { options } };
}

/** A pick among offered places: the place, or (none of these) the question again. */
function chosen(picked: number | 'none', places: PlacesState | undefined): Recognition {
  const option = picked === 'none' ? undefined : places?.options[picked];
  if (!option) return { kind: 'places', places: { options: [] }, reason: [t('location.none_picked')] };
  return answer(placeValue(option));
}

function pin(lat: number, lon: number, rules: LocationRules): Recognition {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return invalid('location_invalid', [t('errors.location_invalid')]);
  }
  if (!pointInBoundary(rules.boundary, lat, lon)) {
    return invalid('location_outside', [t('errors.location_outside', { area: rules.areaName })]);
  }
  return answer({ lat: round6(lat), lon: round6(lon) });
}
