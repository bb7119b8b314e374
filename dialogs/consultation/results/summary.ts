/**
 * A consultation's results, computed from its counters (counters.ts) in one pass: per option
 * counts and shares, answered vs skipped, a scale's distribution, mean and median, a number's
 * min, median and max, a ranking's mean rank and Borda score, location answers as a grid of
 * counts, and breakdowns by channel, language and area (U-Report's dashboards, Decidim's survey
 * results). Texts are resolved in the reader's language.
 *
 * Privacy by default: a `public` summary never shows a count of 1 to 4 people (any cell, any
 * breakdown): it is `null`, shown as "fewer than 5", and so is any share or statistic computed
 * from fewer than 5 answers. Zero is shown. Where the cells add up to a shown total (one answer
 * per person, breakdown values), a lone hidden cell takes a second one with it, so it cannot be
 * worked out by subtraction; such a cell of 5 or more is marked `protective` (shown as "not
 * shown", not as "fewer than 5"). Staff summaries show every count.
 */
import type { Consultation, LocalizedText, Question } from '../../../src/catalog/types';
import { localized } from '../../../src/engine/locale';
import { cellCentre, DIMENSIONS, type Dimension } from './counters';

/** The smallest group shown publicly. */
export const MIN_PUBLIC_CELL = 5;

export type Audience = 'public' | 'staff';

/** A count as shown: null when it is 1-4 people in a public summary. */
export type Shown = number | null;

export interface OptionResult {
  id: string;
  label: string;
  count: Shown;
  /** Of the people who answered the question (0..1, 4 decimals); null when either count is hidden. */
  share: Shown;
  /** Hidden although 5 or more: it would give away a smaller group by subtraction. */
  protective?: true;
}

export interface QuestionResult {
  id: string;
  type: Question['type'];
  text: string;
  answered: Shown;
  skipped: Shown;
  options?: OptionResult[];
  /** Scale: one entry per point of the scale; number: one per distinct value given. */
  distribution?: { value: number; count: Shown }[];
  mean?: Shown;
  median?: Shown;
  min?: Shown;
  max?: Shown;
  /** Ranking: by Borda score (n - position + 1 points per ranking), best first. */
  ranking?: { id: string; label: string; meanRank: Shown; borda: Shown; first: Shown }[];
  /** Location: cells with their centre. */
  grid?: { lat: number; lon: number; count: Shown }[];
  /** Per breakdown value: the answered count and the option counts (choice questions). */
  breakdowns?: Partial<Record<Dimension, { value: string; answered: Shown; options?: Record<string, Shown>; protective?: string[] }[]>>;
}

export interface ResultsSummary {
  consultation: string;
  title: string;
  lang: string;
  audience: Audience;
  responses: Shown;
  /** Responses by channel, language and area (`protective`: hidden to protect a smaller group). */
  breakdowns: Record<Dimension, { value: string; responses: Shown; protective?: true }[]>;
  questions: QuestionResult[];
}

export interface SummaryOptions {
  audience: Audience;
  /** The reader's language. */
  locale: string;
  defaultLocale: string;
  /** Names of area values (district ids) in the reader's language. */
  areaName?: (value: string) => string | undefined;
}

/** Shares and statistics are rounded to 4 decimals. */
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Builds the summary from the counters (names as in counters.ts). */
export function summarize(c: Consultation, counters: Readonly<Record<string, number>>, opts: SummaryOptions): ResultsSummary {
  const show = (n: number): Shown => (opts.audience === 'public' && n > 0 && n < MIN_PUBLIC_CELL ? null : n);
  const text = (t: LocalizedText): string => localized(t, opts.locale, opts.defaultLocale);
  const get = (name: string): number => counters[name] ?? 0;

  // Group the counters once: by question and by breakdown dimension.
  const byQuestion = new Map<string, Map<string, number>>();
  const dimensionValues: Record<Dimension, Map<string, number>> = { ch: new Map(), lang: new Map(), area: new Map() };
  const scoped = new Map<string, Map<string, number>>(); // `<dim>:<value>|q:<q>` -> rest -> count
  for (const [name, count] of Object.entries(counters)) {
    if (count <= 0) continue;
    if (name.startsWith('by:')) {
      const [, dim, value = ''] = name.split(':', 3) as [string, Dimension, string];
      dimensionValues[dim]?.set(name.slice(`by:${dim}:`.length) || value, count);
    } else if (name.startsWith('q:')) {
      const [qid, rest] = splitQuestion(name.slice(2));
      let m = byQuestion.get(qid);
      if (!m) byQuestion.set(qid, (m = new Map()));
      m.set(rest, count);
    } else if (name.startsWith('d:')) {
      const bar = name.indexOf('|');
      const [qid, rest] = splitQuestion(name.slice(bar + 3));
      const key = `${name.slice(2, bar)}|${qid}`;
      let m = scoped.get(key);
      if (!m) scoped.set(key, (m = new Map()));
      m.set(rest, count);
    }
  }

  const questions: QuestionResult[] = [];
  for (const q of c.questions) {
    if (q.type === 'statement') continue;
    const m = byQuestion.get(q.id) ?? new Map<string, number>();
    const answered = m.get('answered') ?? 0;
    const result: QuestionResult = { id: q.id, type: q.type, text: text(q.text), answered: show(answered), skipped: show(m.get('skipped') ?? 0) };
    const share = (n: number): Shown => {
      if (answered === 0) return 0;
      return show(n) === null || show(answered) === null ? null : round4(n / answered);
    };
    const optionIds = optionIdsOf(q);
    if (optionIds) {
      const raw = optionIds.map(({ id }) => m.get(`o:${id}`) ?? 0);
      // One answer each (single choice, yes/no): the options add up to `answered`, so one hidden cell
      // could be worked out from the others; a second is hidden with it.
      const partition = q.type !== 'multiple_choice' && opts.audience === 'public';
      const hide = partition ? secondaryHidden(raw) : new Set<number>();
      result.options = optionIds.map(({ id, label }, i) => {
        const n = raw[i]!;
        if (!hide.has(i)) return { id, label: label ? text(label) : id, count: show(n), share: share(n) };
        return { id, label: label ? text(label) : id, count: null, share: null, ...(n >= MIN_PUBLIC_CELL ? { protective: true as const } : {}) };
      });
    }
    if (q.type === 'scale' || q.type === 'number') {
      const hist = [...m].filter(([k]) => k.startsWith('v:')).map(([k, n]) => ({ value: Number(k.slice(2)), count: n })).sort((a, b) => a.value - b.value);
      const points = q.type === 'scale' ? Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i) : hist.map((h) => h.value);
      // Statistics of fewer than 5 answers are hidden like a count of them.
      const hidden = show(answered) === null;
      result.distribution = points.map((value) => ({ value, count: show(hist.find((h) => h.value === value)?.count ?? 0) }));
      const stats = statistics(hist);
      const stat = (x: number | undefined): Shown => (x === undefined || hidden ? null : round4(x));
      result.mean = stat(stats.mean);
      result.median = stat(stats.median);
      if (q.type === 'number') {
        // The extremes are one person's answer each: staff only.
        result.min = opts.audience === 'staff' ? stat(stats.min) : null;
        result.max = opts.audience === 'staff' ? stat(stats.max) : null;
        if (opts.audience === 'public') delete result.distribution;
      }
    }
    if (q.type === 'ranking') result.ranking = rankingOf(q, m, text, show);
    if (q.type === 'location') {
      result.grid = [...m]
        .filter(([k]) => k.startsWith('g:'))
        .map(([k, n]) => ({ ...cellCentre(k.slice(2)), count: show(n) }))
        .sort((a, b) => a.lat - b.lat || a.lon - b.lon);
    }
    if (answered > 0) result.breakdowns = breakdownsOf(q, optionIds, scoped, dimensionValues, show, opts.audience === 'public' && q.type !== 'multiple_choice');
    questions.push(result);
  }

  const breakdowns = Object.fromEntries(
    DIMENSIONS.map((d) => [
      d,
      ((rows: [string, number][]) => {
        // The values of a dimension add up to the responses: hide a second cell with a lone hidden one.
        const hide = opts.audience === 'public' ? secondaryHidden(rows.map(([, n]) => n)) : new Set<number>();
        return rows.map(([value, n], i) => ({
          value: d === 'area' ? (opts.areaName?.(value) ?? value) : value,
          responses: hide.has(i) ? null : show(n),
          ...(hide.has(i) && n >= MIN_PUBLIC_CELL ? { protective: true as const } : {}),
        }));
      })([...dimensionValues[d]].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))),
    ]),
  ) as ResultsSummary['breakdowns'];
  return { consultation: c.id, title: text(c.title), lang: opts.locale, audience: opts.audience, responses: show(get('n')), breakdowns, questions };
}

/**
 * Secondary suppression for counts that add up to a shown total: the cells of 1-4 people, and
 * when that is exactly one cell, also the smallest other non-zero one (else the hidden one is the
 * total minus the rest). Returns the indexes to hide.
 */
export function secondaryHidden(raw: readonly number[]): Set<number> {
  const small = raw.flatMap((n, i) => (n > 0 && n < MIN_PUBLIC_CELL ? [i] : []));
  const hide = new Set(small);
  if (small.length === 1) {
    let best = -1;
    raw.forEach((n, i) => {
      if (n > 0 && !hide.has(i) && (best < 0 || n < raw[best]!)) best = i;
    });
    if (best >= 0) hide.add(best);
  }
  return hide;
}

/** `<question id>:<rest>` (question ids are slugs: no colon). */
function splitQuestion(s: string): [string, string] {
  const i = s.indexOf(':');
  return [s.slice(0, i), s.slice(i + 1)];
}

function optionIdsOf(q: Question): { id: string; label?: LocalizedText }[] | undefined {
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice':
      return [...q.options.map((o) => ({ id: o.id, label: o.label })), ...(q.other ? [{ id: '_other' }] : [])];
    case 'yes_no':
      return [{ id: 'yes' }, { id: 'no' }];
    default:
      return undefined;
  }
}

/** Mean, median (the mean of the two middle values for an even count), min and max of a histogram. */
export function statistics(hist: readonly { value: number; count: number }[]): { mean?: number; median?: number; min?: number; max?: number } {
  const total = hist.reduce((s, h) => s + h.count, 0);
  if (total === 0) return {};
  const sum = hist.reduce((s, h) => s + h.value * h.count, 0);
  const at = (rank: number): number => {
    let seen = 0;
    for (const h of hist) {
      seen += h.count;
      if (seen > rank) return h.value;
    }
    return hist[hist.length - 1]!.value;
  };
  const median = total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
  return { mean: sum / total, median, min: hist[0]!.value, max: hist[hist.length - 1]!.value };
}

function rankingOf(
  q: Extract<Question, { type: 'ranking' }>,
  m: Map<string, number>,
  text: (t: LocalizedText) => string,
  show: (n: number) => Shown,
): NonNullable<QuestionResult['ranking']> {
  const n = q.options.length;
  const rows = q.options.map((o) => {
    let ranked = 0;
    let rankSum = 0;
    let borda = 0;
    for (let p = 1; p <= n; p++) {
      const k = m.get(`r:${o.id}:${String(p)}`) ?? 0;
      ranked += k;
      rankSum += k * p;
      borda += k * (n - p + 1);
    }
    const hidden = show(ranked) === null;
    return { id: o.id, label: text(o.label), meanRank: hidden || ranked === 0 ? null : round4(rankSum / ranked), borda: hidden ? null : borda, first: show(m.get(`r:${o.id}:1`) ?? 0), sortKey: borda };
  });
  return rows.sort((a, b) => b.sortKey - a.sortKey || a.id.localeCompare(b.id)).map(({ sortKey: _unused, ...row }) => row);
}

function breakdownsOf(
  q: Question,
  optionIds: { id: string }[] | undefined,
  scoped: Map<string, Map<string, number>>,
  dimensionValues: Record<Dimension, Map<string, number>>,
  show: (n: number) => Shown,
  partition: boolean,
): QuestionResult['breakdowns'] {
  const out: NonNullable<QuestionResult['breakdowns']> = {};
  for (const d of DIMENSIONS) {
    const rows = [...dimensionValues[d].keys()].sort().flatMap((value) => {
      const m = scoped.get(`${d}:${value}|${q.id}`);
      if (!m) return [];
      const answered = m.get('answered') ?? 0;
      if (answered === 0) return [];
      const raw = optionIds?.map((o) => m.get(`o:${o.id}`) ?? 0) ?? [];
      const hide = partition ? secondaryHidden(raw) : new Set<number>();
      const options = optionIds ? Object.fromEntries(optionIds.map((o, i) => [o.id, hide.has(i) ? null : show(raw[i]!)])) : undefined;
      const protective = (optionIds ?? []).filter((_, i) => hide.has(i) && raw[i]! >= MIN_PUBLIC_CELL).map((o) => o.id);
      return [{ value, answered: show(answered), ...(options ? { options } : {}), ...(protective.length > 0 ? { protective } : {}) }];
    });
    if (rows.length > 0) out[d] = rows;
  }
  return out;
}
