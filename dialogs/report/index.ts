import type { ParticipationModule } from '../../src/engine/module';
import { vocabulary } from '../../src/engine/vocabulary';
import { categoryAnswers } from './category-steps';
import { categoryFromText, namesCategory, OPENING_TEXT, reportIntents } from './intents';
import { reportFlow } from './flow';
import { lookupFlow } from './lookup';
import { followed } from './followed';
import { merged } from './merged';
import { REPORT_RESULT } from './result';
import { ME_TOO_RESULT } from './me-too-result';
import { REPORT_MERGED_RESULT } from './merged-result';
import { MERGED_RESULT_KIND } from '../../src/runtime/report-merge';
import { ME_TOO_KIND } from './nearby';
import { mentionAnswers } from './mentioned-place';
import { t } from '../../src/engine/text';

/**
 * Reporting an issue (311, Open311): the first participation module. On the menu first; a
 * sentence naming a category ("there's a pothole on Elm St") starts it with the category
 * chosen; intents `report`, `my_reports` and `status` (intents.ts); deep links `report`, `report:<categoryId>` or a category id alone (a QR code on a
 * poster); submits `report` results (Open311, webhooks `report.submitted`, Slack triage cards)
 * and `report_me_too` (a voice added to a nearby open report instead of a duplicate: nearby.ts).
 */
export const reportModule: ParticipationModule = {
  id: 'report',
  flows: [reportFlow, lookupFlow],
  menuEntry: (env) => ({
    id: 'report',
    label: t('menu.report'),
    order: 10,
    match: vocabulary(env, 'report'),
    start: { flow: reportFlow.id },
    // A sentence naming one category in the conversation's language (typos forgiven) starts the report with it.
    interpret: (input, { env: e, locale }) => {
      // Only a sentence that names a category (else the intent classifier decides); then its best 1-3 categories to confirm.
      if (input.kind !== 'text' || !namesCategory(input.text, e.catalog, locale)) return null;
      const answers = categoryFromText(input.text, e.catalog, locale);
      // An address in the sentence is kept for the location question (mentioned-place.ts).
      return Object.keys(answers).length > 0 ? { ...answers, ...mentionAnswers(input.text, e, locale), [OPENING_TEXT]: input.text } : null;
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
  results: { report: REPORT_RESULT, [ME_TOO_KIND]: ME_TOO_RESULT, [MERGED_RESULT_KIND]: REPORT_MERGED_RESULT },
  intents: reportIntents,
  notices: { followed, merged },
};

export { reportFlow } from './flow';
