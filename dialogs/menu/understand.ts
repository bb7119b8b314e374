/**
 * What a message typed at the menu asks for (issue 14, after Rasa's fallback and
 * clarification): the classifier ranks the intents; a confident answer goes there, an unsure
 * one is asked about ("Did you mean...?" with the top two or three as buttons), and nothing
 * likely is left to the menu's usual "I didn't recognise that".
 */
import type { FlowCtx } from '../../src/engine/flow';
import type { IntentRoute } from '../../src/engine/module';
import { vocabulary } from '../../src/engine/vocabulary';
import type { IntentScore } from '../../src/nlu/intent-classifier';
import { extractReferences } from '../../src/nlu/entities/reference';
import { normalize } from '../../src/nlu/normalize';
import type { IntentModels } from './classifier';
import { NOT_OFFERED } from './core-intents';

/** At least this probability, and this far ahead of the second, to act without asking. */
export const CONFIDENT = 0.55;
export const MARGIN = 0.2;
/** An intent below this is not worth offering as a button. */
const OFFER_FLOOR = 0.12;
const MAX_OFFERS = 3;

export type Understanding =
  | { kind: 'go'; intent: string; route: IntentRoute }
  | { kind: 'ask'; intents: string[] }
  | { kind: 'unsure' };

/** True when the ranking's top intent is clearly ahead. */
export function isConfident(ranking: readonly IntentScore[]): boolean {
  const [top, second] = ranking;
  return top !== undefined && top.score >= CONFIDENT && top.score - (second?.score ?? 0) >= MARGIN;
}

export function understand(text: string, ctx: FlowCtx, models: IntentModels): { ranking: IntentScore[]; understood: Understanding } {
  const ranking = models.classifier(ctx.env.catalog, ctx.locale).classify(text);
  const routeOf = (intent: string) => models.intent(intent)?.route(ctx) ?? null;
  const [top] = ranking;
  if (!top || top.intent === 'out_of_scope') return { ranking, understood: { kind: 'unsure' } };
  if (isConfident(ranking)) {
    const route = routeOf(top.intent);
    return { ranking, understood: route ? { kind: 'go', intent: top.intent, route } : { kind: 'unsure' } };
  }
  const offers = ranking
    .filter((r) => r.score >= OFFER_FLOOR && !NOT_OFFERED.has(r.intent) && routeOf(r.intent) !== null)
    .slice(0, MAX_OFFERS)
    .map((r) => r.intent);
  return { ranking, understood: offers.length > 0 ? { kind: 'ask', intents: offers } : { kind: 'unsure' } };
}

/**
 * The intent whose own word this message is exactly, apart from case references (the locale
 * `vocabulary` entry named after it: "my reports", "بلاغاتي", "follow WG-7K3QX9": what WeGov's
 * messages tell people to type), if any: such a word is never guessed at by the classifier or
 * read as a button's label.
 */
export function namedIntent(text: string, ctx: FlowCtx, models: IntentModels): string | null {
  // "suivre WG-7K3QX9", as the status message says to type: the word, with any reference cut out.
  let rest = text;
  for (const ref of extractReferences(text, ctx.env.catalog.jurisdiction.referencePrefix).reverse()) rest = rest.slice(0, ref.start) + rest.slice(ref.end);
  const said = normalize(rest);
  if (said.length === 0) return null;
  return models.ids().find((id) => vocabulary(ctx.env, id).includes(said) && models.intent(id)?.route(ctx)) ?? null;
}
