/**
 * "Did you mean...?": asked when the menu is unsure what a typed message wants (understand.ts).
 * The two or three likeliest intents are buttons, then "Something else" (back to the menu);
 * the pick goes where the intent leads, with the message first typed (so a report still finds
 * its category in it).
 */
import type { FlowDef } from '../../src/engine/flow';
import { t } from '../../src/engine/text';
import type { IntentModels } from './classifier';

export const CLARIFY_FLOW = 'intent_clarify';
/** Answers the menu starts it with: the intents to offer and the message. */
export const OFFERED = 'offered';
export const SAID = 'said';
const PICK = 'pick';
const ELSE = '_else';

export function clarifyFlow(models: IntentModels): FlowDef {
  const offered = (answers: Record<string, unknown>): string[] => (Array.isArray(answers[OFFERED]) ? answers[OFFERED].filter((x): x is string => typeof x === 'string') : []);
  return {
    id: CLARIFY_FLOW,
    version: 1,
    steps: (ctx) => [
      {
        id: PICK,
        prompt: {
          kind: 'choice',
          ask: [t('intents.clarify')],
          choices: [
            ...offered(ctx.frame.answers).flatMap((id) => {
              const route = models.intent(id)?.route(ctx);
              return route ? [{ id, label: route.label }] : [];
            }),
            { id: ELSE, label: t('intents.something_else') },
          ],
        },
      },
    ],
    complete: (ctx) => {
      const pick = ctx.frame.answers[PICK];
      const said = ctx.frame.answers[SAID];
      const route = typeof pick === 'string' && pick !== ELSE ? models.intent(pick)?.route(ctx) : null;
      return route ? route.go(typeof said === 'string' ? said : '') : { messages: [], events: [] };
    },
  };
}
