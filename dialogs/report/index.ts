import type { ParticipationModule } from '../../src/engine/module';
import { vocabulary } from '../../src/engine/vocabulary';
import { matchKeywords } from '../../src/nlu/keyword-match';
import { categoryAnswers, categoryKeywordTargets } from './category-steps';
import { reportFlow } from './flow';
import { REPORT_RESULT } from './result';
import { mentionAnswers } from './mentioned-place';
import { t } from '../../src/engine/text';

/**
 * Reporting an issue (311, Open311): the first participation module. On the menu first; a
 * sentence naming a category ("there's a pothole on Elm St") starts it with the category
 * chosen; deep links `report`, `report:<categoryId>` or a category id alone (a QR code on a
 * poster); submits `report` results (Open311, webhooks `report.submitted`, Slack triage cards).
 */
export const reportModule: ParticipationModule = {
  id: 'report',
  flows: [reportFlow],
  menuEntry: (env) => ({
    id: 'report',
    label: t('menu.report'),
    order: 10,
    match: vocabulary(env, 'report'),
    start: { flow: reportFlow.id },
    interpret: (input, { env: e, locale }) => {
      if (input.kind !== 'text') return null;
      const matched = matchKeywords(input.text, categoryKeywordTargets(e.catalog), locale);
      // An address in the sentence is kept for the location question (mentioned-place.ts).
      return matched.length === 1 && matched[0] ? { ...categoryAnswers(e.catalog, matched[0]), ...mentionAnswers(input.text, e, locale) } : null;
    },
  }),
  deepLinks: [
    (payload, env) => {
      const [flow = '', arg] = payload.trim().toLowerCase().split(/[:_ ](.*)/s);
      const categoryId = flow === 'report' ? arg : flow;
      if (categoryId && env.catalog.categories.some((c) => c.id === categoryId)) {
        return { flow: reportFlow.id, answers: categoryAnswers(env.catalog, categoryId) as Record<string, string> };
      }
      return flow === 'report' && !arg ? { flow: reportFlow.id } : null;
    },
  ],
  results: { report: REPORT_RESULT },
};

export { reportFlow } from './flow';
