/**
 * The consultations' results digests for staff channels (src/modules/results-digest.ts): the
 * staff summary (summary.ts: every count as it is) cut down to what fits a chat message: the
 * number of responses, and for each choice, yes/no and scale question its most chosen options
 * with counts and shares (a scale: every point and the mean), plus the link to the full page.
 */
import type { Consultation, LocalizedText } from '../../../src/catalog/types';
import { localized } from '../../../src/engine/locale';
import type { I18n } from '../../../src/i18n';
import type { DigestEntry, DigestPublication, DigestQuestion, ResultsDigest, ResultsDigests } from '../../../src/modules/results-digest';
import { openness } from '../open';
import { resultsPageUrl } from '../results-url';
import type { ConsultationResults } from './results';
import type { QuestionResult } from './summary';

/** The most chosen options shown per choice question (the rest are counted in `more`). */
export const TOP_OPTIONS = 5;

export function consultationDigests(results: ConsultationResults, host: { publicUrl: string; i18n: Pick<I18n, 'renderText'>; now: () => Date }): ResultsDigests {
  const j = results.catalog.jurisdiction;
  const lang = (locale: string): string => (j.locales.includes(locale) ? locale : j.defaultLocale);
  const entry = (c: Consultation, locale: string): DigestEntry => ({
    id: c.id,
    title: localized(c.title, lang(locale), j.defaultLocale),
    state: openness(c, host.now()),
    opensAt: c.opensAt,
    closesAt: c.closesAt,
  });
  return {
    list: (locale) => results.catalog.consultations.map((c) => entry(c, locale)),
    async digest(id, locale) {
      const c = results.find(id);
      if (!c) return null;
      const l = lang(locale);
      const summary = await results.summary(c, 'staff', l);
      const label = (key: string): string => host.i18n.renderText([{ key }], l);
      const questions = summary.questions.flatMap((q) => {
        const d = digestQuestion(c, q, l, j.defaultLocale, label);
        return d ? [d] : [];
      });
      // Staff consultations have no public page (public-routes.ts answers 404): their results are staff only.
      const withheld = c.audience.kind === 'public' ? results.publicWithheld(c) : 'staff_only';
      const publication: DigestPublication = withheld === null ? 'public' : withheld;
      const digest: ResultsDigest = {
        ...entry(c, l),
        responses: summary.responses ?? 0,
        publication,
        url: resultsPageUrl(host.publicUrl, c.id),
        questions,
        otherQuestions: summary.questions.length - questions.length,
      };
      return digest;
    },
  };
}

/** A choice, yes/no or scale question as the digest shows it; undefined for other kinds. */
function digestQuestion(c: Consultation, q: QuestionResult, locale: string, defaultLocale: string, label: (key: string) => string): DigestQuestion | undefined {
  const answered = q.answered ?? 0;
  const share = (n: number): number => (answered === 0 ? 0 : n / answered);
  if (q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'yes_no') {
    const named = (id: string, text: string): string => {
      if (q.type === 'yes_no') return label(id === 'yes' ? 'choices.yes' : 'choices.no');
      return id === '_other' ? label('consultation.results_other_answer') : text;
    };
    // The most chosen first; ties keep the catalogue's order (sort is stable).
    const options = (q.options ?? [])
      .map((o) => ({ label: named(o.id, o.label), count: o.count ?? 0, share: share(o.count ?? 0) }))
      .sort((a, b) => b.count - a.count);
    return { text: q.text, answered, options: options.slice(0, TOP_OPTIONS), more: Math.max(0, options.length - TOP_OPTIONS), ...(q.type === 'multiple_choice' ? { multiple: true } : {}) };
  }
  if (q.type === 'scale') {
    const question = c.questions.find((x) => x.id === q.id);
    const ends: { min?: LocalizedText; max?: LocalizedText; lo?: number; hi?: number } =
      question?.type === 'scale' ? { ...(question.minLabel ? { min: question.minLabel } : {}), ...(question.maxLabel ? { max: question.maxLabel } : {}), lo: question.min, hi: question.max } : {};
    const pointLabel = (value: number): string => {
      const end = value === ends.lo ? ends.min : value === ends.hi ? ends.max : undefined;
      return end ? `${String(value)} (${localized(end, locale, defaultLocale)})` : String(value);
    };
    const options = (q.distribution ?? []).map((d) => ({ label: pointLabel(d.value), count: d.count ?? 0, share: share(d.count ?? 0) }));
    return { text: q.text, answered, options, more: 0, ...(typeof q.mean === 'number' && answered > 0 ? { mean: q.mean } : {}) };
  }
  return undefined;
}
