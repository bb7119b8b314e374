import type { ParticipationModule } from '../../src/engine/module';
import { lit, t } from '../../src/engine/text';
import { localized } from '../../src/engine/locale';
import { CONSULTATION_STEP, consultationFlow } from './flow';
import { openFor } from './open';
import { CONSULTATION_RESPONSE, CONSULTATION_RESULT } from './result';

/**
 * Answering a public consultation (issue 11; Decidim surveys, U-Report polls, CONSUL): offered on
 * the menu while one is open (the first open one; a list when there are several comes with the
 * consultation picker), deep links `consultation:<id>` (Telegram `/start consultation_<id>`,
 * the widget's `data-start`, a QR code); submits `consultation_response` results (webhooks
 * `consultation.response_submitted`, the file; never Open311).
 */
export const consultationModule: ParticipationModule = {
  id: 'consultation',
  flows: [consultationFlow],
  menuEntry: (env, session) => {
    const [first] = openFor(env, session.channel);
    if (!first) return null;
    const title = (locale: string) => localized(first.title, locale, env.catalog.jurisdiction.defaultLocale);
    return {
      id: 'consultation',
      label: t('consultation.menu', { title: lit(title(session.locale)) }),
      order: 20,
      match: env.locales.map(title),
      start: { flow: consultationFlow.id, answers: { [CONSULTATION_STEP]: first.id } },
    };
  },
  deepLinks: [
    (payload, env) => {
      const [kind = '', id] = payload.trim().split(/[:_ ](.*)/s);
      if (kind.toLowerCase() !== 'consultation' || !id) return null;
      const found = env.catalog.consultations.find((c) => c.id === id);
      return found ? { flow: consultationFlow.id, answers: { [CONSULTATION_STEP]: found.id } } : null;
    },
  ],
  results: { [CONSULTATION_RESPONSE]: CONSULTATION_RESULT },
};
