import type { ParticipationModule } from '../../src/engine/module';
import { isActiveConsent, type ConsentRecord } from '../../src/engine/consent';
import { dataExportUrl } from '../../src/engine/data-export';
import type { FlowCtx, FlowDef, Outcome } from '../../src/engine/flow';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import { lit, t, type Text } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { withdrawContactConsent } from '../report/contact-steps';

/**
 * "My data" (a global command, like "delete my data"): a link to a JSON file of everything
 * WeGov holds about this conversation (the runtime fills the link in: src/engine/data-export.ts
 * explains why the engine cannot), then, when the person has agreed to be contacted, the
 * offer to withdraw that consent. Withdrawing records the time on each consent, tells the
 * person what it means for the agency that already has their details (which hears of it
 * through `consent_withdrawn`), and makes a report in progress ask again. Then the
 * interrupted dialog resumes.
 *
 * With the link, the reports this conversation follows ("follow WG-…", a "me too", a merge),
 * each with its category and status, and how to stop: they live in the report records, not in
 * the session, so the flow first asks for them with the effect {@link FOLLOWING_EFFECT}
 * (services.ts); no answer (no record store) lists none.
 */
export const MY_DATA_FLOW_ID = 'my_data';
const WITHDRAW_STEP = 'consent';
/** The effect that lists the followed reports: `{ outcome: 'listed', reports: [{ reference, categoryId, status }] }`. */
export const FOLLOWING_EFFECT = 'my_data.following';
/** Where the frame keeps the effect's answer (not a step: never asked). */
const FOLLOWING = '_following';

interface Followed {
  reference: string;
  categoryId: string;
  status: string;
}

export const myDataFlow: FlowDef = {
  id: MY_DATA_FLOW_ID,
  version: 1,
  // The followed reports first (once): an effect, answered in the same turn.
  check: (ctx) => (FOLLOWING in ctx.frame.answers ? null : { messages: [], events: [{ type: 'effect_requested', effect: FOLLOWING_EFFECT, id: FOLLOWING_EFFECT, args: {} }], wait: { effect: FOLLOWING_EFFECT, id: FOLLOWING_EFFECT } }),
  onEffect: (ctx, { result }) => {
    ctx.frame.answers[FOLLOWING] = followedOf(result) as unknown as Json;
    return { messages: [], events: [], proceed: true };
  },
  steps: (ctx) => {
    const active = activeConsents(ctx);
    if (active.length === 0) return [];
    // The link goes with the first question only: a re-ask (help, a wrong answer) does not mint another.
    const intro = ctx.frame.current === null ? linkText(ctx) : [];
    return [
      {
        id: WITHDRAW_STEP,
        prompt: {
          kind: 'choice',
          ask: [...intro, ...active.map((r) => consentLine(r, ctx)), t('my_data.withdraw_ask')],
          choices: [
            { id: 'withdraw', label: t('my_data.withdraw'), match: vocabulary(ctx.env, 'withdraw_consent') },
            { id: 'keep', label: t('my_data.keep'), match: vocabulary(ctx.env, 'keep_consent') },
          ],
        },
      },
    ];
  },
  complete: (ctx): Outcome => {
    const answer = ctx.frame.answers[WITHDRAW_STEP];
    if (answer === 'withdraw') return withdraw(ctx);
    if (answer === 'keep') return { messages: [{ text: [t('my_data.kept')], expects: 'none' }], events: [], resume: true };
    return { messages: [{ text: linkText(ctx), expects: 'none' }], events: [], resume: true };
  },
};

function linkText(ctx: FlowCtx): Text[] {
  return [t('my_data.link', { url: dataExportUrl() }), t('my_data.link_note'), t('my_data.contents'), ...followingText(ctx)];
}

/** The followed reports as the effect answered them (anything else: none). */
function followedOf(result: Json): Followed[] {
  const r = typeof result === 'object' && result !== null && !Array.isArray(result) ? result : {};
  if (r.outcome !== 'listed' || !Array.isArray(r.reports)) return [];
  return r.reports.flatMap((v) => {
    const o = typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
    return typeof o.reference === 'string' && typeof o.categoryId === 'string' && typeof o.status === 'string' ? [{ reference: o.reference, categoryId: o.categoryId, status: o.status }] : [];
  });
}

const STATUSES = ['open', 'acknowledged', 'in_progress', 'closed', 'rejected'];

/** "Reports you follow:", a line each, and how to stop; nothing when none. */
function followingText(ctx: FlowCtx): Text[] {
  const kept = ctx.frame.answers[FOLLOWING];
  const list = Array.isArray(kept) ? followedOf({ outcome: 'listed', reports: kept }) : [];
  if (list.length === 0) return [];
  const { catalog } = ctx.env;
  const line = (f: Followed): Text => {
    const category = catalog.categories.find((c) => c.id === f.categoryId);
    const name = category ? localized(category.name, ctx.locale, catalog.jurisdiction.defaultLocale) : f.categoryId;
    return t('intents.my_reports.line', { reference: f.reference, category: lit(name), status: t(`status.${STATUSES.includes(f.status) ? f.status : 'open'}`) });
  };
  return [t('my_data.following'), ...list.map(line), t('my_data.unfollow_hint', { reference: list[0]!.reference })];
}

function activeConsents(ctx: FlowCtx): ConsentRecord[] {
  return (ctx.session.consents ?? []).filter(isActiveConsent);
}

function agencyName(agencyId: string | undefined, ctx: FlowCtx): string {
  const { catalog } = ctx.env;
  const agency = catalog.agencies.find((a) => a.id === agencyId);
  return agency ? localized(agency.name, ctx.locale, catalog.jurisdiction.defaultLocale) : (agencyId ?? '');
}

function consentLine(record: ConsentRecord, ctx: FlowCtx): Text {
  const agency = agencyName(record.agencyId, ctx);
  return record.reference !== undefined ? t('my_data.consent_sent', { agency, reference: record.reference }) : t('my_data.consent_unsent', { agency });
}

function withdraw(ctx: FlowCtx): Outcome {
  const withdrawn = activeConsents(ctx);
  const inProgress = withdrawn.some((r) => r.reference === undefined);
  const references = withdrawContactConsent(ctx);
  const byAgency = new Map<string, string[]>();
  for (const r of withdrawn) {
    if (r.reference === undefined) continue;
    const key = r.agencyId ?? '';
    byAgency.set(key, [...(byAgency.get(key) ?? []), r.reference]);
  }
  const text: Text[] = [t('my_data.withdrawn')];
  for (const [agencyId, refs] of byAgency) text.push(t('my_data.withdrawn_agency', { agency: agencyName(agencyId, ctx), references: refs.join(', ') }));
  text.push(t(inProgress ? 'my_data.withdrawn_unsent' : 'my_data.withdrawn_future'));
  return { messages: [{ text, expects: 'none' }], events: [{ type: 'consent_withdrawn', references }], resume: true };
}

/** "My data" (a global command): the person's file, and withdrawing a consent. */
export const myDataModule: ParticipationModule = { id: 'my-data', flows: [myDataFlow] };
