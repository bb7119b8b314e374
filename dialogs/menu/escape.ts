/**
 * The mid-flow escape (issue 14): inside a dialog, a message that is no answer to the question
 * and that the classifier is sure means another dialog ("actually I want to volunteer") is asked
 * about first: "Leave "Report a problem" and go to "Volunteer"?". Yes leaves for it (with the
 * message, as from the menu); No returns to the question, every answer kept. Only intents that
 * lead to another dialog are offered this way: help, language and "delete my data" are
 * commands that work anywhere already.
 */
import type { FlowCtx, FlowDef } from '../../src/engine/flow';
import type { Json } from '../../src/engine/json';
import type { MenuEntry } from '../../src/engine/module';
import { FORGET_FLOW, LANGUAGE_FLOW, MY_DATA_FLOW } from '../../src/engine/step';
import { t, type Text } from '../../src/engine/text';
import type { IntentModels } from './classifier';
import { CLARIFY_FLOW } from './clarify';
import { NOT_OFFERED } from './core-intents';
import { isConfident } from './understand';

export const ESCAPE_FLOW = 'intent_escape';
const INTENT = 'intent';
const SAID = 'said';
const FROM = 'from';
const SURE = 'sure';

/** Dialogs never left this way: the menu reads intents itself; interruptions are short. */
const STAYS = new Set(['menu', CLARIFY_FLOW, ESCAPE_FLOW, LANGUAGE_FLOW, FORGET_FLOW, MY_DATA_FLOW]);

type Entries = (ctx: FlowCtx) => MenuEntry[];

/** The hook for ParticipationModule.escape. */
export function escapeHook(models: IntentModels) {
  return (text: string, ctx: FlowCtx): { flow: string; answers: { [stepId: string]: Json } } | null => {
    if (STAYS.has(ctx.frame.flow)) return null;
    const ranking = models.classifier(ctx.env.catalog, ctx.locale).classify(text);
    const [top] = ranking;
    if (!top || !isConfident(ranking) || NOT_OFFERED.has(top.intent)) return null;
    const next = models.intent(top.intent)?.route(ctx)?.go(text).next;
    // Only to another dialog: "there's also a pothole" inside a report is no reason to leave it.
    if (!next || next.flow === ctx.frame.flow || STAYS.has(next.flow)) return null;
    return { flow: ESCAPE_FLOW, answers: { [INTENT]: top.intent, [SAID]: text, [FROM]: ctx.frame.flow } };
  };
}

/** The question asked before leaving, and what Yes and No do. */
export function escapeFlow(models: IntentModels, entries: Entries): FlowDef {
  const str = (ctx: FlowCtx, key: string): string => (typeof ctx.frame.answers[key] === 'string' ? (ctx.frame.answers[key] as string) : '');
  const routeOf = (ctx: FlowCtx) => models.intent(str(ctx, INTENT))?.route(ctx) ?? null;
  const question = (ctx: FlowCtx): Text => {
    const target = routeOf(ctx)?.label ?? t('menu.ask');
    const current = entries(ctx).find((e) => e.start.flow === str(ctx, FROM))?.label;
    return current ? t('intents.leave', { current, target }) : t('intents.leave_this', { target });
  };
  return {
    id: ESCAPE_FLOW,
    version: 1,
    steps: (ctx) => [{ id: SURE, prompt: { kind: 'yesno', ask: [question(ctx)] } }],
    complete: (ctx) => {
      const route = ctx.frame.answers[SURE] === true ? routeOf(ctx) : null;
      if (!route) return { messages: [], events: [], resume: true };
      const outcome = route.go(str(ctx, SAID));
      return { ...outcome, events: [{ type: 'dialog_cancelled', flow: str(ctx, FROM) }, ...outcome.events] };
    },
  };
}
