/**
 * Typed places at a location question (issue 14), pure: which part of a text to look up (the
 * address the extractor finds, src/nlu/entities/address.ts, or a short phrase that may be a place
 * name), the geocoder's matches (looked up by the runtime, src/runtime/geocoding.ts, and handed in
 * as `env.geocoded`) turned into places to offer, and a person's pick among them.
 *
 * What a match leads to follows FixMyStreet (mySociety): one geocoder result goes straight on to the
 * map at that place, several are listed to pick from ("We found more than one match for that
 * location", its geocoder's list of choices), and the map pin is where the person corrects it. A chat has no map,
 * so only a match that is what was typed (`exact`: a house number in the street's range, a
 * crossing, a named place) goes straight on, said back ("Found: 12 Oak Ave"), with the review step
 * as the place to change it; a guess (a street's middle, a misspelling) is confirmed yes/no first.
 */
import { pointInBoundary } from '../../catalog/geo';
import type { Boundary } from '../../catalog/types';
import { indexGazetteer } from '../../geo/gazetteer-index';
import type { GeoMatch } from '../../geo/types';
import { firstAddress } from '../../nlu/entities/address';
import type { KnownNames } from '../../nlu/entities/address';
import { normalize } from '../../nlu/normalize';
import type { Env } from '../env';
import type { Json } from '../json';
import type { OutChoice, OutMessage } from '../message';
import { lit, t, type Text } from '../text';
import { says } from '../vocabulary';

/** One place offered to pick from: a match inside the boundary, named in words. */
export interface PlaceOption {
  lat: number;
  lon: number;
  /** The address in words, as stored with the report: "12 Oak Ave", "Calle Mayor 5", "5th St & Elm St". */
  label: string;
  /** Where in the city, when two options share a label (two Park Rds): `n`, `ne`, ... `c`. */
  part?: string;
}

/** Places waiting for a pick: found for what was typed, or for what was mentioned before (`mentioned`). Empty: declined. */
export interface PlacesState {
  options: PlaceOption[];
  mentioned?: boolean;
}

export const PLACE_CHOICE = 'place:';
export const PLACE_NONE = 'place:none';

/** A phrase longer than this with no address in it is a sentence, not a place name. */
const MAX_PLACE_WORDS = 5;

/** The gazetteer's street and place names (the extractor then finds "Elm" alone); none for an online geocoder. */
function knownNames(env: Env): KnownNames | undefined {
  const g = env.catalog.jurisdiction.geocoder;
  return g?.type === 'gazetteer' ? indexGazetteer(g).known : undefined;
}

/**
 * What to look up for a text typed at a location question: the address in it (`shaped`), else the
 * text itself when it is short enough to be a place name ("near the library"); undefined for a
 * sentence with no address ("It has been out for a week").
 */
export function addressQuery(text: string, env: Env, locale: string): { query: string; shaped: boolean } | undefined {
  const known = knownNames(env);
  const found = firstAddress(text, { locale, ...(known ? { known } : {}) });
  if (found) return { query: found.text, shaped: true };
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0 || words.length > MAX_PLACE_WORDS || !/\p{L}/u.test(trimmed)) return undefined;
  return { query: trimmed, shaped: false };
}

/** An address mentioned in a sentence said before any location question ("the light outside 12 Oak Ave is out"). */
export function mentionedAddress(text: string, env: Env, locale: string): string | undefined {
  const known = knownNames(env);
  return firstAddress(text, { locale, ...(known ? { known } : {}) })?.text;
}

/** "12 Oak Ave" in English and French order, "Calle Mayor 5" elsewhere; "5th St & Elm St" for a crossing. */
export function labelOf(m: GeoMatch, locale: string): string {
  if (m.cross !== undefined) return `${m.name} & ${m.cross}`;
  if (m.number === undefined) return m.name;
  const numberFirst = ['en', 'fr'].includes(locale.split('-')[0] ?? '');
  return numberFirst ? `${m.number} ${m.name}` : `${m.name} ${m.number}`;
}

/** The matches inside the boundary, as options (labels made distinct by where in the city they are). */
export function optionsOf(matches: readonly GeoMatch[], boundary: Boundary, locale: string): PlaceOption[] {
  const inside = matches.filter((m) => pointInBoundary(boundary, m.lat, m.lon));
  const options: PlaceOption[] = inside.map((m) => ({ lat: m.lat, lon: m.lon, label: labelOf(m, locale) }));
  const [cLon, cLat] = centreOf(boundary);
  return options.map((o) => (options.filter((x) => x.label === o.label).length > 1 ? { ...o, part: partOf(o.lat - cLat, o.lon - cLon) } : o));
}

function centreOf(boundary: Boundary): [number, number] {
  const positions = boundary.flat(2);
  const lons = positions.map(([lon]) => lon);
  const lats = positions.map(([, lat]) => lat);
  return [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
}

const PARTS = ['e', 'ne', 'n', 'nw', 'w', 'sw', 's', 'se'] as const;

/** The eighth of the compass a point lies in from the centre (`c` within about 500 m of it). */
function partOf(dLat: number, dLon: number): string {
  if (Math.hypot(dLat, dLon) < 0.005) return 'c';
  const angle = (Math.atan2(dLat, dLon) * 180) / Math.PI;
  return PARTS[Math.round(((angle + 360) % 360) / 45) % 8] ?? 'c';
}

/** The answer a location question stores for a place: the point and the address in words. */
export function placeValue(o: PlaceOption): Json {
  return { lat: o.lat, lon: o.lon, address: o.label };
}

/** A place option's button label: its words, and where in the city when another shares them. */
export function optionLabel(o: PlaceOption): Text {
  return o.part === undefined ? lit(o.label) : t('location.place_in_part', { place: lit(o.label), part: t(`location.part.${o.part}`) });
}

/**
 * The option a typed text picks: "yes" when one is offered, its number ("2"), or its words;
 * `none` for "no"; undefined when the text is something else (another address).
 */
export function pickOf(text: string, places: PlacesState, env: Env): number | 'none' | undefined {
  const { options } = places;
  if (options.length === 0) return undefined;
  if (options.length === 1 && says(env, text, 'yes')) return 0;
  if (says(env, text, 'no')) return 'none';
  const said = normalize(text);
  const n = /^\d{1,2}$/.test(said) ? Number(said) : NaN;
  if (n >= 1 && n <= options.length) return n - 1;
  const byLabel = options.findIndex((o) => normalize(o.label) === said);
  return byLabel >= 0 && options.filter((o) => normalize(o.label) === said).length === 1 ? byLabel : undefined;
}

/** The option a button names (`place:1`), `none`, or undefined for a button not offered now. */
export function choiceOf(choiceId: string, places: PlacesState | undefined): number | 'none' | undefined {
  if (!places || places.options.length === 0) return undefined;
  if (choiceId === PLACE_NONE) return 'none';
  const n = Number(choiceId.slice(PLACE_CHOICE.length));
  return choiceId.startsWith(PLACE_CHOICE) && Number.isInteger(n) && n >= 0 && n < places.options.length ? n : undefined;
}

/** The question that offers places: yes/no for one, a list and "None of these" for several. */
export function placesMessage(places: PlacesState, prefix: Text[]): OutMessage {
  const [only] = places.options;
  if (places.options.length === 1 && only) {
    const key = places.mentioned ? 'location.mentioned_one' : 'location.found_one';
    return {
      text: [...prefix, t(key, { place: optionLabel(only) })],
      choices: [
        { id: `${PLACE_CHOICE}0`, label: t('location.yes_here') },
        { id: PLACE_NONE, label: t('location.no_elsewhere') },
      ],
      expects: 'choice',
    };
  }
  const choices: OutChoice[] = places.options.map((o, i) => ({ id: `${PLACE_CHOICE}${String(i)}`, label: optionLabel(o) }));
  return {
    text: [...prefix, t(places.mentioned ? 'location.mentioned_many' : 'location.found_many')],
    choices: [...choices, { id: PLACE_NONE, label: t('location.none_of_these') }],
    expects: 'choice',
  };
}

/** Reads places kept in a frame's scratch (Json) back; undefined when there are none. */
export function placesOf(v: Json | undefined): PlacesState | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Array.isArray(v.options)) return undefined;
  const options = v.options.flatMap((o): PlaceOption[] => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return [];
    if (typeof o.lat !== 'number' || typeof o.lon !== 'number' || typeof o.label !== 'string') return [];
    return [{ lat: o.lat, lon: o.lon, label: o.label, ...(typeof o.part === 'string' ? { part: o.part } : {}) }];
  });
  return { options, ...(v.mentioned === true ? { mentioned: true } : {}) };
}

/** What a place button reads back as: the place, or "None of these". */
export function placeEcho(choiceId: string, places: PlacesState | undefined): Text | undefined {
  const picked = choiceOf(choiceId, places);
  if (picked === undefined) return undefined;
  if (picked === 'none') return places?.options.length === 1 ? t('location.no_elsewhere') : t('location.none_of_these');
  const option = places?.options[picked];
  return option ? optionLabel(option) : undefined;
}
