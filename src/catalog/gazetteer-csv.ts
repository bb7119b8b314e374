/**
 * The offline gazetteer (`jurisdiction.geocoder: { type: gazetteer, file }`): a CSV of the city's
 * streets and named places, read and checked at load like the rest of the catalogue, every
 * problem with its file, column and line. csv-parse (already used for shift imports) handles
 * quotes, a BOM and CRLF; `#` starts a comment line.
 *
 * Columns (header row, any order):
 *   id        a slug; the rows of one street share it (one row per stretch of house numbers)
 *   kind      `street` or `place`
 *   name      the name in the catalogue's default language ("Oak Ave"); needed on the first row of an id
 *   name_<l>  the name in language <l> ("name_es: Avenida Oak"); shown to people in that language
 *   aliases   other spellings people type, separated by `|` ("Oak Avenue|Avenida Oak")
 *   from, to  a street row's house numbers (whole numbers, from <= to)
 *   lat, lon  a place's point, or where a street row's numbers start (`from`)
 *   end_lat, end_lon  where a street row's numbers end (`to`); a number between is placed in proportion
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { CatalogIssue } from './errors';
import type { Gazetteer, GazetteerPlace, GazetteerStreet } from './geocoder-types';

/** A city's streets fit in a few megabytes; a larger file is a mistake. */
export const MAX_GAZETTEER_BYTES = 20 * 1024 * 1024;
export const MAX_GAZETTEER_ROWS = 200_000;

const REQUIRED = ['id', 'kind', 'name', 'lat', 'lon'] as const;
const OPTIONAL = ['aliases', 'from', 'to', 'end_lat', 'end_lon'] as const;
const NAME_COLUMN = /^name_([a-z]{2,3})$/;
const ID = /^[a-z0-9][a-z0-9_-]{0,79}$/;

export type GazetteerRead = { ok: true; gazetteer: Gazetteer } | { ok: false; issues: CatalogIssue[] };

/** Reads and checks the gazetteer file (`file` as resolved; `path` is where the catalogue names it). */
export function readGazetteerFile(file: string, defaultLocale: string, path = 'jurisdiction.geocoder.file'): GazetteerRead {
  let text: string;
  try {
    if (statSync(file).size > MAX_GAZETTEER_BYTES) return fail(path, `${file} is larger than ${String(MAX_GAZETTEER_BYTES / 1024 / 1024)} MB`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
    return fail(path, `cannot read ${file} (${code === 'ENOENT' ? 'not found' : code})`);
  }
  return parseGazetteerCsv(text, file, defaultLocale);
}

function fail(path: string, message: string): GazetteerRead {
  return { ok: false, issues: [{ path, message }] };
}

interface Row {
  line: number;
  values: Record<string, string>;
}

/** Parses and checks gazetteer CSV text; problems name `file`, the column and the line. */
export function parseGazetteerCsv(text: string, file: string, defaultLocale: string): GazetteerRead {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, comment: '#', comment_no_infix: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : undefined;
    const issue: CatalogIssue = { file, path: '(file)', message: `not valid CSV (${error instanceof Error ? error.message : String(error)})` };
    return { ok: false, issues: [line === undefined ? issue : { ...issue, line }] };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, issues: [{ file, path: '(file)', message: 'the file is empty: it needs a header row and at least one street or place' }] };
  const columns = header.record.map((c) => c.toLowerCase());
  const issues: CatalogIssue[] = [];
  const at = (line: number, column: string, message: string): void => void issues.push({ file, path: column, message, line });
  for (const c of columns) {
    if (!(REQUIRED as readonly string[]).includes(c) && !(OPTIONAL as readonly string[]).includes(c) && !NAME_COLUMN.test(c)) {
      at(header.info.lines, c, `unknown column (expected ${[...REQUIRED, ...OPTIONAL, 'name_<language>'].join(', ')})`);
    }
  }
  for (const c of REQUIRED) if (!columns.includes(c)) at(header.info.lines, c, 'missing column');
  if (body.length > MAX_GAZETTEER_ROWS) at(header.info.lines, '(file)', `more than ${String(MAX_GAZETTEER_ROWS)} rows`);
  if (issues.length > 0 || body.length === 0) {
    if (body.length === 0) at(header.info.lines, '(file)', 'no streets or places after the header');
    return { ok: false, issues };
  }
  const rows: Row[] = body.map((r) => ({ line: r.info.lines, values: Object.fromEntries(columns.map((c, i) => [c, r.record[i] ?? ''])) }));
  const gazetteer = build(rows, defaultLocale, at);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, gazetteer };
}

type At = (line: number, column: string, message: string) => void;

function build(rows: Row[], defaultLocale: string, at: At): Gazetteer {
  const streets = new Map<string, GazetteerStreet & { line: number }>();
  const places = new Map<string, GazetteerPlace>();
  for (const { line, values } of rows) {
    const id = values.id ?? '';
    if (!ID.test(id)) {
      at(line, 'id', 'must be 1-80 lowercase letters, digits, - or _');
      continue;
    }
    const kind = values.kind;
    if (kind !== 'street' && kind !== 'place') {
      at(line, 'kind', "must be 'street' or 'place'");
      continue;
    }
    const names = namesOf(values, defaultLocale);
    const aliases = (values.aliases ?? '').split('|').map((a) => a.trim()).filter((a) => a.length > 0);
    const lat = coordinate(values.lat, 90, line, 'lat', at);
    const lon = coordinate(values.lon, 180, line, 'lon', at);
    const known = streets.get(id) ?? places.get(id);
    if (known === undefined && names[defaultLocale] === undefined) at(line, 'name', `the first row of '${id}' needs its name (in ${defaultLocale})`);
    if (kind === 'place') {
      if (known !== undefined) at(line, 'id', `'${id}' is used by another row: a place has one row`);
      for (const c of OPTIONAL.slice(1)) if ((values[c] ?? '') !== '') at(line, c, 'a place has a point only: leave it empty');
      if (lat !== undefined && lon !== undefined && known === undefined) places.set(id, { id, names, aliases, lat, lon });
      continue;
    }
    if (places.has(id)) {
      at(line, 'id', `'${id}' is a place on another row`);
      continue;
    }
    const segment = segmentOf(values, line, at);
    const street = streets.get(id) ?? { id, names: {}, aliases: [], segments: [], line };
    street.names = { ...names, ...street.names };
    street.aliases = [...new Set([...street.aliases, ...aliases])];
    if (segment && lat !== undefined && lon !== undefined) {
      const overlap = street.segments.find((s) => segment.from <= s.to && s.from <= segment.to);
      if (overlap) at(line, 'from', `numbers ${String(segment.from)}-${String(segment.to)} overlap ${String(overlap.from)}-${String(overlap.to)} of '${id}'`);
      else street.segments.push({ ...segment, start: [lat, lon] });
    }
    streets.set(id, street);
  }
  return {
    streets: [...streets.values()].map(({ line: _line, ...s }) => ({ ...s, segments: [...s.segments].sort((a, b) => a.from - b.from) })),
    places: [...places.values()],
  };
}

function namesOf(values: Record<string, string>, defaultLocale: string): Record<string, string> {
  const names: Record<string, string> = {};
  if ((values.name ?? '') !== '') names[defaultLocale] = values.name as string;
  for (const [column, value] of Object.entries(values)) {
    const locale = NAME_COLUMN.exec(column)?.[1];
    if (locale !== undefined && value !== '' && names[locale] === undefined) names[locale] = value;
  }
  return names;
}

function coordinate(raw: string | undefined, limit: number, line: number, column: string, at: At): number | undefined {
  const value = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(value) || Math.abs(value) > limit) {
    at(line, column, `must be a number between -${String(limit)} and ${String(limit)}`);
    return undefined;
  }
  return value;
}

function segmentOf(values: Record<string, string>, line: number, at: At): { from: number; to: number; end: [number, number] } | undefined {
  const from = Number(values.from);
  const to = Number(values.to);
  let ok = true;
  for (const [column, n] of [['from', from], ['to', to]] as const) {
    if ((values[column] ?? '') === '' || !Number.isInteger(n) || n < 0) {
      at(line, column, 'a street row needs its house numbers as whole numbers');
      ok = false;
    }
  }
  if (ok && from > to) {
    at(line, 'to', `must be at least from (${String(from)})`);
    ok = false;
  }
  const endLat = coordinate(values.end_lat, 90, line, 'end_lat', at);
  const endLon = coordinate(values.end_lon, 180, line, 'end_lon', at);
  return ok && endLat !== undefined && endLon !== undefined ? { from, to, end: [endLat, endLon] } : undefined;
}
