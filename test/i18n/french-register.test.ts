/**
 * French as a French public service writes it (issue 14): the reader is "vous", never "tu";
 * the typography is the French one, decided once and kept: a no-break space (U+00A0) before
 * ; : ! ? and inside « », so a line never breaks before the sign or after the opening
 * guillemet. (U+00A0 rather than the thin U+202F: it renders in every chat font, including old
 * Android system fonts.) Checked in locales/fr.json and in every French text of the demo city.
 *
 * French command words are matched in every conversation (src/engine/vocabulary.ts), so a
 * French word must not be another command's word in any shipped language.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readLocaleFiles } from '../../src/i18n';
import { normalize } from '../../src/nlu/normalize';

const root = path.join(__dirname, '..', '..');

/** Every string of a tree, with its key path; vocabulary lists included. */
function strings(tree: unknown, where: string): { where: string; text: string }[] {
  if (typeof tree === 'string') return [{ where, text: tree }];
  if (Array.isArray(tree)) return tree.flatMap((v, i) => strings(v, `${where}[${i}]`));
  if (typeof tree === 'object' && tree !== null) return Object.entries(tree).flatMap(([k, v]) => strings(v, `${where}.${k}`));
  return [];
}

/** The French texts of a catalogue: every `fr` value of a localized map, at any depth. */
function frenchOf(tree: unknown, where: string): { where: string; text: string }[] {
  if (Array.isArray(tree)) return tree.flatMap((v, i) => frenchOf(v, `${where}[${i}]`));
  if (typeof tree !== 'object' || tree === null) return [];
  return Object.entries(tree).flatMap(([k, v]) => {
    if (k === 'fr') return typeof v === 'string' ? [{ where: `${where}.fr`, text: v }] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((text, i) => ({ where: `${where}.fr[${i}]`, text })) : frenchOf(v, `${where}.fr`);
    return frenchOf(v, `${where}.${k}`);
  });
}

/** Prose only: code spans (`/wegov ...`), placeholders and Slack emoji codes (:warning:) are not French. */
const prose = (text: string) => text.replace(/`[^`]*`/g, ' ').replace(/\{\{[^}]*\}\}/g, 'X').replace(/:[a-z_]+:/g, ' ');

/** "tu", "toi", "ton"... and second-person singular imperatives that are no other form ("envoie" is also "elle envoie"). */
const TU = /(?<![\p{L}\p{N}'’])(?:tu|toi|ton|tes|te|t'|t’|écris|choisis|réponds|reviens|dis-moi)(?![\p{L}\p{N}])/iu;

function problems(texts: { where: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { where, text } of texts) {
    const p = prose(text);
    if (TU.test(p)) out.push(`${where}: "tu" form: ${text}`);
    // A sign that needs a space before it, without the no-break one: "mot:" or "mot :".
    if (/(?:[^\u00a0\s]|[ \t])[;:!?](?=\s|$|[»")*.,])/u.test(p)) out.push(`${where}: ; : ! ? needs a no-break space before it: ${text}`);
    if (/«(?!\u00a0)|(?<!\u00a0)»/u.test(p)) out.push(`${where}: « » need no-break spaces inside: ${text}`);
    if (/"/.test(p)) out.push(`${where}: English quotation marks (use « »): ${text}`);
  }
  return out;
}

describe('French: "vous" and French typography', () => {
  const files = readLocaleFiles();

  it('locales/fr.json', () => {
    const texts = strings(files.fr, 'fr').filter((t) => !t.where.startsWith('fr.vocabulary'));
    expect(texts.length).toBeGreaterThan(500);
    expect(problems(texts)).toEqual([]);
  });

  it('the demo city (config/demo-city.yaml)', () => {
    const texts = frenchOf(parse(readFileSync(path.join(root, 'config', 'demo-city.yaml'), 'utf8')), 'demo-city');
    // Keyword lists are what people type, not prose.
    expect(problems(texts.filter((t) => !/\.keywords\.fr/.test(t.where)))).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const caught = (text: string) => problems([{ where: 's', text }]).length;
    expect(caught('Que veux-tu faire\u00a0?')).toBe(1);
    expect(caught('Écris ton adresse.')).toBe(1);
    expect(caught('Que souhaitez-vous faire ?')).toBe(1);
    expect(caught('Que souhaitez-vous faire?')).toBe(1);
    expect(caught('Écrivez «aide».')).toBe(1);
    expect(caught('Écrivez "aide".')).toBe(1);
    expect(caught('Que souhaitez-vous faire\u00a0? Écrivez «\u00a0aide\u00a0».')).toBe(0);
    expect(caught(':warning: Un signalement n\'a pas pu être transmis\u00a0: `wegov outbox:replay {{jobId}}`')).toBe(0);
  });

  const REVIEW_NAMES = /^(review_|change_answer$)/;
  it('French command words are no other command\'s words in any shipped language', () => {
    const entriesOf = new Map<string, Set<string>>();
    for (const [locale, file] of Object.entries(files)) {
      for (const [entry, words] of Object.entries((file as { vocabulary: Record<string, string[]> }).vocabulary)) {
        // Names of a review's answers ("problème", "modifier le lieu") are read at the review step only, not as commands.
        if (REVIEW_NAMES.test(entry)) continue;
        for (const w of words) {
          const n = normalize(w);
          const set = entriesOf.get(n) ?? new Set<string>();
          set.add(locale === 'fr' ? `fr:${entry}` : entry);
          entriesOf.set(n, set);
        }
      }
    }
    // English itself shares "keep" between keeping a consent and keeping a response: both mean the same.
    const same = new Set(['keep_consent', 'keep_response']);
    const clashes: string[] = [];
    for (const [word, set] of entriesOf) {
      const mine = [...set].filter((e) => e.startsWith('fr:')).map((e) => e.slice(3));
      const all = new Set([...set].map((e) => e.replace(/^fr:/, '')));
      if (mine.length > 0 && all.size > 1 && ![...all].every((e) => same.has(e))) clashes.push(`${word}: ${[...all].join(', ')}`);
    }
    expect(clashes).toEqual([]);
  });
});
