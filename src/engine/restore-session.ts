import type { Env } from './env';
import { negotiateLocale } from './locale';
import { newSession, type SessionInit } from './new-session';
import { migrateSession, sessionSchema } from './session-schema';
import type { StepResult } from './step-result';
import { t } from './text';

/**
 * Turns stored JSON back into a session, lifting an older schema first (session-schema.ts
 * migrateSession). A session this version cannot read (a corrupted record) is replaced by a fresh one with an apology: the person starts
 * again instead of meeting an error. Frames written by an older dialog version are handled
 * by `step` (migrated, or restarted with an apology).
 */
export function restoreSession(raw: unknown, init: SessionInit, env: Env): StepResult {
  const agencyOf = (categoryId: string) => env.catalog.categories.find((c) => c.id === categoryId)?.agency;
  const parsed = sessionSchema.safeParse(migrateSession(raw, agencyOf));
  if (parsed.success) return { session: parsed.data, events: [] };
  const rawLocale = typeof raw === 'object' && raw !== null && 'locale' in raw ? raw.locale : undefined;
  const locale = typeof rawLocale === 'string' ? negotiateLocale(rawLocale, env.locales) : init.locale;
  const session = newSession({ ...init, locale });
  return {
    session,
    events: [
      { type: 'dialog_restarted', flow: null, reason: 'session_invalid' },
      { type: 'message_sent', message: { text: [t('errors.session_restarted')], expects: 'none' } },
    ],
  };
}
