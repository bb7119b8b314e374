import type { FlowDef, Outcome } from '../../src/engine/flow';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import { t } from '../../src/engine/text';
import { attributeNotes, attributeSteps } from './attribute-steps';
import { buildReport } from './build-report';
import { categorySteps, chosenCategory } from './category-steps';
import { agencyName, contactSteps, settleConsent } from './contact-steps';
import { detailSteps } from './detail-steps';
import { reviewStep } from './review-step';

/**
 * Reporting an issue, modelled on FixMyStreet and Open311 GeoReport v2: category (grouped
 * when there are many), the category's own questions, location, photo, description,
 * contact or anonymous, review with changes, submit with a reference number.
 */
export const reportFlow: FlowDef = {
  id: 'report',
  version: 1,
  steps(ctx) {
    const steps = categorySteps(ctx);
    const category = chosenCategory(ctx);
    if (!category) return steps;
    const rest = [...attributeSteps(category, ctx), ...detailSteps(category, ctx), ...contactSteps(category, ctx)];
    const notes = attributeNotes(category, ctx);
    const [first] = rest;
    if (first && notes.length > 0) rest[0] = { ...first, prompt: { ...first.prompt, ask: [...notes, ...first.prompt.ask] } };
    const before = [...steps, ...rest];
    return [...before, reviewStep(before, ctx)];
  },
  check(ctx): Outcome | null {
    const category = chosenCategory(ctx);
    if (!category?.emergency) return null;
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
};
