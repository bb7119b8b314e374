/**
 * Checking an asset import (issue 13): a CSV file or a GeoJSON FeatureCollection of Points, each
 * field with zod (the catalogue's own rules: ids, types, names in the jurisdiction's languages,
 * known agencies), each point inside `jurisdiction.boundary` (as reports are). Every problem says
 * where it is: `row 7, lat: must be a number` (rows are the file's lines, the header is row 1) or
 * `features[3], geometry.coordinates: ...`; an import with any problem gives no assets at all (the
 * caller applies all or nothing).
 *
 * CSV: `id,type,name,lat,lon,agency` in any order, plus optional `name_<locale>` columns for the
 * jurisdiction's other languages (`name` is in its default language). GeoJSON: each Feature's
 * `geometry` is a Point with coordinates [longitude, latitude] (RFC 7946; swapped ones are pointed
 * out), its `properties` carry `id` (else the Feature's own `id`), `type`, `name` (text, or a map
 * `{ en, es, ar }`) and `agency`; other properties are ignored.
 */
import { z } from 'zod';
import { pointInBoundary } from '../../../src/catalog/geo';
import { slug } from '../../../src/catalog/schema-primitives';
import { localizedText } from '../../../src/catalog/schema-text';
import { assetType } from '../../../src/catalog/schema-volunteering';
import type { AdoptableAsset, Catalog } from '../../../src/catalog/types';
import { readCsv, type ImportProblem } from '../../../src/modules/table-import';

/** Far more than a city's storm drains and street trees; a larger file is a mistake. */
export const MAX_IMPORT_ASSETS = 50_000;

export const ASSET_COLUMNS = ['id', 'type', 'name', 'lat', 'lon', 'agency'] as const;
type Field = (typeof ASSET_COLUMNS)[number];

export type AssetCheck = { ok: true; assets: AdoptableAsset[] } | { ok: false; problems: ImportProblem[] };

/** What a check needs: the jurisdiction (languages, boundary), the agencies, and the catalogue's own asset ids. */
export interface AssetCheckContext {
  catalog: Pick<Catalog, 'jurisdiction' | 'agencies'>;
  catalogueIds: ReadonlySet<string>;
}

/** One asset as read from a row or feature, before its checks; `at` names each field where it was read. */
interface Candidate {
  where: string;
  values: Partial<Record<Field, unknown>>;
  at: (field: Field, locale?: string) => string;
  /** `[lat, lon]` read the other way round would lie inside the boundary: how to say so. */
  swapHint: string;
}

function coordinate(what: 'lat' | 'lon') {
  const limit = what === 'lat' ? 90 : 180;
  const range = `${what} must be between -${String(limit)} and ${String(limit)}`;
  return z.number({ error: 'must be a number' }).min(-limit, range).max(limit, range);
}

/** One asset's fields, each checked on its own (every problem reported) and then together (typed). */
function assetShape(ctx: AssetCheckContext) {
  const { jurisdiction, agencies } = ctx.catalog;
  const ids = agencies.map((a) => a.id);
  return z.object({
    id: slug,
    type: assetType,
    name: localizedText({ defaultLocale: jurisdiction.defaultLocale, locales: jurisdiction.locales, shippedLocales: jurisdiction.locales }),
    lat: coordinate('lat'),
    lon: coordinate('lon'),
    agency: z.string().refine((a) => ids.includes(a), { error: (issue) => `unknown agency '${String(issue.input)}' (agencies: ${ids.join(', ')})` }),
  });
}

/** Checks a CSV import. */
export function checkCsv(text: string, ctx: AssetCheckContext): AssetCheck {
  const { defaultLocale, locales } = ctx.catalog.jurisdiction;
  const translations = locales.filter((l) => l !== defaultLocale).map((l) => `name_${l}`);
  const table = readCsv(text, ASSET_COLUMNS.join(','));
  if (!table.ok) return table;
  const header = table.header.map((c) => c.toLowerCase());
  const known = [...ASSET_COLUMNS, ...translations];
  const problems: ImportProblem[] = [];
  const unknown = header.filter((c) => !known.includes(c));
  if (unknown.length > 0) problems.push({ where: 'row 1', message: `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `'${c}'`).join(', ')} (columns: ${ASSET_COLUMNS.join(',')}${translations.length > 0 ? `, optionally ${translations.join(', ')}` : ''})` });
  const missing = ASSET_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) problems.push({ where: 'row 1', message: `missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} (the header needs ${ASSET_COLUMNS.join(',')})` });
  const twice = header.filter((c, i) => header.indexOf(c) !== i);
  if (twice.length > 0) problems.push({ where: 'row 1', message: `column ${twice.map((c) => `'${c}'`).join(', ')} appears twice` });
  if (problems.length > 0) return { ok: false, problems };
  const candidates: Candidate[] = [];
  for (const { where, record } of table.rows) {
    if (record.length !== header.length) {
      problems.push({ where, message: `has ${String(record.length)} columns; expected ${String(header.length)} (${header.join(',')})` });
      continue;
    }
    const cell = (column: string): string | undefined => {
      const v = record[header.indexOf(column)]?.trim();
      return v === undefined || v === '' ? undefined : v;
    };
    const name = cell('name');
    const named = translations.flatMap((c) => (cell(c) === undefined ? [] : [[c.slice('name_'.length), cell(c) as string] as const]));
    const coordinate = (column: string): unknown => {
      const v = cell(column);
      return v !== undefined && /^[-+]?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    };
    candidates.push({
      where,
      values: {
        id: cell('id'),
        type: cell('type'),
        name: named.length === 0 ? name : { ...(name === undefined ? {} : { [defaultLocale]: name }), ...Object.fromEntries(named) },
        lat: coordinate('lat'),
        lon: coordinate('lon'),
        agency: cell('agency'),
      },
      at: (field, locale) => (field === 'name' && locale !== undefined && locale !== defaultLocale ? `name_${locale}` : field),
      swapHint: 'are lat and lon swapped?',
    });
  }
  return finish(candidates, problems, ctx);
}

const POINT = 'must be a Point: { "type": "Point", "coordinates": [longitude, latitude] }';

const point = z.object({
  type: z.literal('Point'),
  coordinates: z.array(z.number({ error: 'must be numbers' }), { error: 'must be [longitude, latitude]' }).min(2, 'must be [longitude, latitude]').max(3, 'must be [longitude, latitude] (or with an altitude)'),
});

/** A Feature's envelope; its geometry is read on its own (point), so a LineString gets one clear message. */
const feature = z.object({
  type: z.literal('Feature', { error: 'must be "Feature"' }),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: z.unknown(),
  properties: z.record(z.string(), z.unknown(), { error: 'must be an object with id, type, name and agency' }),
});

function geometryProblem(geometry: unknown): { field: string; message: string } | undefined {
  if (typeof geometry !== 'object' || geometry === null || Array.isArray(geometry)) return { field: 'geometry', message: `${POINT} (got ${JSON.stringify(geometry) ?? 'nothing'})` };
  const type = (geometry as { type?: unknown }).type;
  if (type !== 'Point') return { field: 'geometry.type', message: `${POINT} (got ${JSON.stringify(type) ?? 'no type'})` };
  return undefined;
}

const EXPECTED = 'expected a GeoJSON FeatureCollection: { "type": "FeatureCollection", "features": [{ "type": "Feature", "geometry": { "type": "Point", "coordinates": [lon, lat] }, "properties": { "id", "type", "name", "agency" } }, ...] }';

/** Checks a GeoJSON import (already parsed from JSON). */
export function checkGeoJson(body: unknown, ctx: AssetCheckContext): AssetCheck {
  const collection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }).safeParse(body);
  if (!collection.success) return { ok: false, problems: [{ where: 'file', message: EXPECTED }] };
  const problems: ImportProblem[] = [];
  const candidates: Candidate[] = [];
  collection.data.features.forEach((raw, i) => {
    const where = `features[${String(i)}]`;
    const parsed = feature.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ where, ...(issue.path.length > 0 ? { field: issue.path.map(String).join('.') } : {}), message: issue.message });
      return;
    }
    const wrong = geometryProblem(parsed.data.geometry);
    if (wrong) {
      problems.push({ where, ...wrong });
      return;
    }
    const geometry = point.safeParse(parsed.data.geometry);
    if (!geometry.success) {
      for (const issue of geometry.error.issues) problems.push({ where, field: ['geometry', ...issue.path.map(String)].join('.'), message: issue.message });
      return;
    }
    const { properties: p, id } = parsed.data;
    const [lon, lat] = geometry.data.coordinates;
    candidates.push({
      where,
      values: { id: p.id ?? (typeof id === 'string' ? id : undefined), type: p.type, name: p.name, lat, lon, agency: p.agency },
      at: (field, locale) => (field === 'lat' || field === 'lon' ? 'geometry.coordinates' : `properties.${field}${locale === undefined ? '' : `.${locale}`}`),
      swapHint: `GeoJSON positions are [longitude, latitude]: [${String(lat)}, ${String(lon)}] looks swapped`,
    });
  });
  return finish(candidates, problems, ctx);
}

/** Checks each candidate's fields, its place, and ids across the file; the assets when nothing is wrong. */
function finish(candidates: readonly Candidate[], earlier: ImportProblem[], ctx: AssetCheckContext): AssetCheck {
  const problems = [...earlier];
  if (candidates.length + earlier.length === 0) return { ok: false, problems: [{ where: 'file', message: 'no assets to import' }] };
  if (candidates.length > MAX_IMPORT_ASSETS) return { ok: false, problems: [{ where: 'file', message: `${String(candidates.length)} assets; at most ${String(MAX_IMPORT_ASSETS)} per import` }] };
  const shape = assetShape(ctx);
  const { boundary, defaultLocale } = ctx.catalog.jurisdiction;
  const seen = new Map<string, string>();
  const assets: AdoptableAsset[] = [];
  for (const c of candidates) {
    const before = problems.length;
    for (const field of ASSET_COLUMNS) {
      const value = c.values[field];
      if (value === undefined) {
        problems.push({ where: c.where, field: c.at(field), message: 'required' });
        continue;
      }
      const parsed = shape.shape[field].safeParse(value);
      if (!parsed.success) for (const issue of parsed.error.issues) problems.push({ where: c.where, field: c.at(field, typeof issue.path[0] === 'string' ? issue.path[0] : undefined), message: issue.message });
    }
    const id = slug.safeParse(c.values.id);
    if (id.success) {
      if (ctx.catalogueIds.has(id.data)) problems.push({ where: c.where, field: c.at('id'), message: `'${id.data}' is an asset of the catalogue; imported assets need ids of their own` });
      else if (seen.has(id.data)) problems.push({ where: c.where, field: c.at('id'), message: `'${id.data}' is also on ${seen.get(id.data) ?? ''}` });
      else seen.set(id.data, c.where);
    }
    if (problems.length > before) continue;
    const a = shape.parse(c.values);
    if (!pointInBoundary(boundary, a.lat, a.lon)) {
      const swapped = pointInBoundary(boundary, a.lon, a.lat);
      problems.push({ where: c.where, field: c.at('lat'), message: `lat ${String(a.lat)}, lon ${String(a.lon)} is outside the jurisdiction's boundary${swapped ? ` (${c.swapHint})` : ''}` });
      continue;
    }
    assets.push({ id: a.id, type: a.type, name: typeof a.name === 'string' ? { [defaultLocale]: a.name } : { ...a.name }, lat: a.lat, lon: a.lon, agency: a.agency });
  }
  // In file order (a bad row's shape is found before the others' fields are checked).
  const order = (p: ImportProblem): number => Number(/\d+/.exec(p.where)?.[0] ?? -1);
  return problems.length > 0 ? { ok: false, problems: problems.sort((a, b) => order(a) - order(b)) } : { ok: true, assets };
}
