/** `npm run build` step: writes dist/widget.js (see widget-bundle.ts). Prints its size. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../../src/catalog/paths';
import { buildWidget } from './widget-bundle';

/** The built widget's path. */
export function builtWidgetPath(root: string = repoRoot()): string {
  return path.join(root, 'dist', 'widget.js');
}

async function main(): Promise<void> {
  const root = repoRoot();
  const { code } = await buildWidget(root);
  const file = builtWidgetPath(root);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, code);
  // `npm run build --silent` (as bench runs it) keeps stdout for the caller's own output.
  if (process.env.npm_config_loglevel === 'silent') return;
  process.stdout.write(`widget: ${path.relative(root, file)} ${code.length} bytes, ${gzipSync(code, { level: 9 }).length} gzipped\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`widget build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
