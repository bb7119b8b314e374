import type { FlowDef, Outcome } from '../../src/engine/flow';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import { t } from '../../src/engine/text';
import { attributeNotes, attributeSteps } from './attribute-steps';
import { buildReport } from './build-report';
import { categorySteps, chosenCategory } from './category-steps';
import { agencyName, contactSteps, settleConsent } from './contact-steps';
import { detailSteps, LOCATION_STEP, locationSteps } from './detail-steps';
import { nearbyCheck, nearbyEffect, nearbySteps, pickedReport, requestMeToo } from './nearby';
import { reviewStep } from './review-step';

/**
 * Reporting an issue, modelled on FixMyStreet and Open311 GeoReport v2: category (grouped
 * when there are many), the category's own questions, location, photo, description,
 * contact or anonymous, review with changes, submit with a reference number. Once the category
 * and a point are known, open reports of the category nearby are offered first (nearby.ts): one
 * of them picked, the report ends as a "me too" on it.
 */
export const reportFlow: FlowDef = {
  id: 'report',
  version: 1,
  steps(ctx) {
    const steps = categorySteps(ctx);
    const category = chosenCategory(ctx);
    if (!category) return steps;
    const nearby = nearbySteps(category, ctx);
    const details = nearby.meToo ? locationSteps(ctx) : detailSteps(category, ctx);
    // The nearby offer right after the location question.
    const at = details.findIndex((s) => s.id === LOCATION_STEP) + 1;
    details.splice(at, 0, ...nearby.steps);
    const rest = [...attributeSteps(category, ctx), ...details, ...(nearby.meToo ? [] : contactSteps(category, ctx))];
    const notes = attributeNotes(category, ctx);
    const [first] = rest;
    if (first && notes.length > 0) rest[0] = { ...first, prompt: { ...first.prompt, ask: [...notes, ...first.prompt.ask] } };
    const before = [...steps, ...rest];
    // A "me too" has no review: it ends after its optional photo and note.
    if (nearby.meToo) return before;
    return [...before, reviewStep(before.filter((s) => !nearby.steps.includes(s)), ctx)];
  },
  check(ctx): Outcome | null {
    const category = chosenCategory(ctx);
    if (!category) return null;
    if (!category.emergency) return nearbyCheck(category, ctx);
    const { catalog } = ctx.env;
    const dl = catalog.jurisdiction.defaultLocale;
    const number = category.emergency.number ?? catalog.jurisdiction.emergencyNumber;
    const name = localized(category.name, ctx.locale, dl);
    return {
      messages: [
        {
          text: [
            t('report.emergency', { category: name, number }),
            ...(category.emergency.message ? [{ literal: localized(category.emergency.message, ctx.locale, dl) }] : []),
            t('report.emergency_no_report'),
          ],
          expects: 'none',
        },
      ],
      events: [{ type: 'emergency_shown', categoryId: category.id }],
    };
  },
  complete(ctx): Outcome {
    const category = chosenCategory(ctx);
    if (!category) return { messages: [], events: [] };
    const picked = pickedReport(ctx, category);
    if (picked) return requestMeToo(category, ctx, picked);
    const report = buildReport(category, ctx);
    ctx.session.results.push({
      kind: 'report',
      id: report.id,
      reference: report.reference,
      agencyId: report.agencyId,
      categoryId: category.id,
      submittedAt: report.submittedAt,
      status: 'open',
      ...(report.media.length > 0 ? { mediaIds: report.media.map((m) => m.mediaId) } : {}),
    });
    settleConsent(ctx, report.reference);
    return {
      messages: [
        {
          text: [
            t('report.submitted', { reference: report.reference, agency: agencyName(category, ctx) }),
            t('report.next_steps'),
          ],
          expects: 'none',
        },
      ],
      events: [{ type: 'result_submitted', kind: 'report', id: report.id, agencyId: report.agencyId, reference: report.reference, payload: report as unknown as Json }],
    };
  },
  onEffect(ctx, { effect, result }): Outcome {
    const category = chosenCategory(ctx);
    return category ? nearbyEffect(category, ctx, effect, result) : { messages: [], events: [] };
  },
};
