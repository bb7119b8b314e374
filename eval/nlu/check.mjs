// Checks the held-out NLU evaluation fixture (eval/nlu/<locale>.jsonl) before anyone measures
// with it: every line parses as {"text", "intent"[, "category"]}, labels are in the agreed set,
// report categories exist in the demo catalogue, no line repeats within a language, no line is
// a bare catalogue keyword or category name, and each language has enough lines of every label.
// Prints the counts per language and label (`--markdown` prints them as the README's table).
// Plain Node (no build step); the catalogue is read with `yaml`, already a dependency.
//
//   node eval/nlu/check.mjs [--markdown]
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const catalogPath = join(here, '..', '..', 'config', 'demo-city.yaml');

export const INTENTS = [
  'report', 'consultation', 'volunteer', 'adopt', 'checkin', 'my_reports', 'status',
  'my_signups', 'subscribe', 'unsubscribe', 'help', 'human', 'language', 'forget',
  'greeting', 'thanks', 'out_of_scope',
];
/** Minimum lines per file; a locale not listed needs the default. */
const MIN_LINES = { en: 320, es: 320, fr: 320, ar: 200 };
const MIN_LINES_DEFAULT = 320;
const MIN_PER_INTENT = 8;
const MIN_PER_CATEGORY = 5;
const REPORT_SHARE = [0.4, 0.55];
const REFERENCE = /\bwg[- ]?[a-z0-9]{6}\b/i;

/**
 * Lower case, accents and Arabic diacritics removed (NFKD, then combining marks dropped: this
 * also turns أ/إ/آ into ا), tatweel dropped, ى as ي, ة as ه, spaces collapsed.
 */
function normalise(text) {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u0300-\u036f\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

function loadCatalogue() {
  const doc = parse(readFileSync(catalogPath, 'utf8'));
  const categories = new Set();
  const bare = new Set(); // whole-line matches that would only test the keyword list
  for (const c of doc.categories ?? []) {
    categories.add(c.id);
    for (const name of typeof c.name === 'string' ? [c.name] : Object.values(c.name ?? {})) {
      bare.add(normalise(String(name)));
    }
    for (const list of Object.values(c.keywords ?? {})) {
      for (const k of list) bare.add(normalise(String(k)));
    }
  }
  return { categories, bare };
}

function checkFile(locale, path, catalogue, problems) {
  const counts = Object.fromEntries(INTENTS.map((i) => [i, 0]));
  const categories = {};
  const seen = new Map();
  const where = (n) => `${path.slice(here.length + 1)}:${n}`;
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, index) => {
    const n = index + 1;
    let row;
    try {
      row = JSON.parse(raw);
    } catch (e) {
      problems.push(`${where(n)}: not JSON (${e.message})`);
      return;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      problems.push(`${where(n)}: not an object`);
      return;
    }
    const keys = Object.keys(row).sort().join(',');
    const expected = row.intent === 'report' ? 'category,intent,text' : 'intent,text';
    if (keys !== expected) problems.push(`${where(n)}: keys are [${keys}], expected [${expected}]`);
    const { text, intent, category } = row;
    if (typeof text !== 'string' || text.trim() === '' || text !== text.trim()) {
      problems.push(`${where(n)}: text must be a non-empty string without outer spaces`);
      return;
    }
    if (!INTENTS.includes(intent)) problems.push(`${where(n)}: unknown intent ${JSON.stringify(intent)}`);
    else counts[intent] += 1;
    if (intent === 'report') {
      if (!catalogue.categories.has(category)) {
        problems.push(`${where(n)}: category ${JSON.stringify(category)} is not in config/demo-city.yaml`);
      } else categories[category] = (categories[category] ?? 0) + 1;
    }
    if (intent === 'status' && !REFERENCE.test(text)) problems.push(`${where(n)}: a status line needs a WG- reference`);
    const key = normalise(text);
    if (seen.has(key)) problems.push(`${where(n)}: duplicate of line ${seen.get(key)}`);
    else seen.set(key, n);
    if (catalogue.bare.has(key)) {
      problems.push(`${where(n)}: the whole line is a catalogue keyword or name; write it as a person would`);
    }
  });

  const total = lines.length;
  const min = MIN_LINES[locale] ?? MIN_LINES_DEFAULT;
  if (total < min) problems.push(`${locale}: ${total} lines, at least ${min} needed`);
  for (const i of INTENTS) {
    if (counts[i] < MIN_PER_INTENT) problems.push(`${locale}: ${counts[i]} "${i}" lines, at least ${MIN_PER_INTENT} needed`);
  }
  for (const c of catalogue.categories) {
    if ((categories[c] ?? 0) < MIN_PER_CATEGORY) {
      problems.push(`${locale}: ${categories[c] ?? 0} "${c}" reports, at least ${MIN_PER_CATEGORY} needed`);
    }
  }
  const share = counts.report / total;
  if (share < REPORT_SHARE[0] || share > REPORT_SHARE[1]) {
    problems.push(`${locale}: reports are ${(share * 100).toFixed(1)}% of lines, expected ${REPORT_SHARE.map((x) => x * 100).join('-')}%`);
  }
  return { total, counts, categories };
}

function table(header, rows) {
  const out = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows) out.push(`| ${r.join(' | ')} |`);
  return out.join('\n');
}

function main() {
  const markdown = process.argv.includes('--markdown');
  const catalogue = loadCatalogue();
  const locales = readdirSync(here).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -6)).sort();
  const problems = [];
  const results = Object.fromEntries(locales.map((l) => [l, checkFile(l, join(here, `${l}.jsonl`), catalogue, problems)]));

  const intentRows = INTENTS.map((i) => [i, ...locales.map((l) => String(results[l].counts[i]))]);
  intentRows.push(['**total**', ...locales.map((l) => `**${results[l].total}**`)]);
  const categoryRows = [...catalogue.categories].map((c) => [c, ...locales.map((l) => String(results[l].categories[c] ?? 0))]);
  if (markdown) {
    console.log(table(['intent', ...locales], intentRows));
    console.log();
    console.log(table(['report category', ...locales], categoryRows));
  } else {
    const w = 20;
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(w) : c.padStart(6))).join('');
    console.log(line(['intent', ...locales]));
    for (const r of intentRows) console.log(line(r.map((c) => c.replace(/\*/g, ''))));
    console.log();
    console.log(line(['report category', ...locales]));
    for (const r of categoryRows) console.log(line(r));
  }
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):`);
    for (const p of problems) console.error(`  ${p}`);
    process.exitCode = 1;
  } else if (!markdown) {
    console.log(`\nok: ${locales.length} files, ${Object.values(results).reduce((s, r) => s + r.total, 0)} lines`);
  }
}

main();
