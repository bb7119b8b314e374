import type { Attribute, Category } from '../../src/catalog/types';
import type { Env } from '../../src/engine/env';
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

function promptFor(attribute: Attribute, ctx: { env: Env; locale: string }): Prompt {
  const dl = ctx.env.catalog.jurisdiction.defaultLocale;
  const ask: Text[] = [lit(localized(attribute.description, ctx.locale, dl))];
  if (attribute.hint) ask.push(lit(localized(attribute.hint, ctx.locale, dl)));
  const base = { ask, optional: !attribute.required };
  switch (attribute.datatype) {
    case 'string':
      return { ...base, kind: 'text', min: 1, max: 255 };
    case 'text':
      return { ...base, kind: 'text', min: 1, max: ctx.env.limits.descriptionMaxChars };
    case 'number':
      return { ...base, kind: 'number' };
    case 'datetime':
      return { ...base, kind: 'datetime', timezone: ctx.env.catalog.jurisdiction.timezone, notFuture: true };
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
 * Every category's extra questions, in Open311 `order`, built once per env (catalogue and
 * limits) and locale: they are asked for on every turn.
 */
const stepsByCategory = memoByLocale((env: Env, locale: string): Map<string, StepDef[]> => {
  const ctx = { env, locale } as const;
  return new Map(
    env.catalog.categories.map((category) => [
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
  return stepsByCategory(ctx.env, ctx.locale).get(category.id) ?? [];
}
