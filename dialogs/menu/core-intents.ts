/**
 * The intents the menu answers itself, whatever modules are installed (issue 14): greeting,
 * thanks, help, human, language, forget, subscribe, unsubscribe and out_of_scope. Their
 * examples are locales/intents/<locale>.json. `out_of_scope` (weather, jokes, spam) leads
 * nowhere: the menu says it did not understand, as before.
 */
import type { FlowCtx, Outcome } from '../../src/engine/flow';
import { localized } from '../../src/engine/locale';
import type { IntentDef, IntentRoute } from '../../src/engine/module';
import { FORGET_FLOW, LANGUAGE_FLOW } from '../../src/engine/step';
import { t, type Text } from '../../src/engine/text';
import { coreIntents } from '../../src/nlu/intent-examples';

/** Intents that are small talk or nothing at all: never offered as a button when the bot asks which was meant. */
export const NOT_OFFERED = new Set(['greeting', 'thanks', 'out_of_scope']);

const say = (text: Text[]): Outcome => ({ messages: [{ text, expects: 'none' }], events: [] });
const goTo = (flow: string): Outcome => ({ messages: [], events: [], next: { flow } });

function area(ctx: FlowCtx): string {
  return localized(ctx.env.catalog.jurisdiction.name, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale);
}

const ROUTES: Record<string, (ctx: FlowCtx) => IntentRoute | null> = {
  greeting: (ctx) => ({ label: t('menu.ask'), go: () => say([t('intents.greeting', { area: area(ctx) })]) }),
  thanks: () => ({ label: t('menu.ask'), go: () => say([t('intents.thanks')]) }),
  help: () => ({ label: t('menu.help'), go: () => say([t('help.intro'), t('help.menu'), t('help.commands')]) }),
  human: (ctx) => ({ label: t('intents.label.human'), go: () => say([t('intents.human', { area: area(ctx), number: ctx.env.catalog.jurisdiction.emergencyNumber })]) }),
  language: () => ({ label: t('menu.language'), go: () => goTo(LANGUAGE_FLOW) }),
  forget: () => ({ label: t('intents.label.forget'), go: () => goTo(FORGET_FLOW) }),
  subscribe: () => ({ label: t('intents.label.subscribe'), go: () => say([t('intents.subscribe')]) }),
  unsubscribe: () => ({ label: t('intents.label.unsubscribe'), go: () => say([t('intents.unsubscribe')]) }),
  out_of_scope: () => null,
};

/** The menu's own intents, examples read once from locales/intents/. */
export function coreIntentDefs(): IntentDef[] {
  const examples = coreIntents();
  return Object.entries(ROUTES).map(([id, route]) => ({ id, examples: () => examples[id] ?? {}, route }));
}
