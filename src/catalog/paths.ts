import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository (package) root: the nearest ancestor of this file whose package.json is
 * WeGov's. Works from `src/catalog` (jest, ts tooling) and from `dist/src/catalog` (built).
 */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (isWegovPackage(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
  }
}

/** `WEGOV_CONFIG` if set (resolved against the working directory), else the demo city. */
export function defaultCatalogPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.WEGOV_CONFIG;
  if (configured !== undefined && configured.trim() !== '') return path.resolve(configured);
  return path.join(repoRoot(), 'config', 'demo-city.yaml');
}

/** Locales that ship a message file: the `*.json` names in `<repo>/locales/`, sorted. */
export function shippedLocales(dir: string = path.join(repoRoot(), 'locales')): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

function isWegovPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'wegov';
  } catch (error) {
    // An unreadable package.json further down (e.g. in dist/) is not ours; keep walking up.
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}
