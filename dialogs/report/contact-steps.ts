import type { Category } from '../../src/catalog/types';
import type { FlowCtx, StepDef } from '../../src/engine/flow';
import { localized } from '../../src/engine/locale';
import { t } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';

export const CONTACT_MODE = 'contact_mode';
export const CONTACT_NAME = 'contact_name';
export const CONTACT_METHOD = 'contact_method';
export const CONTACT_EMAIL = 'contact_email';
export const CONTACT_PHONE = 'contact_phone';
export const CONTACT_CONSENT = 'contact_consent';

export const CONTACT_STEPS = [CONTACT_MODE, CONTACT_NAME, CONTACT_METHOD, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_CONSENT];

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
    prompt: { kind: 'yesno', ask: [t('report.contact.consent', { agency: agencyName(category, ctx) })] },
    validate: (value) =>
      value === false && !category.anonymousAllowed
        ? { code: 'consent_required', reason: [t('report.contact.consent_required')] }
        : null,
  });
  return steps;
}
