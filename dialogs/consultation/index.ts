import type { MenuEntry, ParticipationModule } from '../../src/engine/module';
import { lit, t } from '../../src/engine/text';
import { localized } from '../../src/engine/locale';
import { CONSULTATION_STEP, consultationFlow, PICK_HERE } from './flow';
import { CONSULTATION_MENU_ENTRY } from './ids';
import { audienceChecked } from './audience';
import { openFor } from './open';
import { scopeOf, startingScopes } from './prior';
import { CONSULTATION_RESPONSE, CONSULTATION_RESULT } from './result';
import type { Consultation } from '../../src/catalog/types';
import type { Env } from '../../src/engine/env';
import { entryIntent } from '../../src/engine/entry-intent';
import examples from './intents.json';

/** The consultation a deep link `consultation:<id>` / `consultation_<id>` names, if any. */
function linkedConsultation(payload: string, env: Env): Consultation | undefined {
  const [kind = '', id] = payload.trim().split(/[:_ ](.*)/s);
  if (kind.toLowerCase() !== 'consultation' || !id) return undefined;
  return env.catalog.consultations.find((c) => c.id === id);
}

/**
 * Answering a public consultation (issue 11; Decidim surveys, U-Report polls, CONSUL): offered on
 * the menu while one is open (named; when several are, "Have your say" asks which first), deep links `consultation:<id>` (Telegram `/start consultation_<id>`,
 * the widget's `data-start`, a QR code); submits `consultation_response` results (webhooks
 * `consultation.response_submitted`, the file; never Open311).
 */
export const consultationModule: ParticipationModule = {
  id: 'consultation',
  flows: [audienceChecked(consultationFlow)],
  menuEntry: (env, session): MenuEntry | null => {
    const open = openFor(env, session);
    const [first] = open;
    if (!first) return null;
    // Several open: one entry, and the dialog asks which first.
    if (open.length > 1) {
      return { id: CONSULTATION_MENU_ENTRY, label: t('consultation.menu_several', { count: open.length }), order: 20, start: { flow: consultationFlow.id, answers: { [PICK_HERE]: true } } };
    }
    const title = (locale: string) => localized(first.title, locale, env.catalog.jurisdiction.defaultLocale);
    return {
      id: CONSULTATION_MENU_ENTRY,
      label: t('consultation.menu', { title: lit(title(session.locale)) }),
      order: 20,
      match: env.locales.map(title),
      start: { flow: consultationFlow.id, answers: { [CONSULTATION_STEP]: first.id } },
    };
  },
  deepLinks: [
    (payload, env) => {
      const found = linkedConsultation(payload, env);
      return found ? { flow: consultationFlow.id, answers: { [CONSULTATION_STEP]: found.id } } : null;
    },
  ],
  onceScopes: (session, input, env) => startingScopes(session, input, env, linkedConsultation),
  allOnceScopes: (env) => env.catalog.consultations.map(scopeOf),
  results: { [CONSULTATION_RESPONSE]: CONSULTATION_RESULT },
  // "How do I have my say about the bike lane?": the open consultation(s), as on the menu (examples: intents.json).
  intents: [entryIntent('consultation', examples.consultation, (env, session) => consultationModule.menuEntry?.(env, session) ?? null)],
};
