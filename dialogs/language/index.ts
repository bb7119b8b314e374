import type { ParticipationModule } from '../../src/engine/module';
import type { Env } from '../../src/engine/env';
import type { FlowDef } from '../../src/engine/flow';
import { lit, t } from '../../src/engine/text';

/** A language's own name ("español"), capitalised, from ICU: no translation table to keep. */
export function nativeName(locale: string): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/** Languages the deployment offers that WeGov ships messages for. */
function offered(env: Env): readonly string[] {
  const wanted = env.catalog.jurisdiction.locales.filter((l) => env.locales.includes(l));
  return wanted.length > 0 ? wanted : env.locales;
}

/** Picks the conversation language, then returns to whatever was interrupted. */
export const languageFlow: FlowDef = {
  id: 'language',
  version: 1,
  steps: ({ env }) => [
    {
      id: 'locale',
      prompt: {
        kind: 'choice',
        ask: [t('language.ask')],
        choices: offered(env).map((l) => ({ id: l, label: lit(nativeName(l)), match: [nativeName(l), l] })),
      },
    },
  ],
  complete: ({ frame, session }) => {
    const locale = String(frame.answers.locale ?? session.locale);
    return { messages: [{ text: [t('language.changed')], expects: 'none' }], events: [], locale, resume: true };
  },
};

/** Choosing the conversation's language: the `language` command, the menu, the `language` deep link. */
export const languageModule: ParticipationModule = {
  id: 'language',
  flows: [languageFlow],
  deepLinks: [(payload) => (payload.trim().toLowerCase() === 'language' ? { flow: languageFlow.id } : null)],
};
