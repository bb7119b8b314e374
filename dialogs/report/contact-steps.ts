import type { Category } from '../../src/catalog/types';
import type { ConsentRecord, ConsentWording } from '../../src/engine/consent';
import { isActiveConsent } from '../../src/engine/consent';
import type { FlowCtx, StepDef } from '../../src/engine/flow';
import { localized } from '../../src/engine/locale';
import { t } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { extractEmails } from '../../src/nlu/entities/email';
import { extractPhones } from '../../src/nlu/entities/phone';

export const CONTACT_MODE = 'contact_mode';
export const CONTACT_NAME = 'contact_name';
export const CONTACT_METHOD = 'contact_method';
export const CONTACT_EMAIL = 'contact_email';
export const CONTACT_PHONE = 'contact_phone';
export const CONTACT_CONSENT = 'contact_consent';

export const CONTACT_STEPS = [CONTACT_MODE, CONTACT_NAME, CONTACT_METHOD, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_CONSENT];

/**
 * The consent question's wording. Bump `version` whenever `report.contact.consent` changes in
 * any language: a consent record names the version the person saw, and
 * test/privacy/consent-wording.test.ts fails when the texts change without a bump.
 */
export const CONSENT_WORDING: Readonly<ConsentWording> = { key: 'report.contact.consent', version: 1 };

/** The agency that handles a category, in the person's language. */
export function agencyName(category: Category, ctx: FlowCtx): string {
  const agency = ctx.env.catalog.agencies.find((a) => a.id === category.agency);
  return agency ? localized(agency.name, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale) : category.agency;
}

/**
 * Anonymous, or a name plus an email or phone number with explicit consent to be contacted
 * and to share them with the agency. Nothing personal is asked of someone who stays anonymous.
 */
export function contactSteps(category: Category, ctx: FlowCtx): StepDef[] {
  const { answers } = ctx.frame;
  const steps: StepDef[] = [];
  if (category.anonymousAllowed) {
    steps.push({
      id: CONTACT_MODE,
      prompt: {
        kind: 'choice',
        ask: [t('report.contact.ask')],
        choices: [
          { id: 'anonymous', label: t('report.contact.anonymous'), match: vocabulary(ctx.env, 'anonymous') },
          { id: 'contact', label: t('report.contact.give'), match: vocabulary(ctx.env, 'contact') },
        ],
      },
    });
    if (answers[CONTACT_MODE] !== 'contact') return steps;
  }
  steps.push(
    {
      id: CONTACT_NAME,
      prompt: {
        kind: 'text',
        ask: category.anonymousAllowed ? [t('report.contact.name')] : [t('report.contact.required'), t('report.contact.name')],
        min: 2,
        max: 100,
      },
    },
    {
      id: CONTACT_METHOD,
      prompt: {
        kind: 'choice',
        ask: [t('report.contact.method')],
        choices: [
          { id: 'email', label: t('report.contact.email_choice'), match: vocabulary(ctx.env, 'email') },
          { id: 'phone', label: t('report.contact.phone_choice'), match: vocabulary(ctx.env, 'phone') },
        ],
      },
      interpret: (input, { env }) => (input.kind === 'text' ? contactGiven(input.text, env.catalog.jurisdiction.phoneRegion) : null),
    },
  );
  if (answers[CONTACT_METHOD] === 'phone') {
    const region = ctx.env.catalog.jurisdiction.phoneRegion;
    steps.push({ id: CONTACT_PHONE, prompt: { kind: 'text', ask: [t('report.contact.phone')], min: 3, max: 40, format: 'phone', phoneRegion: region } });
  } else {
    steps.push({ id: CONTACT_EMAIL, prompt: { kind: 'text', ask: [t('report.contact.email')], min: 3, max: 254, format: 'email' } });
  }
  steps.push({
    id: CONTACT_CONSENT,
    prompt: { kind: 'yesno', ask: [t(CONSENT_WORDING.key, { agency: agencyName(category, ctx) })] },
    validate: (value, answerCtx) => {
      if (value === false && !category.anonymousAllowed) return { code: 'consent_required', reason: [t('report.contact.consent_required')] };
      // The answer is accepted: this is the moment it was given, so it is recorded now.
      recordConsentAnswer(answerCtx, category, value === true);
      return null;
    },
  });
  return steps;
}

/**
 * An email address or phone number typed where the method is asked ("How should they contact
 * you? [Email, Phone]"): it is both the choice and its value, so it is not asked for again. The
 * first one in the text wins.
 */
function contactGiven(text: string, region: string): { answers: { [stepId: string]: string } } | null {
  const email = extractEmails(text)[0];
  const phone = extractPhones(text, region)[0];
  if (email && (!phone || email.start <= phone.start)) return { answers: { [CONTACT_METHOD]: 'email', [CONTACT_EMAIL]: email.value } };
  if (phone) return { answers: { [CONTACT_METHOD]: 'phone', [CONTACT_PHONE]: phone.value } };
  return null;
}

/**
 * Records an accepted answer to the consent question in the session. An earlier answer whose
 * report was not sent (the person went back, changed their contact details, or left that
 * report) is replaced: only answers tied to a sent report, or withdrawn, are kept for good.
 */
function recordConsentAnswer(ctx: FlowCtx, category: Category, given: boolean): void {
  const kept = (ctx.session.consents ?? []).filter((r) => r.reference !== undefined || r.withdrawnAt !== undefined);
  kept.push({
    purpose: 'contact_and_share',
    wording: { key: CONSENT_WORDING.key, version: CONSENT_WORDING.version },
    locale: ctx.locale,
    channel: ctx.session.channel,
    givenAt: ctx.env.now().toISOString(),
    answer: given ? 'given' : 'declined',
    agencyId: category.agency,
  });
  ctx.session.consents = kept;
}

/** The answer to this report's consent question not yet tied to a sent report, if any. */
function unsentAnswer(records: readonly ConsentRecord[]): ConsentRecord | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r && r.reference === undefined && r.withdrawnAt === undefined) return r;
  }
  return undefined;
}

/**
 * The report was sent: its consent answer now names its reference. A report sent without a
 * consent answer (anonymous) drops an unsent answer left from an earlier, abandoned report.
 */
export function settleConsent(ctx: FlowCtx, reference: string): void {
  const records = ctx.session.consents;
  const unsent = records ? unsentAnswer(records) : undefined;
  if (!records || !unsent) return;
  const answered = typeof ctx.frame.answers[CONTACT_CONSENT] === 'boolean' && ctx.frame.answers[CONTACT_MODE] !== 'anonymous';
  if (answered) unsent.reference = reference;
  else ctx.session.consents = records.filter((r) => r !== unsent);
}

/**
 * Withdraws every consent to be contacted that still holds: each gets `withdrawnAt`, and a
 * report still being written asks its consent question again (its earlier yes no longer
 * counts). Returns the sent reports whose agency already has the person's details.
 */
export function withdrawContactConsent(ctx: FlowCtx): string[] {
  const at = ctx.env.now().toISOString();
  const references: string[] = [];
  for (const record of ctx.session.consents ?? []) {
    if (!isActiveConsent(record)) continue;
    record.withdrawnAt = at;
    if (record.reference !== undefined) references.push(record.reference);
  }
  for (const frame of ctx.session.stack) {
    if (frame.flow !== 'report' || frame.answers[CONTACT_CONSENT] !== true) continue;
    delete frame.answers[CONTACT_CONSENT];
    frame.current = null;
  }
  return references;
}
