import type { ChoiceDef, FlowCtx, FlowDef, StepDef } from '../../src/engine/flow';
import type { Input } from '../../src/engine/input';
import type { Json } from '../../src/engine/json';
import type { MenuEntry, ParticipationModule } from '../../src/engine/module';
import type { Env } from '../../src/engine/env';
import type { Session } from '../../src/engine/session';
import { t } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { similarity } from '../../src/nlu/fuzzy';
import { normalize } from '../../src/nlu/normalize';
import { intentModels, type IntentModels } from './classifier';
import { CLARIFY_FLOW, clarifyFlow, OFFERED, SAID } from './clarify';
import { coreIntentDefs } from './core-intents';
import { escapeFlow, escapeHook } from './escape';
import { namedIntent, understand } from './understand';

/** The menu's own choices, after the modules' entries. */
const LANGUAGE = 'language';
const HELP = 'help';
/** Answers of the menu step for a typed message: an intent to go to, or "which did you mean?". */
const INTENT = '_intent';
const CLARIFY = '_clarify';
/** Small talk: handled after the modules' own readings of a message ("hola, hay basura..." is a report). */
const SMALL_TALK = new Set(['report', 'greeting', 'thanks']);

/** The entries the modules offer this person now, in menu order. */
function entriesOf(modules: readonly ParticipationModule[], env: Env, session: Pick<Session, 'locale' | 'channel' | 'channelData'>): MenuEntry[] {
  return modules
    .map((m) => m.menuEntry?.(env, session) ?? null)
    .filter((e): e is MenuEntry => e !== null)
    .sort((a, b) => a.order - b.order);
}

/** True when the text is a choice itself: its number, id or one of its words, or a close spelling of one. */
function typedChoice(text: string, choices: readonly ChoiceDef[]): boolean {
  const said = normalize(text);
  if (said.length === 0 || /^\d{1,3}$/.test(said)) return true;
  return choices.some((c) => normalize(c.id) === said || (c.match ?? []).some((m) => similarity(said, normalize(m), 0.9) >= 0.9));
}

/**
 * A typed message: a choice's own words go to the recogniser; otherwise an intent the
 * classifier is sure of (other than reporting and small talk), then a module's own reading
 * (a category named in the conversation's language, "my adoptions"), then reporting, a
 * greeting or thanks, then "did you mean...?". Null: the menu's usual "didn't recognise".
 */
function interpretTyped(input: Input, ctx: FlowCtx, step: Pick<StepDef, 'prompt'>, entries: MenuEntry[], models: IntentModels): { answers: { [stepId: string]: Json } } | null {
  if (input.kind !== 'text' || step.prompt.kind !== 'choice') return null;
  const moduleReading = () => {
    for (const entry of entries) {
      const answers = entry.interpret?.(input, ctx);
      if (answers) return { answers: { action: entry.id, start: answers } };
    }
    return null;
  };
  const goTo = (intent: string): { answers: { [stepId: string]: Json } } => {
    // The intent's own entry may read more from the words ("my adoptions" is adopting's list,
    // not its first question): keep that reading.
    const entry = entries.find((e) => e.id === intent);
    const specific = entry?.interpret?.(input, ctx);
    if (entry && specific) return { answers: { action: entry.id, start: specific } };
    return { answers: { action: INTENT, intent, [SAID]: input.text } };
  };
  const named = namedIntent(input.text, ctx, models);
  if (named !== null) return goTo(named);
  if (typedChoice(input.text, step.prompt.choices)) return moduleReading();
  const { understood } = understand(input.text, ctx, models);
  if (understood.kind === 'go' && !SMALL_TALK.has(understood.intent)) return goTo(understood.intent);
  const read = moduleReading();
  if (read) return read;
  if (understood.kind === 'go') return { answers: { action: INTENT, intent: understood.intent, [SAID]: input.text } };
  if (understood.kind === 'ask') return { answers: { action: CLARIFY, [OFFERED]: understood.intents, [SAID]: input.text } };
  return null;
}

/**
 * The main menu, built from the participation modules' entries (each module says whether and
 * where it is offered), then "Change language" and "Help". A typed message is understood
 * (issue 14): a sentence a module reads (e.g. "there's a pothole on Elm St") starts its flow;
 * otherwise the intent classifier, trained on the menu's intents (core-intents.ts) and every
 * module's, decides or asks which was meant (clarify.ts); greetings and thanks get a reply.
 * Inside a dialog, a message that is no answer and clearly another intent is asked about
 * before leaving (escape.ts).
 */
export function menuModule(modules: readonly ParticipationModule[]): ParticipationModule {
  const own = coreIntentDefs();
  const models = intentModels([...own, ...modules.flatMap((m) => m.intents ?? [])]);
  const flow: FlowDef = {
    id: 'menu',
    version: 1,
    steps: ({ env, session }) => {
      const entries = entriesOf(modules, env, session);
      const step: StepDef = {
        id: 'action',
        prompt: {
          kind: 'choice',
          ask: [t('menu.ask')],
          choices: [
            ...entries.map((e) => ({ id: e.id, label: e.label, ...(e.match ? { match: e.match } : {}) })),
            { id: LANGUAGE, label: t('menu.language'), match: vocabulary(env, 'language') },
            { id: HELP, label: t('menu.help'), match: vocabulary(env, 'help') },
          ],
        },
        interpret: (input, ctx) => interpretTyped(input, ctx, step, entries, models),
      };
      return [step];
    },
    complete: (ctx) => {
      const { frame, env, session } = ctx;
      const action = frame.answers.action;
      const said = typeof frame.answers[SAID] === 'string' ? frame.answers[SAID] : '';
      if (action === INTENT) {
        const route = typeof frame.answers.intent === 'string' ? models.intent(frame.answers.intent)?.route(ctx) : null;
        return route ? route.go(said) : { messages: [], events: [] };
      }
      if (action === CLARIFY) return { messages: [], events: [], next: { flow: CLARIFY_FLOW, answers: { [OFFERED]: frame.answers[OFFERED] ?? [], [SAID]: said } } };
      if (action === LANGUAGE) return { messages: [], events: [], next: { flow: 'language' } };
      if (action === HELP) return { messages: [{ text: [t('help.intro'), t('help.menu'), t('help.commands')], expects: 'none' }], events: [] };
      const entry = entriesOf(modules, env, session).find((e) => e.id === action);
      if (!entry) return { messages: [], events: [] };
      const typed = frame.answers.start;
      const answers = typeof typed === 'object' && typed !== null && !Array.isArray(typed) ? typed : {};
      return { messages: [], events: [], next: { flow: entry.start.flow, answers: { ...entry.start.answers, ...answers } } };
    },
  };
  return {
    id: 'menu',
    flows: [flow, clarifyFlow(models), escapeFlow(models, (ctx) => entriesOf(modules, ctx.env, ctx.session))],
    deepLinks: [],
    intents: own,
    escape: escapeHook(models),
    prepare: (catalog, locales) => {
      for (const locale of locales) models.classifier(catalog, locale);
    },
  };
}
