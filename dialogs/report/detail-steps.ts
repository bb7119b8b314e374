import type { Category } from '../../src/catalog/types';
import type { FlowCtx, StepDef } from '../../src/engine/flow';
import { localized } from '../../src/engine/locale';
import { t } from '../../src/engine/text';

export const LOCATION_STEP = 'location';
export const PHOTO_STEP = 'photo';
export const DESCRIPTION_STEP = 'description';

/** Accepted photo types: what browsers and phones produce and agencies can open. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Where, a photo (per category), and what is wrong. */
export function detailSteps(category: Category, ctx: FlowCtx): StepDef[] {
  const { catalog, limits } = ctx.env;
  const area = localized(catalog.jurisdiction.name, ctx.locale, catalog.jurisdiction.defaultLocale);
  const steps: StepDef[] = [
    {
      id: LOCATION_STEP,
      prompt: { kind: 'location', ask: [t('report.location.ask')], boundary: catalog.jurisdiction.boundary, areaName: area },
    },
  ];
  if (category.photo !== 'none') {
    const max = Math.round((limits.photoMaxBytes / (1024 * 1024)) * 10) / 10;
    steps.push({
      id: PHOTO_STEP,
      prompt: {
        kind: 'photo',
        ask: [t(category.photo === 'required' ? 'report.photo.ask_required' : 'report.photo.ask_optional', { max })],
        optional: category.photo === 'optional',
        maxBytes: limits.photoMaxBytes,
        types: PHOTO_TYPES,
      },
    });
  }
  steps.push({
    id: DESCRIPTION_STEP,
    prompt: {
      kind: 'text',
      ask: [t('report.description.ask', { max: limits.descriptionMaxChars })],
      min: 3,
      max: limits.descriptionMaxChars,
    },
  });
  return steps;
}
