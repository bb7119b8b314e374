import { readFileSync } from 'node:fs';
import { CatalogError } from './errors';
import { loadConsultationsDir } from './load-consultations';
import { readGazetteerFile } from './gazetteer-csv';
import { gazetteerPath, normalizeCatalog } from './normalize';
import { shippedLocales as readShippedLocales } from './paths';
import { catalogFileSchema, peekContext, type CatalogFile } from './schema';
import type { Catalog, Gazetteer } from './types';
import { validateParsed } from './validate-parsed';
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
 * `Catalog.source`; a `consultations_dir` is read relative to it (load-consultations.ts).
 * @throws CatalogError (`catalog_invalid`) listing every problem.
 */
export function parseCatalog(text: string, source: string, opts: LoadOptions = {}): Catalog {
  const parsed = parseYaml(text);
  if (!parsed.ok) throw new CatalogError(source, parsed.issues);

  if (parsed.value === null || parsed.value === undefined) {
    throw new CatalogError(source, [{ path: '(root)', message: 'the file is empty: it needs jurisdiction, agencies and categories' }]);
  }
  const ctx = peekContext(parsed.value, opts.shippedLocales ?? readShippedLocales());
  const result = validateParsed(catalogFileSchema(ctx), parsed);
  if (!result.ok) throw new CatalogError(source, result.issues);
  const file = result.data;
  const gazetteer = readGazetteer(file, source, parsed);
  if (file.consultations_dir === undefined) return normalizeCatalog(file, source, [], gazetteer);

  const taken = new Map(file.consultations.map((c, i): [string, string] => [c.id, `${source} consultations[${String(i)}]`]));
  const dir = loadConsultationsDir(source, file.consultations_dir, ctx, taken);
  if (dir.issues.length > 0) {
    const line = parsed.lineOf(['consultations_dir']);
    // Problems of the folder itself are at consultations_dir in the catalogue file.
    const issues = dir.issues.map((i) => (i.file === undefined && line !== undefined ? { ...i, line } : i));
    throw new CatalogError(source, issues);
  }
  return normalizeCatalog(file, source, dir.consultations.map((c) => c.consultation), gazetteer);
}

/** The gazetteer's streets and places when the geocoder is one (gazetteer-csv.ts); its problems stop the load. */
function readGazetteer(file: CatalogFile, source: string, parsed: Extract<ReturnType<typeof parseYaml>, { ok: true }>): Gazetteer | undefined {
  const geocoder = file.jurisdiction.geocoder;
  if (geocoder?.type !== 'gazetteer') return undefined;
  const read = readGazetteerFile(gazetteerPath(source, geocoder.file), file.jurisdiction.default_locale);
  if (read.ok) return read.gazetteer;
  const line = parsed.lineOf(['jurisdiction', 'geocoder', 'file']);
  // Problems of the file as a whole (missing, too large) are at geocoder.file in the catalogue.
  throw new CatalogError(source, read.issues.map((i) => (i.file === undefined && line !== undefined ? { ...i, line } : i)));
}

/** Why a file could not be read, from its Node error code (checked by shape: jest realms break instanceof). */
function readFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const reasons: Record<string, string> = { ENOENT: 'not found', EACCES: 'permission denied', EISDIR: 'it is a folder' };
  return code === undefined ? String(error) : `${reasons[code] ?? 'error'} (${code})`;
}
