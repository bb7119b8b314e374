import type { Category } from '../../src/catalog/types';
import type { FlowCtx, Prompt, StepDef } from '../../src/engine/flow';
import { localized } from '../../src/engine/locale';
import { lit, t, type Text } from '../../src/engine/text';
import { MENTIONED, mentionOf } from './mentioned-place';

export const LOCATION_STEP = 'location';
/** The statement that the address the first sentence mentioned is outside the city. */
export const MENTIONED_OUTSIDE_STEP = 'mentioned_outside';
export const PHOTO_STEP = 'photo';
export const DESCRIPTION_STEP = 'description';

/** Accepted photo types: what browsers and phones produce and agencies can open. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Where, a photo (per category), and what is wrong. */
export function detailSteps(category: Category, ctx: FlowCtx): StepDef[] {
  const { catalog, limits } = ctx.env;
  const area = localized(catalog.jurisdiction.name, ctx.locale, catalog.jurisdiction.defaultLocale);
  const steps: StepDef[] = [...mentionedOutside(ctx, area), locationStep(ctx)];
  if (category.photo !== 'none') {
    const max = photoMaxMb(ctx);
    steps.push(photoStep(ctx, t(category.photo === 'required' ? 'report.photo.ask_required' : 'report.photo.ask_optional', { max }), category.photo === 'optional'));
  }
  steps.push(descriptionStep(ctx, t('report.description.ask', { max: limits.descriptionMaxChars }), false));
  return steps;
}

/** The location question alone (with the statement about a mentioned place outside, when there is one). */
export function locationSteps(ctx: FlowCtx): StepDef[] {
  const { catalog } = ctx.env;
  const area = localized(catalog.jurisdiction.name, ctx.locale, catalog.jurisdiction.defaultLocale);
  return [...mentionedOutside(ctx, area), locationStep(ctx)];
}

function locationStep(ctx: FlowCtx): StepDef {
  const { catalog } = ctx.env;
  const area = localized(catalog.jurisdiction.name, ctx.locale, catalog.jurisdiction.defaultLocale);
  return { id: LOCATION_STEP, prompt: locationPrompt(ctx, area) };
}

/** The largest photo taken, in MB (one decimal). */
export function photoMaxMb(ctx: FlowCtx): number {
  return Math.round((ctx.env.limits.photoMaxBytes / (1024 * 1024)) * 10) / 10;
}

/** The photo question, asked with `ask` (a report's, or a "me too"'s). */
export function photoStep(ctx: FlowCtx, ask: Text, optional: boolean): StepDef {
  const { limits } = ctx.env;
  return { id: PHOTO_STEP, prompt: { kind: 'photo', ask: [ask], optional, maxBytes: limits.photoMaxBytes, types: PHOTO_TYPES } };
}

/** The description question, asked with `ask` (a report's, or a "me too"'s optional note). */
export function descriptionStep(ctx: FlowCtx, ask: Text, optional: boolean): StepDef {
  const { limits } = ctx.env;
  return { id: DESCRIPTION_STEP, prompt: { kind: 'text', ask: [ask], min: 3, max: limits.descriptionMaxChars, ...(optional ? { optional: true } : {}) } };
}

/**
 * An address the first sentence mentioned that lies outside the city is named as such once,
 * before the location question is first asked (a statement: not said again when the question
 * is asked again after a refused answer).
 */
function mentionedOutside(ctx: FlowCtx, area: string): StepDef[] {
  const mentioned = mentionOf(ctx.frame.answers[MENTIONED]);
  // Once a place is given it has no more to say (nor to a report begun before this step existed).
  if (!mentioned || mentioned.options.length > 0 || LOCATION_STEP in ctx.frame.answers) return [];
  return [{ id: MENTIONED_OUTSIDE_STEP, prompt: { kind: 'statement', ask: [t('report.location.mentioned_outside', { place: lit(mentioned.query), area })] } }];
}

/**
 * Where: a pin, or a typed place looked up with the geocoder and checked like a pin. An address
 * the report's first sentence mentioned (mentioned-place.ts) is offered first.
 */
function locationPrompt(ctx: FlowCtx, area: string): Prompt {
  const { boundary } = ctx.env.catalog.jurisdiction;
  const mentioned = mentionOf(ctx.frame.answers[MENTIONED]);
  return {
    kind: 'location',
    ask: [t('report.location.ask')],
    boundary,
    areaName: area,
    geocode: true,
    ...(mentioned && mentioned.options.length > 0 ? { offer: { options: mentioned.options, mentioned: true } } : {}),
  };
}
