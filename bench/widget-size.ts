/** The web chat widget's size for `npm run bench` (which builds it first): the budget is 20 KB gzipped. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../src/catalog/paths';

/** The most `dist/widget.js` may weigh gzipped. */
export const WIDGET_BUDGET_GZIP_BYTES = 20_480;

/** Size of `dist/widget.js`, plain and gzipped (level 9, as served), with the budget. */
export function widgetSize(file = path.join(repoRoot(), 'dist', 'widget.js')): { bytes: number; gzipBytes: number; budgetGzipBytes: number } {
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\``);
  const code = readFileSync(file);
  return { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, budgetGzipBytes: WIDGET_BUDGET_GZIP_BYTES };
}
