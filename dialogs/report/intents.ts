/**
 * What reporting understands in free text (issue 14): `report` ("the light outside 12 Oak Ave
 * is out"), `my_reports` ("what happened to what I reported?"), `status` ("WG-7K3QX9?"),
 * `follow` and `unfollow` ("follow WG-7K3QX9"; issue 16, lookup.ts).
 * Examples: intents.json beside this file, plus every category's name and keywords in each
 * language (so an agency's new category is understood at once). A report started from a
 * sentence keeps it (OPENING_TEXT) for the flow, and offers the best 1-3 categories for it to
 * confirm (categoryFromText).
 */
import type { Catalog } from '../../src/catalog/types';
import type { FlowCtx, Outcome } from '../../src/engine/flow';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import type { IntentDef } from '../../src/engine/module';
import { t, type Text } from '../../src/engine/text';
import { matchKeywords, matchKeywordsLoosely } from '../../src/nlu/keyword-match';
import { categoryAnswers, categoryKeywordTargets, SUGGESTIONS } from './category-steps';
import { suggestCategories } from './category-suggest';
import examples from './intents.json';
import { reportFlow } from './flow';
import { lookupFrom } from './lookup';
import { mentionAnswers } from './mentioned-place';

/** The answer key holding the message a report was started with (for the category and address steps). */
export const OPENING_TEXT = 'opening_text';

type Examples = Record<string, Record<string, string[]>>;
const own: Examples = examples;

/** True when a sentence names a category in the conversation's language: exact stems first, then typos. */
export function namesCategory(text: string, catalog: Catalog, locale: string): boolean {
  const targets = categoryKeywordTargets(catalog, locale);
  const exact = matchKeywords(text, targets, locale);
  return (exact.length > 0 ? exact : matchKeywordsLoosely(text, targets)).length === 1;
}

/**
 * What a sentence says about the category, in the conversation's language: an emergency named
 * outright ("I smell gas") is answered at once; otherwise the best 1-3 categories to confirm
 * (category-suggest.ts: a TF-IDF classifier, typos forgiven), or nothing.
 */
export function categoryFromText(text: string, catalog: Catalog, locale: string): { [stepId: string]: Json } {
  const exact = matchKeywords(text, categoryKeywordTargets(catalog, locale), locale);
  const only = exact.length === 1 ? catalog.categories.find((c) => c.id === exact[0]) : undefined;
  if (only?.emergency) return categoryAnswers(catalog, only.id);
  const suggested = suggestCategories(catalog, text, locale);
  return suggested.length > 0 ? { [SUGGESTIONS]: suggested } : {};
}

function reportExamples(catalog: Catalog): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [locale, list] of Object.entries(own.report ?? {})) out[locale] = [...list];
  for (const c of catalog.categories) {
    for (const [locale, words] of Object.entries(c.keywords)) (out[locale] ??= []).push(...words);
    for (const [locale, name] of Object.entries(c.name)) (out[locale] ??= []).push(name);
  }
  return out;
}

const say = (text: Text[]): Outcome => ({ messages: [{ text, expects: 'none' }], events: [] });

export const reportIntents: readonly IntentDef[] = [
  {
    id: 'report',
    examples: reportExamples,
    route: (ctx) => ({
      label: t('menu.report'),
      go: (text) => ({
        messages: [],
        events: [],
        next: { flow: reportFlow.id, answers: { ...categoryFromText(text, ctx.env.catalog, ctx.locale), ...mentionAnswers(text, ctx.env, ctx.locale), [OPENING_TEXT]: text } },
      }),
    }),
  },
  // Answered from the report records through effects (lookup.ts): after the conversation expired too.
  { id: 'my_reports', examples: () => own.my_reports ?? {}, route: (ctx) => ({ label: t('intents.label.my_reports'), go: (text) => lookupFrom(ctx, text, 'mine') }) },
  { id: 'status', examples: () => own.status ?? {}, route: (ctx) => ({ label: t('intents.label.my_reports'), go: (text) => lookupFrom(ctx, text, 'status') }) },
  { id: 'follow', examples: () => own.follow ?? {}, route: (ctx) => ({ label: t('intents.label.follow'), go: (text) => lookupFrom(ctx, text, 'follow') }) },
  { id: 'unfollow', examples: () => own.unfollow ?? {}, route: (ctx) => ({ label: t('intents.label.unfollow'), go: (text) => lookupFrom(ctx, text, 'unfollow') }) },
];
