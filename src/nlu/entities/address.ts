/**
 * Street addresses in free text: "the streetlight outside 12 Oak Ave is broken" has "12 Oak Ave".
 * Pure and bounded (tokens.ts reads the first 1,000 characters). Read by the location question
 * (a typed answer is geocoded by its address part, and a text with none is not taken for one) and
 * by the report flow when it starts from a sentence (the address is offered back, not asked again).
 *
 * A scan over tokens rather than one regular expression per language: street types after the
 * name (English "12 Oak Ave"), before it (Spanish "Calle Mayor 5", French "5 rue de la Paix",
 * Arabic "شارع النهر ٥"), crossings ("5th St and Elm St"), and the names a deployment knows (its
 * gazetteer's streets and places, so "the light on Elm is out" finds Elm when the city has one).
 */
import { CONNECTORS, CROSSING_WORDS, nameWord, NUMBER_MARKERS, NUMBER_SUFFIXES, STOP_WORDS, TYPES_AFTER, TYPES_BEFORE } from './address-words';
import { span, tokenize, type Token } from './tokens';
import { knownNameHits, matchWords, type KnownNames } from './known-names';

export type { KnownNames } from './known-names';

/** One address found in a text. `text` is as typed; offsets are into the original text. */
export interface AddressEntity {
  /** `address`: a street with a house number; `street`: a street alone; `crossing`: two streets; `place`: a known landmark. */
  kind: 'address' | 'street' | 'crossing' | 'place';
  text: string;
  start: number;
  end: number;
  /** The street (or place) part as typed: "Oak Ave", "Calle Mayor", "City Hall". */
  street: string;
  /** Its words in matching form, type last in English and first elsewhere: ["oak", "ave"]. */
  streetWords: string[];
  /** The house number as digits ("12", "5b"). */
  number?: string;
  /** The second street of a crossing. */
  cross?: { street: string; streetWords: string[] };
}

export interface AddressOptions {
  /** The conversation's language: decides which reading wins when two overlap. */
  locale?: string;
  /** Street and place names the deployment knows (its gazetteer), in any language. */
  known?: KnownNames;
}

/** Every address in `text`, in order of appearance, overlapping readings resolved. */
export function extractAddresses(text: string, opts: AddressOptions = {}): AddressEntity[] {
  const tokens = tokenize(text);
  const found: Found[] = [];
  const english = (opts.locale ?? 'en').split('-')[0] === 'en';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== 'word') continue;
    if (token.norm in TYPES_AFTER) pushIf(found, typeAfter(tokens, i), english ? 1 : 0);
    if (token.norm in TYPES_BEFORE) pushIf(found, typeBefore(tokens, i), english ? 0 : 1);
  }
  for (const hit of opts.known ? knownNameHits(tokens, opts.known) : []) {
    const number = hit.place ? undefined : numberAround(tokens, hit.from, hit.to);
    found.push({ ...hit, preference: -1, ...(number ? { number } : {}) });
  }
  return joinCrossings(tokens, resolveOverlaps(found)).map((f) => toEntity(text, tokens, f));
}

/**
 * The words of a street (or place) name in matching form, as extractAddresses gives them for the
 * same name typed in a sentence: "Calle del Río" is ["calle", "rio"], "Oak Avenue" ["oak", "ave"],
 * "City Hall" ["city", "hall"]. A gazetteer compares its names with what people type this way.
 */
export function nameWords(name: string): string[] {
  const tokens = tokenize(name);
  const found = extractAddresses(name).find((f) => f.kind === 'street' && f.start === tokens[0]?.start && f.end === tokens[tokens.length - 1]?.end);
  return found ? found.streetWords : matchWords(tokens).filter((w) => !CONNECTORS.has(w));
}

/** The canonical street types ("st", "ave", "calle", "rue", "شارع", ...): a name without them is its base. */
export const STREET_TYPES: ReadonlySet<string> = new Set([...Object.values(TYPES_AFTER), ...Object.values(TYPES_BEFORE)]);

/** The first address of `text`, or undefined. */
export function firstAddress(text: string, opts: AddressOptions = {}): AddressEntity | undefined {
  return extractAddresses(text, opts)[0];
}

/** A street phrase in token positions: `from..to` covers the name and type (not the number). */
interface Found {
  from: number;
  to: number;
  words: string[];
  number?: { at: number; value: string };
  place?: boolean;
  /** Higher wins an overlap of equal length (the conversation's language's reading). */
  preference: number;
  cross?: Found;
}

const MAX_NAME_WORDS = 4;

function pushIf(found: Found[], f: Found | undefined, preference: number): void {
  if (f) found.push({ ...f, preference });
}

function isNameToken(t: Token | undefined): t is Token {
  if (!t || t.norm === '') return false;
  if (t.kind === 'ordinal') return true;
  return t.kind === 'word' && !STOP_WORDS.has(t.norm) && !(t.norm in TYPES_AFTER) && !CROSSING_WORDS.has(t.norm);
}

/** "12 Oak Ave": the name runs back from the type; a house number may precede it. */
function typeAfter(tokens: readonly Token[], at: number): Found | undefined {
  let from = at;
  while (from > 0 && at - from < MAX_NAME_WORDS && isNameToken(tokens[from - 1])) from--;
  if (from === at) return undefined;
  const words = [...tokens.slice(from, at).map(nameWord), TYPES_AFTER[(tokens[at] as Token).norm] as string];
  // Only before: in English a number after the street is rarely its house ("on Elm St 3 lights are out").
  const before = tokens[from - 1];
  const number = before?.kind === 'number' ? { at: from - 1, value: before.norm } : undefined;
  return { from, to: at, words, preference: 0, ...(number ? { number } : {}) };
}

/** "Calle Mayor 5", "5 rue de la Paix", "شارع النهر رقم ٥": the name runs on from the type. */
function typeBefore(tokens: readonly Token[], at: number): Found | undefined {
  let next = at + 1;
  // "C/ Mayor": the Spanish abbreviation's slash.
  if (tokens[next]?.norm === '/' && tokens[at]?.norm === 'c') next++;
  while (CONNECTORS.has(tokens[next]?.norm ?? '') && next - at <= 3) next++;
  const words = [TYPES_BEFORE[(tokens[at] as Token).norm] as string];
  let to = next - 1;
  // A numbered street: "Calle 45", "الشارع 45" (its house number may follow: "Calle 45 12").
  if (tokens[next]?.kind === 'number' && next === at + 1) {
    words.push((tokens[next] as Token).norm);
    to = next;
    next++;
  }
  const isMarker = (i: number): boolean => NUMBER_MARKERS.has(tokens[i]?.norm ?? '') && tokens[i + 1]?.kind === 'number';
  while (isNameToken(tokens[next]) && !((tokens[next] as Token).norm in TYPES_BEFORE) && !isMarker(next) && words.length <= MAX_NAME_WORDS) {
    words.push(nameWord(tokens[next] as Token));
    to = next;
    next++;
  }
  if (words.length === 1) return undefined;
  const number = numberAfter(tokens, to + 1) ?? numberBefore(tokens, at);
  return { from: at, to, words, preference: 0, ...(number ? { number } : {}) };
}

/** A house number after a street: "Mayor 5", "Mayor, 5", "Mayor nº 5", "Mayor, nº 5". */
function numberAfter(tokens: readonly Token[], at: number): { at: number; value: string } | undefined {
  let i = at;
  if (tokens[i]?.norm === ',') i++;
  if (NUMBER_MARKERS.has(tokens[i]?.norm ?? '')) i++;
  const t = tokens[i];
  return t?.kind === 'number' ? { at: i, value: t.norm } : undefined;
}

/** A house number before a street: "5 rue", "5, rue", "5 bis rue". */
function numberBefore(tokens: readonly Token[], at: number): { at: number; value: string } | undefined {
  let i = at - 1;
  if (tokens[i]?.norm === ',') i--;
  const suffix = NUMBER_SUFFIXES.has(tokens[i]?.norm ?? '') ? tokens[i]?.norm : undefined;
  if (suffix) i--;
  const t = tokens[i];
  return t?.kind === 'number' ? { at: i, value: suffix ? `${t.norm} ${suffix}` : t.norm } : undefined;
}

/** A house number next to a known street name, before or after it. */
function numberAround(tokens: readonly Token[], from: number, to: number): { at: number; value: string } | undefined {
  const before = tokens[from - 1];
  if (before?.kind === 'number') return { at: from - 1, value: before.norm };
  return numberAfter(tokens, to + 1);
}

/** Keeps the longest reading where two overlap (then the language's, then the earliest). */
function resolveOverlaps(found: Found[]): Found[] {
  const extent = (f: Found): [number, number] => [Math.min(f.from, f.number?.at ?? f.from), Math.max(f.to, f.number?.at ?? f.to)];
  const ranked = [...found].sort((a, b) => {
    const [af, at] = extent(a);
    const [bf, bt] = extent(b);
    return bt - bf - (at - af) || b.preference - a.preference || af - bf;
  });
  const kept: Found[] = [];
  for (const f of ranked) {
    const [ff, ft] = extent(f);
    if (kept.some((k) => { const [kf, kt] = extent(k); return ff <= kt && kf <= ft; })) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => extent(a)[0] - extent(b)[0]);
}

/** "5th St and Elm St": two streets joined by one crossing word become one crossing. */
function joinCrossings(tokens: readonly Token[], found: Found[]): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < found.length; i++) {
    const a = found[i] as Found;
    const b = found[i + 1];
    const between = b ? tokens.slice(a.to + 1, b.from) : [];
    const joined = b && !a.number && !b.number && !a.place && !b.place && between.length === 1 && CROSSING_WORDS.has((between[0] as Token).norm);
    if (joined && b) {
      out.push({ ...a, cross: b });
      i++;
    } else out.push(a);
  }
  return out;
}

function toEntity(text: string, tokens: readonly Token[], f: Found): AddressEntity {
  const last = f.cross ? f.cross.to : f.to;
  const first = Math.min(f.from, f.number?.at ?? f.from);
  const end = Math.max(last, f.number?.at ?? last);
  const whole = span(text, tokens, first, end);
  const street = span(text, tokens, f.from, f.to).text;
  const kind = f.cross ? 'crossing' : f.place ? 'place' : f.number ? 'address' : 'street';
  return {
    kind,
    ...whole,
    street,
    streetWords: f.words,
    ...(f.number && !f.cross ? { number: f.number.value } : {}),
    ...(f.cross ? { cross: { street: span(text, tokens, f.cross.from, f.cross.to).text, streetWords: f.cross.words } } : {}),
  };
}
