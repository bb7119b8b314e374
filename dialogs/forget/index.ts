import type { ParticipationModule } from '../../src/engine/module';
import type { FlowCtx, FlowDef } from '../../src/engine/flow';
import { localized } from '../../src/engine/locale';
import { t, type Text } from '../../src/engine/text';

/**
 * "Delete my data": asks for confirmation, then erases the conversation. The engine's erase
 * outcome emits `data_erased` with what else WeGov holds (the reports' references and
 * submission ids, every photo id); the runtime turns that into a durable erasure request that
 * reaches every store and the agencies' webhooks (src/privacy/). The person is told which
 * agency already has which report and how to ask that agency about its own copy.
 */
export const forgetFlow: FlowDef = {
  id: 'forget',
  version: 1,
  steps: (ctx) => [{ id: 'confirm', prompt: { kind: 'yesno', ask: [t('forget.ask'), t('forget.scope'), ...answersKept(ctx)] } }],
  complete: (ctx) =>
    ctx.frame.answers.confirm === true
      ? { messages: [{ text: [t('forget.done'), ...agenciesHolding(ctx), ...answersKept(ctx)], expects: 'none' }], events: [], erase: true, next: { flow: 'menu' } }
      : { messages: [{ text: [t('forget.kept')], expects: 'none' }], events: [], resume: true },
};

/**
 * Answers counted once per person (consultation responses) stay with the agency as the anonymous
 * record it already has; the erasure removes what linked them to the person (their claims and
 * participant links, in every consultation).
 */
function answersKept(ctx: FlowCtx): Text[] {
  // Their answers may come from another conversation: said wherever there are consultations.
  const some = ctx.session.results.some((r) => r.once !== undefined) || ctx.env.catalog.consultations.length > 0;
  return some ? [t('forget.answers_kept')] : [];
}

/** One line per agency that already received reports: which ones, and where to ask it. */
function agenciesHolding(ctx: FlowCtx): Text[] {
  const { catalog } = ctx.env;
  const byAgency = new Map<string, string[]>();
  for (const result of ctx.session.results) {
    const agencyId = result.agencyId ?? catalog.categories.find((c) => c.id === result.categoryId)?.agency;
    if (agencyId === undefined || result.reference === undefined) continue;
    byAgency.set(agencyId, [...(byAgency.get(agencyId) ?? []), result.reference]);
  }
  const lines: Text[] = [];
  for (const [agencyId, references] of byAgency) {
    const agency = catalog.agencies.find((a) => a.id === agencyId);
    if (!agency) continue;
    const name = localized(agency.name, ctx.locale, catalog.jurisdiction.defaultLocale);
    const args = { agency: name, references: references.join(', ') };
    lines.push(agency.privacyContact !== undefined ? t('forget.agency_has', { ...args, contact: agency.privacyContact }) : t('forget.agency_has_no_contact', args));
    // Agencies with a webhook get a signed `person.erasure_requested` (src/privacy/erasure-event.ts).
    if (agency.sinks.some((s) => s.type === 'webhook')) lines.push(t('forget.agency_notified', { agency: name }));
  }
  return lines;
}

/** "Delete my data" (a global command): every result kind's data is erased through src/privacy. */
export const forgetModule: ParticipationModule = { id: 'forget', flows: [forgetFlow] };
