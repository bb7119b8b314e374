import { readFileSync } from 'node:fs';
import { CatalogError, type CatalogIssue } from './errors';
import { createIssueTranslator, formatPath } from './issues';
import { normalizeCatalog } from './normalize';
import { shippedLocales as readShippedLocales } from './paths';
import { catalogFileSchema, peekContext } from './schema';
import type { Catalog } from './types';
import { parseYaml } from './yaml';

/** Options for {@link loadCatalog} and {@link parseCatalog}. */
export interface LoadOptions {
  /** Locales with a message file; default: the `*.json` names in `<repo>/locales/`. */
  shippedLocales?: readonly string[];
}

/**
 * Reads, validates and normalizes a catalogue file. Synchronous: it runs once at start.
 * @throws CatalogError (`catalog_invalid`) listing every problem, or when the file cannot be read.
 */
export function loadCatalog(file: string, opts: LoadOptions = {}): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogError(file, [{ path: '(file)', message: `cannot read the file: ${readFailure(error)}` }], { cause: error });
  }
  return parseCatalog(text, file, opts);
}

/**
 * Validates and normalizes catalogue YAML. `source` names the file in messages and becomes
 * `Catalog.source`.
 * @throws CatalogError (`catalog_invalid`) listing every problem.
 */
export function parseCatalog(text: string, source: string, opts: LoadOptions = {}): Catalog {
  const parsed = parseYaml(text);
  if (!parsed.ok) throw new CatalogError(source, parsed.issues);

  if (parsed.value === null || parsed.value === undefined) {
    throw new CatalogError(source, [{ path: '(root)', message: 'the file is empty: it needs jurisdiction, agencies and categories' }]);
  }
  const ctx = peekContext(parsed.value, opts.shippedLocales ?? readShippedLocales());
  const translator = createIssueTranslator();
  const result = catalogFileSchema(ctx).safeParse(parsed.value, { error: translator.errorMap, reportInput: true });
  if (!result.success) {
    const issues = translator.translate(result.error.issues).map(({ path, message }): CatalogIssue => {
      const line = parsed.lineOf(path);
      return line === undefined ? { path: formatPath(path), message } : { path: formatPath(path), message, line };
    });
    // In file order, so an operator can fix them top to bottom (Array#sort is stable).
    issues.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
    throw new CatalogError(source, issues);
  }
  return normalizeCatalog(result.data, source);
}

/** Why a file could not be read, from its Node error code (checked by shape: jest realms break instanceof). */
function readFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const reasons: Record<string, string> = { ENOENT: 'not found', EACCES: 'permission denied', EISDIR: 'it is a folder' };
  return code === undefined ? String(error) : `${reasons[code] ?? 'error'} (${code})`;
}
