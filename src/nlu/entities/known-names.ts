/**
 * Street and place names a deployment knows (its gazetteer), found in a text by their words:
 * "Riverside Park", "City Hall", "Calle Mayor". Names are compared in matching form with street
 * types canonical ("Oak Avenue" finds "Oak Ave"). The index of a name list is built once and
 * kept while the list lives (a WeakMap on it).
 */
import { nameWord, typeWord } from './address-words';
import { tokenize, type Token } from './tokens';

/** Names in any language; the same list object should be passed each time (it is indexed once). */
export interface KnownNames {
  streets: readonly string[];
  places: readonly string[];
}

/** A known name found at token positions `from..to`. */
export interface KnownHit {
  from: number;
  to: number;
  words: string[];
  place?: boolean;
}

interface Entry {
  words: string[];
  place: boolean;
}

/** Names by their first word. */
type Index = Map<string, Entry[]>;

const indexes = new WeakMap<KnownNames, Index>();

/** A name's (or a text's) words in matching form. */
export function matchWords(tokens: readonly Token[]): string[] {
  return tokens.filter((t) => t.kind !== 'punct' && t.norm !== '').map((t) => typeWord(nameWord(t)));
}

function indexOf(known: KnownNames): Index {
  let index = indexes.get(known);
  if (index) return index;
  index = new Map();
  const add = (name: string, place: boolean): void => {
    const words = matchWords(tokenize(name));
    const first = words[0];
    if (first === undefined) return;
    const list = index?.get(first) ?? [];
    if (!list.some((e) => e.words.join(' ') === words.join(' '))) list.push({ words, place });
    index?.set(first, list);
  };
  for (const name of known.streets) add(name, false);
  for (const name of known.places) add(name, true);
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  indexes.set(known, index);
  return index;
}

/** Every known name in the tokens (longest first at each position; hits do not overlap). */
export function knownNameHits(tokens: readonly Token[], known: KnownNames): KnownHit[] {
  const index = indexOf(known);
  const hits: KnownHit[] = [];
  const positions = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.kind !== 'punct' && t.norm !== '');
  const words = positions.map(({ t }) => typeWord(nameWord(t)));
  for (let p = 0; p < positions.length; p++) {
    const entries = index.get(words[p] as string);
    const entry = entries?.find((e) => e.words.every((w, k) => words[p + k] === w));
    if (!entry) continue;
    const to = p + entry.words.length - 1;
    hits.push({ from: positions[p]?.i ?? 0, to: positions[to]?.i ?? 0, words: entry.words, ...(entry.place ? { place: true } : {}) });
    p = to;
  }
  return hits;
}
