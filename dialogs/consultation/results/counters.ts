/**
 * What one response adds to a consultation's aggregates (issue 12), as named counters: the
 * results are sums of these, so a response is counted by adding its counters and a changed
 * response is corrected by subtracting the old one's and adding the new one's (one atomic step in
 * the store). The counters hold numbers only, never text or identities: aggregates are
 * anonymous by construction. Free text is summarised separately (themes.ts).
 *
 * Names (`q` question id, `o` option id, `v` value, `p` rank position, `g` grid cell):
 * - `n`: responses; `by:ch:<channel>`, `by:lang:<locale>`, `by:area:<district|_elsewhere|_unknown>`.
 * - `q:<q>:answered`, `q:<q>:skipped` (asked and skipped; a question not shown counts in neither).
 * - choices, multiple choice, yes/no: `q:<q>:o:<option>` (`_other` for "Other", `yes`/`no`).
 * - scale and number: `q:<q>:v:<value>` (a histogram: distribution, mean, median, min, max).
 * - ranking: `q:<q>:r:<option>:<position>` (1 = first): mean rank and Borda score.
 * - location: `q:<q>:g:<lat cell>,<lon cell>` on a GRID_DEGREES grid.
 * - breakdowns: every `q:` counter again under `d:<dimension>:<value>|` for channel, language and area.
 */
import type { Consultation, Question } from '../../../src/catalog/types';
import type { Json } from '../../../src/engine/json';

/** Grid cell size for location answers: 0.005° (about 550 m north-south). */
export const GRID_DEGREES = 0.005;

/** The breakdown dimensions, as counter prefixes. */
export const DIMENSIONS = ['ch', 'lang', 'area'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The parts of a response the counters read (a delivered consultation_response). */
export interface CountedResponse {
  answers: Readonly<Record<string, Json>>;
  locale: string;
  channel: string;
}

/** Which named district a point lies in (undefined: none of them). */
export type AreaOf = (lat: number, lon: number) => string | undefined;

export const ELSEWHERE = '_elsewhere';
export const UNKNOWN_AREA = '_unknown';

/** Counter names may not contain the separators the names are built from. */
const part = (raw: string): string => raw.replace(/[|\s]/g, '_');

/** The cell a point falls in, as `<lat index>,<lon index>` (floor of degrees / GRID_DEGREES). */
export function gridCell(lat: number, lon: number): string {
  return `${Math.floor(lat / GRID_DEGREES)},${Math.floor(lon / GRID_DEGREES)}`;
}

/** The cell's centre, for maps and open data. */
export function cellCentre(cell: string): { lat: number; lon: number } {
  const [a = '0', b = '0'] = cell.split(',');
  return { lat: round6((Number(a) + 0.5) * GRID_DEGREES), lon: round6((Number(b) + 0.5) * GRID_DEGREES) };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function isPoint(v: Json | undefined): v is { lat: number; lon: number } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.lat === 'number' && typeof v.lon === 'number';
}

/** The response's area: the district of its first pinned location answer. */
export function areaOfResponse(c: Consultation, r: CountedResponse, areaOf: AreaOf | undefined): string {
  for (const q of c.questions) {
    if (q.type !== 'location') continue;
    const v = r.answers[q.id];
    if (isPoint(v)) return areaOf?.(v.lat, v.lon) ?? ELSEWHERE;
  }
  return UNKNOWN_AREA;
}

/** The counters of one question's answer (without breakdown prefixes). */
function questionCounters(q: Question, value: Json | undefined, add: (name: string) => void): void {
  if (q.type === 'statement' || value === undefined) return;
  const base = `q:${part(q.id)}`;
  if (value === null) return add(`${base}:skipped`);
  add(`${base}:answered`);
  switch (q.type) {
    case 'single_choice':
      if (typeof value === 'string') add(`${base}:o:${part(value)}`);
      else if (typeof value === 'object' && !Array.isArray(value) && typeof value.other === 'string') add(`${base}:o:_other`);
      return;
    case 'multiple_choice':
      if (!Array.isArray(value)) return;
      for (const v of value) {
        if (typeof v === 'string') add(`${base}:o:${part(v)}`);
        else if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.other === 'string') add(`${base}:o:_other`);
      }
      return;
    case 'yes_no':
      if (typeof value === 'boolean') add(`${base}:o:${value ? 'yes' : 'no'}`);
      return;
    case 'scale':
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) add(`${base}:v:${String(value)}`);
      return;
    case 'ranking':
      if (Array.isArray(value)) value.forEach((v, i) => typeof v === 'string' && add(`${base}:r:${part(v)}:${String(i + 1)}`));
      return;
    case 'location':
      if (isPoint(value)) add(`${base}:g:${gridCell(value.lat, value.lon)}`);
      return;
    case 'short_text':
    case 'long_text':
      return;
  }
}

/** Everything one response adds to its consultation's counters (each +1). */
export function countersOf(c: Consultation, r: CountedResponse, areaOf?: AreaOf): Record<string, number> {
  const out: Record<string, number> = {};
  const bump = (name: string): void => {
    out[name] = (out[name] ?? 0) + 1;
  };
  const dims: Record<Dimension, string> = { ch: part(r.channel), lang: part(r.locale), area: part(areaOfResponse(c, r, areaOf)) };
  bump('n');
  for (const d of DIMENSIONS) bump(`by:${d}:${dims[d]}`);
  for (const q of c.questions) {
    questionCounters(q, r.answers[q.id], (name) => {
      bump(name);
      for (const d of DIMENSIONS) bump(`d:${d}:${dims[d]}|${name}`);
    });
  }
  return out;
}
