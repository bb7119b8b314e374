import type { FlowDef } from '../../src/engine/flow';
import type { MenuEntry, ParticipationModule } from '../../src/engine/module';
import type { Env } from '../../src/engine/env';
import type { Session } from '../../src/engine/session';
import { t } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';

/** The menu's own choices, after the modules' entries. */
const LANGUAGE = 'language';
const HELP = 'help';

/** The entries the modules offer this person now, in menu order. */
function entriesOf(modules: readonly ParticipationModule[], env: Env, session: Pick<Session, 'locale' | 'channel' | 'channelData'>): MenuEntry[] {
  return modules
    .map((m) => m.menuEntry?.(env, session) ?? null)
    .filter((e): e is MenuEntry => e !== null)
    .sort((a, b) => a.order - b.order);
}

/**
 * The main menu, built from the participation modules' entries (each module says whether and
 * where it is offered), then "Change language" and "Help". A sentence a module understands
 * (e.g. "there's a pothole on Elm St") skips the menu and starts that module's flow.
 */
export function menuModule(modules: readonly ParticipationModule[]): ParticipationModule {
  const flow: FlowDef = {
    id: 'menu',
    version: 1,
    steps: ({ env, session }) => [
      {
        id: 'action',
        prompt: {
          kind: 'choice',
          ask: [t('menu.ask')],
          choices: [
            ...entriesOf(modules, env, session).map((e) => ({ id: e.id, label: e.label, ...(e.match ? { match: e.match } : {}) })),
            { id: LANGUAGE, label: t('menu.language'), match: vocabulary(env, 'language') },
            { id: HELP, label: t('menu.help'), match: vocabulary(env, 'help') },
          ],
        },
        interpret: (input, ctx) => {
          for (const entry of entriesOf(modules, ctx.env, ctx.session)) {
            const answers = entry.interpret?.(input, ctx);
            if (answers) return { answers: { action: entry.id, start: answers } };
          }
          return null;
        },
      },
    ],
    complete: ({ frame, env, session }) => {
      const action = frame.answers.action;
      if (action === LANGUAGE) return { messages: [], events: [], next: { flow: 'language' } };
      if (action === HELP) return { messages: [{ text: [t('help.intro'), t('help.menu'), t('help.commands')], expects: 'none' }], events: [] };
      const entry = entriesOf(modules, env, session).find((e) => e.id === action);
      if (!entry) return { messages: [], events: [] };
      const typed = frame.answers.start;
      const answers = typeof typed === 'object' && typed !== null && !Array.isArray(typed) ? typed : {};
      return { messages: [], events: [], next: { flow: entry.start.flow, answers: { ...entry.start.answers, ...answers } } };
    },
  };
  return { id: 'menu', flows: [flow], deepLinks: [] };
}
