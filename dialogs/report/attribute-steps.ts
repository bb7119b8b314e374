import type { Attribute, Catalog, Category } from '../../src/catalog/types';
import type { FlowCtx, Prompt, StepDef } from '../../src/engine/flow';
import { memoByLocale } from './memo';
import { localized } from '../../src/engine/locale';
import { lit, type Text } from '../../src/engine/text';

/** Step id of an attribute; includes the category so answers never leak to another category. */
export const attributeStepId = (category: Category, attribute: Attribute): string => `attr:${category.id}:${attribute.code}`;

/** Open311 attributes that are only information (variable: false), shown before the next question. */
export function attributeNotes(category: Category, ctx: FlowCtx): Text[] {
  const dl = ctx.env.catalog.jurisdiction.defaultLocale;
  return category.attributes.filter((a) => !a.variable).map((a) => lit(localized(a.description, ctx.locale, dl)));
}

function promptFor(attribute: Attribute, ctx: { catalog: Catalog; locale: string; descriptionMaxChars: number }): Prompt {
  const dl = ctx.catalog.jurisdiction.defaultLocale;
  const ask: Text[] = [lit(localized(attribute.description, ctx.locale, dl))];
  if (attribute.hint) ask.push(lit(localized(attribute.hint, ctx.locale, dl)));
  const base = { ask, optional: !attribute.required };
  switch (attribute.datatype) {
    case 'string':
      return { ...base, kind: 'text', min: 1, max: 255 };
    case 'text':
      return { ...base, kind: 'text', min: 1, max: ctx.descriptionMaxChars };
    case 'number':
      return { ...base, kind: 'number' };
    case 'datetime':
      return { ...base, kind: 'datetime', timezone: ctx.catalog.jurisdiction.timezone, notFuture: true };
    case 'singlevaluelist':
    case 'multivaluelist':
      return {
        ...base,
        kind: 'choice',
        multiple: attribute.datatype === 'multivaluelist',
        choices: attribute.values.map((v) => ({ id: v.key, label: lit(localized(v.name, ctx.locale, dl)), match: Object.values(v.name) })),
      };
  }
}

/**
 * Every category's extra questions, in Open311 `order`, built once per catalogue, locale and
 * description limit: they are asked for on every turn. Keyed by the catalogue, not the env: the
 * runtime hands each step an env object of its own (reference blocks, "once" answers), so a memo
 * keyed by the env was rebuilt on every turn (5% of an in-process Redis turn's CPU).
 */
const stepsByCategory = memoByLocale((catalog: Catalog, localeAndMax: string): Map<string, StepDef[]> => {
  const [locale = '', max = ''] = localeAndMax.split('\n');
  const ctx = { catalog, locale, descriptionMaxChars: Number(max) } as const;
  return new Map(
    catalog.categories.map((category) => [
      category.id,
      category.attributes
        .filter((a) => a.variable)
        .sort((a, b) => a.order - b.order)
        .map((a) => ({ id: attributeStepId(category, a), prompt: promptFor(a, ctx) })),
    ]),
  );
});

/** The category's extra questions, in Open311 `order`. */
export function attributeSteps(category: Category, ctx: FlowCtx): StepDef[] {
  return stepsByCategory(ctx.env.catalog, `${ctx.locale}\n${ctx.env.limits.descriptionMaxChars}`).get(category.id) ?? [];
}
