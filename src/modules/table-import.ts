/**
 * What the modules' file imports share (volunteering's shifts, adoptable assets): reading a CSV
 * file into rows numbered as a spreadsheet shows them (the header is row 1; csv-parse, the CSV
 * reader of the csv-stringify family used for exports, handles quotes, a BOM and CRLF), problems
 * that say where they are ("row 7, capacity: must be a whole number of at least 1"), the admin
 * API's 400 answer listing every problem, and the CLI's reading of the file and its problems.
 * An import with any problem applies nothing: the callers check every row first.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Response } from 'express';
import type { ApiErrorBody } from '../server/api-error';

/** One problem: where (`row 7`, `features[2]`, `file`), the column or property when there is one, and why. */
export interface ImportProblem {
  where: string;
  field?: string;
  message: string;
}

/** `row 7, capacity: must be a whole number of at least 1`. */
export function formatProblem(p: ImportProblem): string {
  return `${p.where}${p.field === undefined ? '' : `, ${p.field}`}: ${p.message}`;
}

/** One record of a CSV file and the row it starts on (`row 7`). */
export interface CsvRow {
  where: string;
  record: string[];
}

export type CsvTable = { ok: true; header: string[]; rows: CsvRow[] } | { ok: false; problems: ImportProblem[] };

/** Reads a CSV file: its header (as written, trimmed) and the rows after it; blank lines are skipped. `expectedHeader` is named when the file is empty. */
export function readCsv(text: string, expectedHeader: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : undefined;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ where: line === undefined ? 'file' : `row ${String(line)}`, message: `not valid CSV (${message})` }] };
  }
  const [header, ...body] = records;
  if (header === undefined) return { ok: false, problems: [{ where: 'file', message: `empty: the first row is the header ${expectedHeader}` }] };
  const rows = body.map(({ record, info }): CsvRow => {
    // info.lines is the line the record ends on; a quoted field may span lines.
    const newlines = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    return { where: `row ${String(info.lines - newlines)}`, record };
  });
  return { ok: true, header: header.record, rows };
}

/** `row 3, ...: ... (and 1 more problem; nothing was imported)`. */
export function problemsSummary(problems: readonly ImportProblem[]): string {
  const first = problems[0];
  const others = problems.length - 1;
  const more = others > 0 ? ` (and ${String(others)} more problem${others === 1 ? '' : 's'}; nothing was imported)` : ' (nothing was imported)';
  return `${first ? formatProblem(first) : 'invalid'}${more}`;
}

/** The admin API's answer to an import with problems: 400 `invalid_body`, every problem in `problems`. */
export function sendImportProblems(res: Response, problems: readonly ImportProblem[]): void {
  const body: ApiErrorBody & { problems: string[] } = { error: { code: 'invalid_body', message: problemsSummary(problems) }, problems: problems.map(formatProblem) };
  res.status(400).json(body);
}

type Io = { write(text: string): void; err(line: string): void };

/** The CLI's reading of the file an import names: its name and text, or the exit code after saying why not (2). */
export function readImportFile(file: string | undefined, io: Io, usage: string): { file: string; text: string } | number {
  if (file === undefined) {
    io.err(`usage: wegov ${usage}`);
    return 2;
  }
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (error) {
    io.err(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

/** The CLI's parse of a JSON file: `{ json }`, or the exit code after saying why not (1). */
export function parseImportJson(file: string, text: string, io: Io): { json: unknown } | number {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    io.err(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    return 1;
  }
}

/** The CLI's report of an import with problems: one line each, then a summary; the exit code (1). */
export function reportImportProblems(file: string, problems: readonly ImportProblem[], io: Io): number {
  for (const p of problems) io.err(`${file}: ${formatProblem(p)}`);
  io.err(`nothing imported: ${String(problems.length)} problem${problems.length === 1 ? '' : 's'}`);
  return 1;
}
