/**
 * The body of the public results page `/consultations/:id`: the title and dates, the number of
 * responses, and per question a bar chart with its data table (answers, a scale's distribution
 * with mean and median, a ranking's order, the location grid, breakdowns by channel, language and
 * area), the themes of written answers, and the open-data links. Every count comes from the
 * public summary, where 1-4 people are null: those cells read "fewer than 5" and no bar is drawn.
 */
import type { Catalog, Consultation, Question } from '../../../src/catalog/types';
import { localized } from '../../../src/engine/locale';
import { barChartSvg, type Bar } from './bar-chart-svg';
import { DIMENSIONS, type Dimension } from './counters';
import { html, type Html } from './html';
import { dimensionLabel, optionLabel } from './labels';
import type { Reader } from './reader';
import type { QuestionThemes } from './results';
import { MIN_PUBLIC_CELL, type QuestionResult, type ResultsSummary, type Shown } from './summary';

export interface ResultsPageInput {
  r: Reader;
  catalog: Catalog;
  consultation: Consultation;
  summary: ResultsSummary;
  themes: QuestionThemes;
}

/** How a hidden count reads: "fewer than 5", or "not shown" when it hides 5 or more to protect a smaller group. */
const hiddenText = (r: Reader, protective: boolean | undefined): string => r.t(protective === true ? 'not_shown' : 'fewer_than_5');

/** A count cell: the number, or why it is hidden. */
function countCell(r: Reader, n: Shown, protective?: boolean): Html {
  return n === null ? html`<td class="num hidden">${hiddenText(r, protective)}</td>` : html`<td class="num">${r.num(n)}</td>`;
}

const shareText = (r: Reader, share: Shown): string => (share === null ? '' : r.pct(share));

function barText(r: Reader, count: Shown, share?: Shown, protective?: boolean): string {
  if (count === null) return hiddenText(r, protective);
  return share !== undefined && share !== null ? `${r.num(count)} (${r.pct(share)})` : r.num(count);
}

function figure(r: Reader, bars: Bar[], table: Html): Html {
  return html`<div class="figure">${barChartSvg(bars, r.lang.rtl)}${table}</div>`;
}

function optionsBlock(r: Reader, q: QuestionResult): Html {
  const rows = (q.options ?? []).map((o) => ({ ...o, label: optionLabel(r, o.id, o.label) }));
  const bars = rows.map((o) => ({ label: o.label, count: o.count, text: barText(r, o.count, o.share, o.protective) }));
  const table = html`<table><caption>${r.t('table_caption', { question: q.text })}</caption>
<thead><tr><th scope="col">${r.t('answer')}</th><th scope="col">${r.t('people')}</th><th scope="col">${r.t('share')}</th></tr></thead>
<tbody>${rows.map((o) => html`<tr><th scope="row">${o.label}</th>${countCell(r, o.count, o.protective)}<td class="num">${shareText(r, o.share)}</td></tr>`)}</tbody></table>`;
  return figure(r, bars, table);
}

function scaleLabel(r: Reader, catalog: Catalog, q: Question, value: number): string {
  if (q.type !== 'scale') return r.num(value);
  const end = value === q.min ? q.minLabel : value === q.max ? q.maxLabel : undefined;
  return end ? `${r.num(value)} – ${localized(end, r.lang.code, catalog.jurisdiction.defaultLocale)}` : r.num(value);
}

function statistics(r: Reader, q: QuestionResult): Html {
  if (q.mean === undefined && q.median === undefined) return html``;
  const stat = (n: Shown | undefined): string => (n === null || n === undefined ? r.t('fewer_than_5') : r.num(n));
  return html`<table><caption>${q.text}</caption><tbody>
<tr><th scope="row">${r.t('mean')}</th><td class="num">${stat(q.mean)}</td></tr>
<tr><th scope="row">${r.t('median')}</th><td class="num">${stat(q.median)}</td></tr></tbody></table>`;
}

function scaleBlock(r: Reader, catalog: Catalog, q: QuestionResult, question: Question): Html {
  const rows = (q.distribution ?? []).map((d) => ({ label: scaleLabel(r, catalog, question, d.value), count: d.count }));
  const bars = rows.map((d) => ({ label: d.label, count: d.count, text: barText(r, d.count) }));
  const table = html`<table><caption>${r.t('table_caption', { question: q.text })}</caption>
<thead><tr><th scope="col">${r.t('answer')}</th><th scope="col">${r.t('people')}</th></tr></thead>
<tbody>${rows.map((d) => html`<tr><th scope="row">${d.label}</th>${countCell(r, d.count)}</tr>`)}</tbody></table>`;
  return html`${figure(r, bars, table)}${statistics(r, q)}`;
}

function rankingBlock(r: Reader, q: QuestionResult): Html {
  const rows = q.ranking ?? [];
  const bars = rows.map((x) => ({ label: x.label, count: x.borda, text: barText(r, x.borda) }));
  const table = html`<table><caption>${r.t('ranking_caption', { question: q.text })}</caption>
<thead><tr><th scope="col">${r.t('place')}</th><th scope="col">${r.t('answer')}</th><th scope="col">${r.t('borda')}</th><th scope="col">${r.t('mean_rank')}</th><th scope="col">${r.t('ranked_first')}</th></tr></thead>
<tbody>${rows.map(
    (x, i) =>
      html`<tr><td class="num">${r.num(i + 1)}</td><th scope="row">${x.label}</th>${countCell(r, x.borda)}${countCell(r, x.meanRank)}${countCell(r, x.first)}</tr>`,
  )}</tbody></table>`;
  return figure(r, bars, table);
}

function locationBlock(r: Reader, q: QuestionResult): Html {
  // A square with 1-4 people is left out: its place alone could point at someone.
  const cells = (q.grid ?? []).filter((g) => g.count !== null);
  if (cells.length === 0) return html``;
  return html`<table><caption>${r.t('location_caption')}</caption>
<thead><tr><th scope="col">${r.t('latitude')}</th><th scope="col">${r.t('longitude')}</th><th scope="col">${r.t('people')}</th></tr></thead>
<tbody>${cells.map((g) => html`<tr><td class="num">${g.lat.toFixed(4)}</td><td class="num">${g.lon.toFixed(4)}</td>${countCell(r, g.count)}</tr>`)}</tbody></table>`;
}

function themesBlock(r: Reader, q: QuestionResult, themes: QuestionThemes): Html {
  const byLocale = themes[q.id] ?? {};
  const langs = Object.values(byLocale).filter((t) => t.answers > 0);
  if (langs.length === 0) return html``;
  return html`<h3>${r.t('themes')}</h3>${langs.map((t) => {
    const language = r.languages.find((l) => l.code === t.locale)?.name ?? t.locale;
    // The number of written answers in a language is a count of people like any other.
    const caption = r.t('themes_caption', { language, count: t.answers < MIN_PUBLIC_CELL ? r.t('fewer_than_5') : r.num(t.answers) });
    if (t.themes.length === 0) return html`<p>${caption}: ${r.t('no_themes')}</p>`;
    const examples = t.themes.some((x) => x.examples.length > 0);
    return html`<table><caption>${caption}</caption>
<thead><tr><th scope="col">${r.t('theme_terms')}</th><th scope="col">${r.t('theme_count')}</th>${examples ? html`<th scope="col">${r.t('theme_examples')}</th>` : ''}</tr></thead>
<tbody>${t.themes.map(
      (x) =>
        html`<tr><th scope="row" lang="${t.locale}">${x.terms.join(', ')}</th><td class="num">${r.num(x.count)}</td>${
          examples ? html`<td>${x.examples.map((e) => html`<blockquote lang="${t.locale}">${e.text}</blockquote>`)}</td>` : ''
        }</tr>`,
    )}</tbody></table>`;
  })}`;
}

function breakdownBlock(r: Reader, catalog: Catalog, q: QuestionResult): Html {
  const b = q.breakdowns ?? {};
  const dims = DIMENSIONS.filter((d) => (b[d]?.length ?? 0) > 0);
  return html`${dims.map((d: Dimension) => {
    const rows = b[d] ?? [];
    const options = (q.options ?? []).map((o) => ({ id: o.id, label: optionLabel(r, o.id, o.label) }));
    return html`<table><caption>${r.t('breakdown_caption', { question: q.text, by: r.t(`by_${d}`) })}</caption>
<thead><tr><th scope="col">${r.t(`dim_${d}`)}</th><th scope="col">${r.t('answered')}</th>${options.map((o) => html`<th scope="col">${o.label}</th>`)}</tr></thead>
<tbody>${rows.map(
      (row) =>
        html`<tr><th scope="row">${dimensionLabel(r, catalog, d, row.value)}</th>${countCell(r, row.answered)}${options.map((o) => countCell(r, row.options?.[o.id] ?? 0, row.protective?.includes(o.id)))}</tr>`,
    )}</tbody></table>`;
  })}`;
}

function questionSection(input: ResultsPageInput, q: QuestionResult, n: number): Html {
  const { r, catalog, consultation, themes } = input;
  const question = consultation.questions.find((x) => x.id === q.id)!;
  let body: Html;
  if (q.options) body = optionsBlock(r, q);
  else if (q.type === 'scale') body = scaleBlock(r, catalog, q, question);
  else if (q.type === 'number') body = html`${statistics(r, q)}<p class="note">${r.t('number_note')}</p>`;
  else if (q.type === 'ranking') body = rankingBlock(r, q);
  else if (q.type === 'location') body = locationBlock(r, q);
  else body = themesBlock(r, q, themes);
  return html`<section aria-labelledby="q-${q.id}">
<h2 id="q-${q.id}"><span class="meta">${r.t('question', { n })}</span><br>${q.text}</h2>
<p class="meta">${r.t('answered')}: ${r.count(q.answered)} · ${r.t('skipped')}: ${r.count(q.skipped)}</p>
${body}
${breakdownBlock(r, catalog, q)}
</section>`;
}

/** The results: responses, their breakdowns, and every question. */
export function resultsMain(input: ResultsPageInput): Html {
  const { r, catalog, summary } = input;
  const overall = DIMENSIONS.filter((d) => summary.breakdowns[d].length > 0).map(
    (d) => html`<table><caption>${r.t('responses_caption', { by: r.t(`by_${d}`) })}</caption>
<thead><tr><th scope="col">${r.t(`dim_${d}`)}</th><th scope="col">${r.t('responses')}</th></tr></thead>
<tbody>${summary.breakdowns[d].map((row) => html`<tr><th scope="row">${dimensionLabel(r, catalog, d, row.value)}</th>${countCell(r, row.responses, row.protective)}</tr>`)}</tbody></table>`,
  );
  if (summary.responses === 0) return html`<p>${r.t('no_answers')}</p>`;
  return html`<section aria-labelledby="responses">
<h2 id="responses">${r.t('responses')}: ${r.count(summary.responses)}</h2>
<p class="note">${r.t('privacy_note')}</p>
${overall}
</section>
${summary.questions.map((q, i) => questionSection(input, q, i + 1))}`;
}
