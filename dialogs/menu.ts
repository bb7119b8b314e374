import { matchKeywords } from '../src/nlu/keyword-match';
import type { FlowDef } from '../src/engine/flow';
import { t } from '../src/engine/text';
import { vocabulary } from '../src/engine/vocabulary';
import { categoryKeywordTargets, categoryAnswers } from './report/category-steps';

/**
 * The main menu. A sentence that names a category ("there's a pothole on Elm St") skips the
 * menu and starts a report with that category chosen.
 */
export const menuFlow: FlowDef = {
  id: 'menu',
  version: 1,
  steps: ({ env }) => [
    {
      id: 'action',
      prompt: {
        kind: 'choice',
        ask: [t('menu.ask')],
        choices: [
          { id: 'report', label: t('menu.report'), match: vocabulary(env, 'report') },
          { id: 'language', label: t('menu.language'), match: vocabulary(env, 'language') },
          { id: 'help', label: t('menu.help'), match: vocabulary(env, 'help') },
        ],
      },
      interpret: (input, { env, locale }) => {
        if (input.kind !== 'text') return null;
        const matched = matchKeywords(input.text, categoryKeywordTargets(env.catalog), locale);
        if (matched.length !== 1 || !matched[0]) return null;
        return { answers: { action: 'report', category: matched[0] } };
      },
    },
  ],
  complete: ({ frame, env }) => {
    const action = frame.answers.action;
    if (action === 'language') return { messages: [], events: [], next: { flow: 'language' } };
    if (action === 'help') return { messages: [{ text: [t('help.intro'), t('help.menu'), t('help.commands')], expects: 'none' }], events: [] };
    const category = frame.answers.category;
    const answers = typeof category === 'string' ? categoryAnswers(env.catalog, category) : {};
    return { messages: [], events: [], next: { flow: 'report', answers } };
  },
};
