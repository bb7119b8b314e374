import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root: the nearest folder above this file whose package.json is WeGov's. Works
 * from `src/` (tests, ts runners) and from `dist/src/` (the built CLI) alike.
 */
export function repoRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const parsed: unknown = JSON.parse(fs.readFileSync(pkg, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === 'wegov') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the WeGov package.json above ${from}`);
    dir = parent;
  }
}
