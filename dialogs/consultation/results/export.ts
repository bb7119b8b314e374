/**
 * One row per current response, for the agency (Decidim's survey exports): `GET
 * /admin/consultations/:id/responses.csv|.json` and `wegov consultation:export`. Columns: the
 * response id, the pseudonymous participant (empty once the person deleted their data), when,
 * channel, language, then one column per question by its id: an option id; several joined with
 * "; "; "Other" text in `<question>_other`; a ranking as "first > second > ..."; a location as
 * `<question>_lat` / `<question>_lon` (or `<question>_address`); a number; text; empty when
 * skipped or not asked.
 *
 * CSV with csv-stringify (the `csv` project's writer: RFC 4180 quoting, well kept): CRLF line
 * ends and a UTF-8 byte order mark, so spreadsheet programs open Arabic and Spanish correctly.
 */
import { stringify } from 'csv-stringify/sync';
import type { Consultation } from '../../../src/catalog/types';
import type { Json } from '../../../src/engine/json';
import type { ResponsePage } from './store';

export const BOM = '\uFEFF';

type Row = ResponsePage['responses'][number];

/** The columns of the consultation's export, in order. */
export function exportColumns(c: Consultation): string[] {
  const columns = ['response_id', 'participant', 'submitted_at', 'channel', 'language'];
  for (const q of c.questions) {
    if (q.type === 'statement') continue;
    if (q.type === 'location') columns.push(`${q.id}_lat`, `${q.id}_lon`, `${q.id}_address`);
    else columns.push(q.id);
    if ((q.type === 'single_choice' || q.type === 'multiple_choice') && q.other) columns.push(`${q.id}_other`);
  }
  return columns;
}

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One response as a record of column -> cell (strings; numbers as typed). */
export function exportRecord(c: Consultation, r: Row): Record<string, string | number> {
  const out: Record<string, string | number> = {
    response_id: r.id,
    participant: r.participant ?? '',
    submitted_at: r.submittedAt,
    channel: r.channel,
    language: r.locale,
  };
  for (const q of c.questions) {
    if (q.type === 'statement') continue;
    // Stored answers are plain JSON (result.ts validated their shapes at delivery).
    const v = r.answers[q.id] as Json | undefined;
    if (q.type === 'location') {
      out[`${q.id}_lat`] = isObject(v) && typeof v.lat === 'number' ? v.lat : '';
      out[`${q.id}_lon`] = isObject(v) && typeof v.lon === 'number' ? v.lon : '';
      out[`${q.id}_address`] = isObject(v) && typeof v.address === 'string' ? v.address : '';
      continue;
    }
    const other = (q.type === 'single_choice' || q.type === 'multiple_choice') && q.other;
    if (other) out[`${q.id}_other`] = '';
    if (v === undefined || v === null) {
      out[q.id] = '';
    } else if (Array.isArray(v)) {
      const picks = v.flatMap((x) => (typeof x === 'string' ? [x] : isObject(x) && typeof x.other === 'string' ? ['_other'] : []));
      const otherText = v.find((x): x is { [k: string]: Json } => isObject(x) && typeof x.other === 'string');
      out[q.id] = picks.join(q.type === 'ranking' ? ' > ' : '; ');
      if (other && otherText) out[`${q.id}_other`] = String(otherText.other);
    } else if (isObject(v) && typeof v.other === 'string') {
      out[q.id] = '_other';
      if (other) out[`${q.id}_other`] = v.other;
    } else if (typeof v === 'boolean') {
      out[q.id] = v ? 'yes' : 'no';
    } else if (typeof v === 'string' || typeof v === 'number') {
      out[q.id] = v;
    } else {
      out[q.id] = JSON.stringify(v);
    }
  }
  return out;
}

/** CSV text of some rows (with the header and BOM when `header` is set). */
export function csvChunk(c: Consultation, rows: readonly Row[], header: boolean): string {
  const columns = exportColumns(c);
  const body = stringify(
    rows.map((r) => exportRecord(c, r)),
    { columns, header, record_delimiter: 'windows', cast: { number: (n) => String(n) } },
  );
  return header ? `${BOM}${body}` : body;
}

/** Every current response, a page at a time (the store's scan). */
export async function* allResponses(scan: (cursor: string) => Promise<ResponsePage>): AsyncGenerator<Row[]> {
  let cursor = '0';
  do {
    const page = await scan(cursor);
    if (page.responses.length > 0) yield page.responses;
    cursor = page.cursor;
  } while (cursor !== '0');
}
