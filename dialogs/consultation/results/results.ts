/**
 * A consultation's results as the places that show them ask for them (the admin API, the public
 * page and open data, Slack, the chat): who may see them when (the consultation's `results:`),
 * the summary in the reader's language (summary.ts, small cells hidden in public), the export
 * rows, and a rebuild of the counters from the stored responses.
 */
import type { Catalog, Consultation } from '../../../src/catalog/types';
import { localized } from '../../../src/engine/locale';
import { openness } from '../open';
import { countersOf } from './counters';
import { allResponses } from './export';
import { districtOf } from './sink';
import type { ConsultationResultsStore, ResponsePage } from './store';
import { MIN_PUBLIC_CELL, summarize, type Audience, type ResultsSummary } from './summary';
import { extractThemes, type FreeTextAnswer, type ThemesByLocale } from './themes';

/** Responses read per page when exporting or rebuilding. */
export const PAGE_SIZE = 1000;

/** Themes are recomputed from the stored answers at most this often per consultation (served stale meanwhile). */
export const THEMES_MAX_AGE_MS = 5 * 60_000;

/** Per free-text question: its themes per language. */
export type QuestionThemes = Record<string, ThemesByLocale>;

/** Why public results are not shown (yet). */
export type Withheld = 'staff_only' | 'after_close';

export class ConsultationResults {
  readonly #themes = new Map<string, { at: number; value: Promise<QuestionThemes> }>();

  constructor(
    private readonly deps: { store: ConsultationResultsStore; catalog: Catalog; now: () => Date },
  ) {}

  get catalog(): Catalog {
    return this.deps.catalog;
  }

  /** The consultation, if the catalogue has it. */
  find(id: string): Consultation | undefined {
    return this.deps.catalog.consultations.find((c) => c.id === id);
  }

  /** Whether the public may see the results now: null when they may, else why not. */
  publicWithheld(c: Consultation): Withheld | null {
    if (c.results === 'staff_only') return 'staff_only';
    if (c.results === 'public_after_close' && openness(c, this.deps.now()) !== 'closed') return 'after_close';
    return null;
  }

  /** The summary for `audience` in `locale` (the jurisdiction's default when not offered). */
  async summary(c: Consultation, audience: Audience, locale: string): Promise<ResultsSummary> {
    const j = this.deps.catalog.jurisdiction;
    const lang = j.locales.includes(locale) ? locale : j.defaultLocale;
    const counters = await this.deps.store.counters(c.id);
    return summarize(c, counters, {
      audience,
      locale: lang,
      defaultLocale: j.defaultLocale,
      areaName: (value) => {
        const d = j.districts.find((x) => x.id === value);
        return d ? localized(d.name, lang, j.defaultLocale) : undefined;
      },
    });
  }

  /**
   * Themes in the free-text answers (themes.ts), per question and language. Computed from every
   * stored answer, so cached per process for THEMES_MAX_AGE_MS and refreshed in the background
   * (the first request computes them). Public: themes of fewer than 5 answers are left out, and
   * examples only when the consultation allows it (`public_examples`).
   */
  async themes(c: Consultation, audience: Audience): Promise<QuestionThemes> {
    const now = this.deps.now().getTime();
    let cached = this.#themes.get(c.id);
    if (!cached) {
      cached = { at: now, value: this.#computeThemes(c) };
      this.#themes.set(c.id, cached);
    } else if (now - cached.at > THEMES_MAX_AGE_MS) {
      const next = this.#computeThemes(c);
      const entry = { at: now, value: cached.value };
      this.#themes.set(c.id, entry);
      // Served stale until the new ones are ready; a failure keeps the old ones.
      next.then((v) => void (entry.value = Promise.resolve(v))).catch(() => undefined);
    }
    const all = await cached.value;
    if (audience === 'staff') return all;
    const shown: QuestionThemes = {};
    for (const [q, byLocale] of Object.entries(all)) {
      shown[q] = Object.fromEntries(
        Object.entries(byLocale).map(([lang, t]) => [
          lang,
          { ...t, themes: t.themes.filter((x) => x.count >= MIN_PUBLIC_CELL).map((x) => ({ ...x, examples: c.publicExamples === true ? x.examples : [] })) },
        ]),
      );
    }
    return shown;
  }

  async #computeThemes(c: Consultation): Promise<QuestionThemes> {
    const questions = c.questions.filter((q) => q.type === 'short_text' || q.type === 'long_text');
    if (questions.length === 0) return {};
    const answers = new Map<string, FreeTextAnswer[]>(questions.map((q) => [q.id, []]));
    for await (const page of this.responses(c)) {
      for (const r of page) {
        for (const q of questions) {
          const v = r.answers[q.id];
          if (typeof v === 'string' && v.trim() !== '') answers.get(q.id)!.push({ id: r.id, text: v, locale: r.locale });
        }
      }
    }
    return Object.fromEntries(questions.map((q) => [q.id, extractThemes(answers.get(q.id)!, { ignore: q.text })]));
  }

  /** Every current response, a page at a time. */
  responses(c: Consultation): AsyncGenerator<ResponsePage['responses']> {
    return allResponses((cursor) => this.deps.store.scan(c.id, cursor, PAGE_SIZE));
  }

  /** Retention: deletes every consultation's responses older than `days` (counters kept). */
  async expire(days: number): Promise<number> {
    const before = new Date(this.deps.now().getTime() - days * 86_400_000).toISOString();
    let n = 0;
    for (const c of this.deps.catalog.consultations) n += await this.deps.store.expire(c.id, before);
    return n;
  }

  /** Recomputes the counters from the stored responses (`wegov consultation:rebuild`). */
  async rebuild(c: Consultation): Promise<{ responses: number; ms: number }> {
    const started = performance.now();
    const areaOf = districtOf(this.deps.catalog);
    const { responses } = await this.deps.store.rebuild(c.id, (r) => countersOf(c, r, areaOf));
    return { responses, ms: Math.round(performance.now() - started) };
  }
}
