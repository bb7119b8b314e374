/**
 * Category section of `npm run eval:nlu`: top-1 and top-3 accuracy of the categories suggested
 * for a description, over the held-out fixture's lines that have a category
 * (eval/nlu/<locale>.jsonl; never trained on: the classifier learns from the catalogue only).
 * `evaluateCategories(catalog, locales)` returns the figures for a runner to print; run as a
 * script it loads the demo city and prints a table.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../../src/catalog/types';
import { rankCategories, suggestCategories } from '../../dialogs/report/category-suggest';

export interface CategoryFigures {
  locale: string;
  lines: number;
  /** The right category ranked first (of those offered). */
  top1: number;
  /** The right category among the three ranked first. */
  top3: number;
  /** The right category among those actually offered (1-3, see suggestCategories). */
  offered: number;
  /** No category offered at all (the person is asked the usual questions). */
  none: number;
  /**
   * Microseconds per line at the 99th percentile: each line's best of five runs (ranking and
   * the offer), so a garbage collection that lands on one run is not counted as the line's.
   */
  p99Micros: number;
}

interface Line {
  text: string;
  category?: string;
}

/** The fixture's lines with a category, for one language. */
export function categoryLines(locale: string, dir = __dirname): Line[] {
  const file = path.join(dir, `${locale}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line)
    .filter((l) => typeof l.category === 'string');
}

/** Top-1 / top-3 for each locale (shares in [0, 1]). */
export function evaluateCategories(catalog: Catalog, locales: readonly string[], dir = __dirname): CategoryFigures[] {
  return locales.map((locale) => ({ locale, ...categorySection(categoryLines(locale, dir), catalog, locale) }));
}

/**
 * The `categories` section of `npm run eval:nlu` (run.ts): the figures for one language's
 * fixture lines (those without a category are skipped).
 */
export function categorySection(all: readonly Line[], catalog: Catalog, locale: string): Omit<CategoryFigures, 'locale'> {
  const lines = all.filter((l) => typeof l.category === 'string');
  let top1 = 0;
  let top3 = 0;
  let offered = 0;
  let none = 0;
  const times: number[] = [];
  rankCategories(catalog, 'warm up', locale);
  for (const line of lines) {
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const started = process.hrtime.bigint();
      rankCategories(catalog, line.text, locale);
      suggestCategories(catalog, line.text, locale);
      best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000);
    }
    times.push(best);
    const ranked = rankCategories(catalog, line.text, locale).map((r) => r.id);
    const shown = suggestCategories(catalog, line.text, locale);
    if (ranked[0] === line.category) top1 += 1;
    if (ranked.includes(line.category ?? '')) top3 += 1;
    if (shown.includes(line.category ?? '')) offered += 1;
    if (shown.length === 0) none += 1;
  }
  times.sort((a, b) => a - b);
  const n = Math.max(1, lines.length);
  return { lines: lines.length, top1: top1 / n, top3: top3 / n, offered: offered / n, none: none / n, p99Micros: times[Math.floor(times.length * 0.99)] ?? 0 };
}

/** A Markdown table of the figures. */
export function categoryTable(figures: readonly CategoryFigures[]): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    '| locale | lines | category top-1 | top-3 | offered (1-3 shown) | none offered | p99 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...figures.map((f) => `| ${f.locale} | ${f.lines} | ${pct(f.top1)} | ${pct(f.top3)} | ${pct(f.offered)} | ${pct(f.none)} | ${f.p99Micros.toFixed(0)} µs |`),
  ].join('\n');
}
