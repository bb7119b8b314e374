import type { Catalog, Category } from '../../src/catalog/types';
import type { ChoiceDef, FlowCtx, StepDef } from '../../src/engine/flow';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import { matchKeywords, type KeywordTarget } from '../../src/nlu/keyword-match';
import { lit, t } from '../../src/engine/text';
import { says, vocabulary } from '../../src/engine/vocabulary';
import { choiceFromText } from '../../src/engine/prompts/choice';
import { memoByLocale } from './memo';
import { mentionAnswers } from './mentioned-place';

export const GROUP_STEP = 'category_group';
export const CATEGORY_STEP = 'category';
/** The categories suggested for the sentence a person started with (category-suggest.ts), best first. */
export const SUGGESTIONS = 'category_suggestions';
/** "Is it one of these?": a suggested category, or "Something else" (then the usual questions). */
export const SUGGEST_STEP = 'category_suggested';
export const SOMETHING_ELSE = '_else';

/**
 * Every category's keywords and name in the conversation's language (the default language's
 * when a category has none in it), for free-text matching. Only that language's: Spanish
 * "hola" stems like English "hole" (issue 14).
 */
export function categoryKeywordTargets(catalog: Catalog, locale: string): KeywordTarget[] {
  return keywordTargets(catalog, locale);
}

/** A category's keywords in a language, or the default language's when it has none there. */
function keywordsIn(category: Category, locale: string, defaultLocale: string): readonly string[] {
  return category.keywords[locale] ?? category.keywords[defaultLocale] ?? [];
}

/** True when the catalogue is large enough to ask for a group first. */
export function isGrouped(ctx: FlowCtx): boolean {
  const { catalog, limits } = ctx.env;
  return catalog.groups.length > 1 && catalog.categories.length > limits.groupCategoriesAbove;
}

/** The answers that pick a category directly (deep link, a sentence naming it). */
export function categoryAnswers(catalog: Catalog, categoryId: string): { [stepId: string]: Json } {
  const category = catalog.categories.find((c) => c.id === categoryId);
  if (!category) return {};
  return { [GROUP_STEP]: category.group ?? '_other', [CATEGORY_STEP]: category.id };
}

/** Category choices per catalogue and locale (the default locale's names as fallback). */
const categoryChoices = memoByLocale((catalog: Catalog, locale: string): Map<string, ChoiceDef> => {
  const defaultLocale = catalog.jurisdiction.defaultLocale;
  return new Map(
    catalog.categories.map((category) => [
      category.id,
      {
        id: category.id,
        label: lit(localized(category.name, locale, defaultLocale)),
        match: Object.values(category.name),
        keywords: keywordsIn(category, locale, defaultLocale),
      },
    ]),
  );
});

function categoryChoice(category: Category, ctx: FlowCtx): ChoiceDef {
  const choice = categoryChoices(ctx.env.catalog, ctx.locale).get(category.id);
  if (!choice) throw new Error(`category ${category.id} is not in the catalogue`);
  return choice;
}

/** Keyword targets per catalogue and locale. */
const keywordTargets = memoByLocale((catalog: Catalog, locale: string): KeywordTarget[] => {
  const defaultLocale = catalog.jurisdiction.defaultLocale;
  return catalog.categories.map((c) => ({ id: c.id, keywords: [...keywordsIn(c, locale, defaultLocale), localized(c.name, locale, defaultLocale)] }));
});

/**
 * "Is it one of these?" with the suggested categories and "Something else". Picking one (button,
 * number or name) answers the category and its group too; "Something else" goes on to them.
 */
function suggestStep(ids: readonly string[], ctx: FlowCtx): StepDef | null {
  const { catalog } = ctx.env;
  const suggested = ids.map((id) => catalog.categories.find((c) => c.id === id)).filter((c): c is Category => c !== undefined);
  if (suggested.length === 0) return null;
  const choices: ChoiceDef[] = [
    ...suggested.map((c) => categoryChoice(c, ctx)),
    { id: SOMETHING_ELSE, label: t('report.suggest.else'), match: vocabulary(ctx.env, 'something_else') },
  ];
  return {
    id: SUGGEST_STEP,
    prompt: { kind: 'choice', ask: [t('report.suggest.ask')], choices },
    interpret: (input, { env, locale }) => {
      let picked: string | undefined;
      if (input.kind === 'choice') picked = input.choiceId;
      else if (input.kind === 'text') {
        const matched = choiceFromText(input.text, choices, locale);
        picked = matched.length === 1 ? matched[0] : undefined;
        // "Yes" to a single suggestion takes it.
        if (!picked && suggested.length === 1 && says(env, input.text, 'yes')) picked = suggested[0]?.id;
      }
      if (!picked || !suggested.some((c) => c.id === picked)) return null;
      return { answers: { [SUGGEST_STEP]: picked, ...categoryAnswers(env.catalog, picked) } };
    },
  };
}

/** The suggestions a sentence gave, if any (see SUGGESTIONS). */
function suggestionsOf(ctx: FlowCtx): string[] {
  const value = ctx.frame.answers[SUGGESTIONS];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Suggestions (after a sentence), group (when there are many categories), then category. */
export function categorySteps(ctx: FlowCtx): StepDef[] {
  const { catalog } = ctx.env;
  const defaultLocale = catalog.jurisdiction.defaultLocale;
  const steps: StepDef[] = [];
  const suggest = suggestStep(suggestionsOf(ctx), ctx);
  if (suggest) steps.push(suggest);
  let categories = catalog.categories;
  if (isGrouped(ctx)) {
    const used = catalog.groups.filter((g) => catalog.categories.some((c) => c.group === g.id));
    const ungrouped = catalog.categories.some((c) => !c.group);
    steps.push({
      id: GROUP_STEP,
      prompt: {
        kind: 'choice',
        ask: [t('report.group.ask')],
        choices: [
          ...used.map((g) => ({ id: g.id, label: lit(localized(g.name, ctx.locale, defaultLocale)), match: Object.values(g.name) })),
          ...(ungrouped ? [{ id: '_other', label: t('report.group.other') }] : []),
        ],
      },
      interpret: (input, { env, locale }) => {
        if (input.kind !== 'text') return null;
        const matched = matchKeywords(input.text, categoryKeywordTargets(env.catalog, locale), locale);
        return matched.length === 1 && matched[0] ? { answers: { ...categoryAnswers(env.catalog, matched[0]), ...mentionAnswers(input.text, env, locale) } } : null;
      },
    });
    const group = ctx.frame.answers[GROUP_STEP];
    if (group !== undefined) categories = categories.filter((c) => (c.group ?? '_other') === (group ?? '_other'));
  }
  steps.push({
    id: CATEGORY_STEP,
    prompt: { kind: 'choice', ask: [t('report.category.ask')], choices: categories.map((c) => categoryChoice(c, ctx)) },
  });
  return steps;
}

/** The chosen category, if any. */
export function chosenCategory(ctx: FlowCtx): Category | undefined {
  const id = ctx.frame.answers[CATEGORY_STEP];
  return typeof id === 'string' ? ctx.env.catalog.categories.find((c) => c.id === id) : undefined;
}
