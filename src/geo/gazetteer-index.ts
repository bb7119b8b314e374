/**
 * A gazetteer (catalogue `geocoder: { type: gazetteer }`) indexed for matching: every name and
 * alias of every street and place in matching form (src/nlu/entities/address.ts `nameWords`),
 * with its base (the words without the street type: "oak" for "Oak Ave" and "Oak St"), and the
 * known names the address extractor looks for. Built once per gazetteer and kept (a WeakMap).
 */
import type { Gazetteer, GazetteerPlace, GazetteerStreet } from '../catalog/types';
import { nameWords, STREET_TYPES, type KnownNames } from '../nlu/entities/address';

export interface StreetVariant {
  street: GazetteerStreet;
  words: string[];
  base: string[];
}

export interface PlaceVariant {
  place: GazetteerPlace;
  words: string[];
}

export interface GazetteerIndex {
  streets: StreetVariant[];
  places: PlaceVariant[];
  known: KnownNames;
}

const indexes = new WeakMap<Gazetteer, GazetteerIndex>();

const namesOf = (entry: { names: Record<string, string>; aliases: string[] }): string[] => [...new Set([...Object.values(entry.names), ...entry.aliases])];

/** The words without street types: the part of a name people may type alone ("Oak"). */
export function baseOf(words: readonly string[]): string[] {
  return words.filter((w) => !STREET_TYPES.has(w));
}

export function indexGazetteer(gazetteer: Gazetteer): GazetteerIndex {
  const known = indexes.get(gazetteer);
  if (known) return known;
  const streets = gazetteer.streets.flatMap((street) =>
    namesOf(street).map((name) => {
      const words = nameWords(name);
      return { street, words, base: baseOf(words) };
    }),
  );
  const places = gazetteer.places.flatMap((place) => namesOf(place).map((name) => ({ place, words: nameWords(name) })));
  const index: GazetteerIndex = {
    streets: streets.filter((s) => s.words.length > 0),
    places: places.filter((p) => p.words.length > 0),
    known: { streets: gazetteer.streets.flatMap(namesOf), places: gazetteer.places.flatMap(namesOf) },
  };
  indexes.set(gazetteer, index);
  return index;
}
