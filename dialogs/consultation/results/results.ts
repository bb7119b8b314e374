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
import { summarize, type Audience, type ResultsSummary } from './summary';

/** Responses read per page when exporting or rebuilding. */
export const PAGE_SIZE = 1000;

/** Why public results are not shown (yet). */
export type Withheld = 'staff_only' | 'after_close';

export class ConsultationResults {
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

  /** Every current response, a page at a time. */
  responses(c: Consultation): AsyncGenerator<ResponsePage['responses']> {
    return allResponses((cursor) => this.deps.store.scan(c.id, cursor, PAGE_SIZE));
  }

  /** Recomputes the counters from the stored responses (`wegov consultation:rebuild`). */
  async rebuild(c: Consultation): Promise<{ responses: number; ms: number }> {
    const started = performance.now();
    const areaOf = districtOf(this.deps.catalog);
    const { responses } = await this.deps.store.rebuild(c.id, (r) => countersOf(c, r, areaOf));
    return { responses, ms: Math.round(performance.now() - started) };
  }
}
