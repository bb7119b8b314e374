/**
 * Open data of the public consultation results (aggregates only, never a response): the
 * catalogue `/open-data/consultations.json`, and per consultation `.json` (the public summary:
 * counts of 1-4 people are null) and `.csv`, each with the licence and when it was generated.
 *
 * The CSV is tidy and long, one observation per row (csv-stringify as in export.ts: RFC 4180,
 * CRLF, UTF-8 with a byte order mark), columns:
 *   question_id      the question's id (empty for the consultation's own rows)
 *   question         its text in the file's language
 *   kind             responses | answered | skipped | option | scale_value | mean | median |
 *                    rank_borda | rank_mean | rank_first | location_cell | theme
 *   breakdown        empty, or channel | language | area (the row counts only that group)
 *   breakdown_value  the group: a channel id, a language code, a district id (or _elsewhere, _unknown)
 *   key              what is counted: an option id, a scale point, "lat,lon" of a grid cell's
 *                    centre (cells of 1-4 people left out), a theme's terms; empty for totals
 *   label            the key's (or the group's) name in the file's language
 *   count            people; EMPTY when 1-4 people (never published)
 *   share            of those who answered the question, 0..1; empty when not computed or hidden
 *   value            a statistic (mean, median, average rank, Borda points); empty when hidden
 *   licence, generated_at  the same on every row, so the file carries them wherever it goes
 */
import { stringify } from 'csv-stringify/sync';
import type { Catalog, Consultation } from '../../../src/catalog/types';
import { localized } from '../../../src/engine/locale';
import { openness } from '../open';
import { DIMENSIONS, type Dimension } from './counters';
import { BOM } from './export';
import { dimensionLabel, optionLabel } from './labels';
import type { Reader } from './reader';
import type { QuestionThemes, Withheld } from './results';
import { MIN_PUBLIC_CELL, type ResultsSummary, type Shown } from './summary';

export const CSV_COLUMNS = ['question_id', 'question', 'kind', 'breakdown', 'breakdown_value', 'key', 'label', 'count', 'share', 'value', 'licence', 'generated_at'] as const;
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

/** The breakdowns' names in open data. */
export const BREAKDOWN_NAMES: Record<Dimension, string> = { ch: 'channel', lang: 'language', area: 'area' };

const allLanguages = (catalog: Catalog, t: Parameters<typeof localized>[0]): Record<string, string> =>
  Object.fromEntries(catalog.jurisdiction.locales.map((l) => [l, localized(t, l, catalog.jurisdiction.defaultLocale)]));

export interface Links {
  page: string;
  json: string;
  csv: string;
}

export const linksOf = (publicUrl: string, c: Consultation): Links => ({
  page: `${publicUrl}/consultations/${c.id}`,
  json: `${publicUrl}/open-data/consultations/${c.id}.json`,
  csv: `${publicUrl}/open-data/consultations/${c.id}.csv`,
});

/** What a file says about its consultation. */
export function consultationMeta(catalog: Catalog, c: Consultation, now: Date) {
  const agency = catalog.agencies.find((a) => a.id === c.agency);
  return {
    id: c.id,
    title: allLanguages(catalog, c.title),
    agency: { id: c.agency, name: agency ? allLanguages(catalog, agency.name) : null },
    opens_at: c.opensAt,
    closes_at: c.closesAt,
    status: openness(c, now),
    results: c.results,
  };
}

/** `/open-data/consultations.json`. */
export function catalogueDocument(opts: { catalog: Catalog; consultations: readonly Consultation[]; now: Date; licence: string; publicUrl: string; withheld: (c: Consultation) => Withheld | null }) {
  return {
    licence: opts.licence,
    generated_at: opts.now.toISOString(),
    consultations: opts.consultations.map((c) => {
      const w = opts.withheld(c);
      const links = linksOf(opts.publicUrl, c);
      return {
        ...consultationMeta(opts.catalog, c, opts.now),
        results_published: w === null,
        results_withheld: w,
        links: { page: links.page, ...(c.results === 'staff_only' ? {} : { json: links.json, csv: links.csv }) },
      };
    }),
  };
}

/** Public themes as published: terms and counts (examples only when the consultation allows them); a language's answer count of 1-4 is null. */
export function publicThemes(themes: QuestionThemes) {
  return Object.fromEntries(
    Object.entries(themes).map(([q, byLocale]) => [
      q,
      Object.fromEntries(
        Object.entries(byLocale).map(([lang, t]) => [
          lang,
          {
            answers: t.answers > 0 && t.answers < MIN_PUBLIC_CELL ? null : t.answers,
            themes: t.themes.map((x) => ({ terms: x.terms, count: x.count, ...(x.examples.length > 0 ? { examples: x.examples.map((e) => e.text) } : {}) })),
          },
        ]),
      ),
    ]),
  );
}

/** `/open-data/consultations/:id.json`. */
export function resultsDocument(opts: { catalog: Catalog; c: Consultation; summary: ResultsSummary; themes: QuestionThemes; now: Date; licence: string; publicUrl: string }) {
  const { consultation: _id, title: _title, audience: _audience, ...results } = opts.summary;
  return {
    licence: opts.licence,
    generated_at: opts.now.toISOString(),
    consultation: { ...consultationMeta(opts.catalog, opts.c, opts.now), links: linksOf(opts.publicUrl, opts.c) },
    ...results,
    // A location square with 1-4 people is left out: its place alone could point at someone.
    questions: results.questions.map((q) => (q.grid ? { ...q, grid: q.grid.filter((g) => g.count !== null) } : q)),
    themes: publicThemes(opts.themes),
  };
}

/** A summary's area value back to its district id (the summary names districts at the top level). */
function areaId(catalog: Catalog, lang: string, value: string): string {
  const j = catalog.jurisdiction;
  return j.districts.find((d) => localized(d.name, lang, j.defaultLocale) === value)?.id ?? value;
}

/** The CSV rows of a public summary (see the module comment). */
export function csvRows(r: Reader, catalog: Catalog, summary: ResultsSummary, themes: QuestionThemes): CsvRow[] {
  const rows: CsvRow[] = [{ kind: 'responses', count: summary.responses }];
  for (const d of DIMENSIONS) {
    for (const b of summary.breakdowns[d]) {
      const value = d === 'area' ? areaId(catalog, r.lang.code, b.value) : b.value;
      rows.push({ kind: 'responses', breakdown: BREAKDOWN_NAMES[d], breakdown_value: value, label: dimensionLabel(r, catalog, d, value), count: b.responses });
    }
  }
  for (const q of summary.questions) {
    const base = { question_id: q.id, question: q.text };
    const stat = (kind: string, value: Shown | undefined, extra: CsvRow = {}) => {
      if (value !== undefined) rows.push({ ...base, kind, ...extra, value });
    };
    rows.push({ ...base, kind: 'answered', count: q.answered }, { ...base, kind: 'skipped', count: q.skipped });
    for (const o of q.options ?? []) rows.push({ ...base, kind: 'option', key: o.id, label: optionLabel(r, o.id, o.label), count: o.count, share: o.share });
    for (const v of q.distribution ?? []) rows.push({ ...base, kind: 'scale_value', key: v.value, label: String(v.value), count: v.count });
    stat('mean', q.mean);
    stat('median', q.median);
    for (const x of q.ranking ?? []) {
      const opt = { key: x.id, label: x.label };
      stat('rank_borda', x.borda, opt);
      stat('rank_mean', x.meanRank, opt);
      rows.push({ ...base, kind: 'rank_first', ...opt, count: x.first });
    }
    for (const g of q.grid ?? []) if (g.count !== null) rows.push({ ...base, kind: 'location_cell', key: `${String(g.lat)},${String(g.lon)}`, count: g.count });
    for (const d of DIMENSIONS) {
      for (const b of q.breakdowns?.[d] ?? []) {
        const group = { breakdown: BREAKDOWN_NAMES[d], breakdown_value: b.value };
        rows.push({ ...base, kind: 'answered', ...group, label: dimensionLabel(r, catalog, d, b.value), count: b.answered });
        for (const o of q.options ?? []) rows.push({ ...base, kind: 'option', ...group, key: o.id, label: optionLabel(r, o.id, o.label), count: b.options?.[o.id] ?? 0 });
      }
    }
    for (const [lang, t] of Object.entries(themes[q.id] ?? {})) {
      for (const x of t.themes) rows.push({ ...base, kind: 'theme', breakdown: 'language', breakdown_value: lang, key: x.terms.join(' '), label: x.terms.join(', '), count: x.count });
    }
  }
  return rows;
}

/** The CSV file: BOM, header, CRLF; hidden counts are empty cells. */
export function csvText(rows: readonly CsvRow[], meta: { licence: string; generatedAt: string }): string {
  const stamped = rows.map((row) => ({ ...row, licence: meta.licence, generated_at: meta.generatedAt }));
  return BOM + stringify(stamped, { columns: [...CSV_COLUMNS], header: true, record_delimiter: 'windows', cast: { number: (n) => String(n) } });
}
