import type { Env } from './env';
import { negotiateLocale } from './locale';
import type { Session } from './session';

/**
 * Follows the channel's language hint (Telegram `language_code`, Accept-Language) until the
 * person picks a language themselves.
 */
export function applyLocaleHint(session: Session, hint: string | undefined, env: Env): Session {
  if (session.localeChosen || !hint) return session;
  const locale = negotiateLocale(hint, env.locales);
  return locale === session.locale ? session : { ...session, locale };
}
