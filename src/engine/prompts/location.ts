import { pointInBoundary } from '../../catalog/geo';
import type { Boundary } from '../../catalog/types';
import type { Input } from '../input';
import { t } from '../text';
import { COORDINATES_MAX } from './answer-length';
import { answer, invalid, type Recognition } from './recognition';

export interface LocationRules {
  boundary: Boundary;
  areaName: string;
}

/**
 * "30.27, -97.74", "30.27;-97.74" or "30.27 -97.74", on trimmed text. The separator is a comma
 * or semicolon with optional spaces, or spaces: two alternatives that cannot overlap. The old
 * `\s*[,;\s]\s*` could split a run of spaces three ways, and a digit followed by 20,000 spaces
 * cost 0.6 s (issue 9).
 */
const COORDINATES = /^(-?\d{1,2}(?:\.\d+)?)(?:\s*[,;]\s*|\s+)(-?\d{1,3}(?:\.\d+)?)$/;
/** An address never needs more; a longer text is refused before any work is done on it. */
const ADDRESS_MAX = 200;

/** Rounds to about 10 cm: more precision only adds noise and identifies more. */
const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * A pin (lat/lon, from a map or "30.27, -97.74" typed) inside the jurisdiction, or a typed
 * street address (Open311 `address_string`). Addresses are not geocoded here.
 */
export function recognizeLocation(input: Input, rules: LocationRules): Recognition {
  if (input.kind === 'location') return pin(input.lat, input.lon, rules);
  if (input.kind !== 'text') return invalid('location_expected', [t('errors.location_expected')]);
  const text = input.text.trim();
  const coordinates = text.length <= COORDINATES_MAX ? COORDINATES.exec(text) : null;
  if (coordinates) return pin(Number(coordinates[1]), Number(coordinates[2]), rules);
  // Spaces collapse below, so only a text far longer than any address is refused unread.
  const address = text.length > ADDRESS_MAX * 10 ? text : text.replace(/\s+/g, ' ');
  if (address.length < 5) return invalid('address_too_short', [t('errors.address_too_short')]);
  if (address.length > ADDRESS_MAX) return invalid('address_too_long', [t('errors.address_too_long', { max: ADDRESS_MAX })]);
  return answer({ address });
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
