/**
 * Matching a typed place against the gazetteer (pure). The address part of the text is found by
 * the address extractor (src/nlu/entities/address.ts, which also knows the gazetteer's names),
 * then:
 * - a street is matched by its words: exactly (name and type, in any of its languages or
 *   aliases), by its base ("Oak" or "Calle Oak" for Oak Ave and Oak St: both are offered), or
 *   nearly (Jaro-Winkler, for typos: "Elmm St");
 * - a house number inside one of the street's ranges is placed in proportion along that stretch;
 *   without one (or outside every range) the street's middle is offered, for confirmation;
 * - a crossing ("5th St and Elm St") is where the two streets' stretches meet;
 * - a named place is its point.
 * A match is `exact` only when it is what was typed: the exact street with a number in range, an
 * exact crossing, or a named place. Nothing here knows the city's boundary: the engine checks it.
 */
import { CONNECTORS } from '../nlu/entities/address-words';
import { extractAddresses, type AddressEntity } from '../nlu/entities/address';
import { matchWords } from '../nlu/entities/known-names';
import { tokenize } from '../nlu/entities/tokens';
import { STOP_WORDS } from '../nlu/entities/address-words';
import { similarity } from '../nlu/fuzzy';
import type { GazetteerStreet } from '../catalog/types';
import { baseOf, type GazetteerIndex, type StreetVariant } from './gazetteer-index';
import { MAX_MATCHES, type GeocodeOutcome, type GeoMatch } from './types';

/** Jaro-Winkler similarity at which a typed street base counts as a misspelling of a name. */
const NEAR = 0.9;

type Tier = 3 | 2 | 1;

interface StreetHit {
  street: GazetteerStreet;
  tier: Tier;
}

/** The matches of `query` in the gazetteer, names in `locale` (else `defaultLocale`). */
export function matchGazetteer(index: GazetteerIndex, query: string, locale: string, defaultLocale: string): GeocodeOutcome {
  const name = (names: Record<string, string>): string => names[locale] ?? names[defaultLocale] ?? Object.values(names)[0] ?? '';
  for (const entity of extractAddresses(query, { locale, known: index.known })) {
    const matches = matchEntity(index, entity, name);
    if (matches.length > 0) return { kind: 'found', matches: matches.slice(0, MAX_MATCHES) };
  }
  // No address shape ("Riverside", "oak"): the words as a street's base.
  const words = matchWords(tokenize(query)).filter((w) => !STOP_WORDS.has(w) && !CONNECTORS.has(w));
  if (words.length === 0 || words.length > 4) return { kind: 'none' };
  const hits = streetsByWords(index, words, false);
  const matches = hits.map((h) => streetMatch(h, undefined, name));
  return matches.length > 0 ? { kind: 'found', matches: matches.slice(0, MAX_MATCHES) } : { kind: 'none' };
}

function matchEntity(index: GazetteerIndex, entity: AddressEntity, name: (names: Record<string, string>) => string): GeoMatch[] {
  if (entity.kind === 'place') {
    const words = withoutConnectors(entity.streetWords);
    const place = index.places.find((p) => sameWords(withoutConnectors(p.words), words))?.place;
    return place ? [{ lat: place.lat, lon: place.lon, name: name(place.names), exact: true }] : [];
  }
  const hits = streetsByWords(index, entity.streetWords, true);
  if (entity.kind === 'crossing' && entity.cross) {
    const others = streetsByWords(index, entity.cross.streetWords, true);
    return crossings(hits, others, name);
  }
  return hits.map((h) => streetMatch(h, entity.number, name));
}

/**
 * The streets a phrase names, at the best tier any reaches (3 exact, 2 by base, 1 nearly). With
 * `typed` the phrase has its street type; a phrase that finds nothing is tried without its first
 * word ("big oak st" is "oak st").
 */
function streetsByWords(index: GazetteerIndex, words: readonly string[], typed: boolean): StreetHit[] {
  for (let drop = 0; drop < words.length; drop++) {
    const phrase = drop === 0 ? words : dropName(words, drop);
    const base = baseOf(phrase);
    if (base.length === 0) return [];
    const tiers: [Tier, (v: StreetVariant) => boolean][] = [
      [3, (v) => typed && sameWords(v.words, phrase)],
      [2, (v) => sameWords(v.base, base)],
      [1, (v) => base.join(' ').length >= 3 && v.base.length > 0 && similarity(v.base.join(' '), base.join(' '), NEAR) >= NEAR && v.base[0]?.[0] === base[0]?.[0]],
    ];
    for (const [tier, test] of tiers) {
      const streets = [...new Set(index.streets.filter(test).map((v) => v.street))];
      if (streets.length > 0) return streets.map((street) => ({ street, tier }));
    }
  }
  return [];
}

/** The phrase without `n` of its name words (types kept where they are). */
function dropName(words: readonly string[], n: number): string[] {
  const base = baseOf(words);
  const dropped = new Set(base.slice(0, n));
  return words.filter((w) => !dropped.has(w));
}

function streetMatch(hit: StreetHit, number: string | undefined, name: (names: Record<string, string>) => string): GeoMatch {
  const n = number === undefined ? undefined : parseInt(number, 10);
  const segment = n === undefined ? undefined : hit.street.segments.find((s) => s.from <= n && n <= s.to);
  if (segment && n !== undefined && number !== undefined) {
    const f = segment.to === segment.from ? 0.5 : (n - segment.from) / (segment.to - segment.from);
    return { ...along(segment.start, segment.end, f), name: name(hit.street.names), number, exact: hit.tier === 3 };
  }
  const middle = hit.street.segments[Math.floor(hit.street.segments.length / 2)];
  const point = middle ? along(middle.start, middle.end, 0.5) : { lat: 0, lon: 0 };
  return { ...point, name: name(hit.street.names), exact: false };
}

/** Where two streets' stretches cross (one match per crossing point, in order). */
function crossings(a: StreetHit[], b: StreetHit[], name: (names: Record<string, string>) => string): GeoMatch[] {
  const out: GeoMatch[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.street === y.street) continue;
      const point = firstCrossing(x.street, y.street);
      if (point) out.push({ ...point, name: name(x.street.names), cross: name(y.street.names), exact: x.tier === 3 && y.tier === 3 });
    }
  }
  return out;
}

/** Slack on each stretch's ends, as a fraction of its length: streets drawn a little short still meet. */
const SLACK = 0.02;

function firstCrossing(a: GazetteerStreet, b: GazetteerStreet): { lat: number; lon: number } | undefined {
  for (const s of a.segments) {
    for (const t of b.segments) {
      const p = intersect(s.start, s.end, t.start, t.end);
      if (p) return p;
    }
  }
  return undefined;
}

/** The crossing of segments p1-p2 and p3-p4 ([lat, lon]; planar, fine at city scale). */
function intersect(p1: [number, number], p2: [number, number], p3: [number, number], p4: [number, number]): { lat: number; lon: number } | undefined {
  const [y1, x1] = p1;
  const [y2, x2] = p2;
  const [y3, x3] = p3;
  const [y4, x4] = p4;
  const d = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4);
  if (d === 0) return undefined;
  const t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / d;
  const u = -((x1 - x2) * (y1 - y3) - (y1 - y2) * (x1 - x3)) / d;
  if (t < -SLACK || t > 1 + SLACK || u < -SLACK || u > 1 + SLACK) return undefined;
  return { lat: round6(y1 + t * (y2 - y1)), lon: round6(x1 + t * (x2 - x1)) };
}

function along(start: [number, number], end: [number, number], f: number): { lat: number; lon: number } {
  return { lat: round6(start[0] + f * (end[0] - start[0])), lon: round6(start[1] + f * (end[1] - start[1])) };
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

function withoutConnectors(words: readonly string[]): string[] {
  return words.filter((w) => !CONNECTORS.has(w));
}
