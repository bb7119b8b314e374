/**
 * A sign-up's calendar file, as module services (src/modules/services.ts): the public route
 * `GET /volunteer/calendar/<signUpId>.ics` (route.ts) mounted at the root, reading the sign-up
 * from the sign-up store (`byId`: cancelled or forgotten sign-ups are 404), its opportunity and
 * shift from the live catalogue, and the person's language from their conversation (the one
 * they signed up in; the catalogue's default when it is gone). Links are signed with the host's
 * link secret (the photo links'), and work until the shift ends. The same file is offered to
 * channels that upload documents (document.ts: Telegram), from the same link.
 */
import type { ModuleHost, ModuleServices } from '../../../src/modules/services';
import { findShift } from '../listing';
import type { SignUpStore } from '../signups/store';
import { calendarDocuments } from './document';
import type { CalendarFileOptions, CalendarLookup } from './file';
import { calendarUrl } from './links';
import { calendarRoute } from './route';

/** The signed link to a sign-up's `.ics` (undefined when its shift is not in the catalogue). */
export function signUpCalendarUrl(host: ModuleHost, signUpId: string, shiftId: string): string | undefined {
  const found = findShift(host.catalog, shiftId);
  if (!found) return undefined;
  return calendarUrl(host.publicUrl, host.linkSecret(), signUpId, new Date(found.shift.endsAt));
}

/** The person's language now, from the conversation they signed up in. */
async function localeOf(host: ModuleHost, conversationId: string): Promise<string | undefined> {
  const loaded = await host.stores.sessions.load(conversationId);
  const session = loaded.conversation?.session;
  const locale = typeof session === 'object' && session !== null ? (session as { locale?: unknown }).locale : undefined;
  return typeof locale === 'string' && locale.length > 0 ? locale : undefined;
}

export function calendarServices(host: ModuleHost, signUps: SignUpStore): ModuleServices {
  const fallback = host.catalog.jurisdiction.defaultLocale;
  const lookup: CalendarLookup = async (signUpId) => {
    const signUp = await signUps.byId(signUpId);
    const found = signUp ? findShift(host.catalog, signUp.shiftId) : undefined;
    if (!signUp || !found) return undefined;
    return { opportunity: found.opportunity, shift: found.shift, locale: (await localeOf(host, signUp.conversationId)) ?? fallback };
  };
  // The secret is read per request: the web process settles it after building the services.
  const opts: CalendarFileOptions = {
    get secret() {
      return host.linkSecret();
    },
    defaultLocale: fallback,
    now: host.now,
  };
  return { publicRouter: calendarRoute(lookup, opts), documents: calendarDocuments(host.publicUrl, lookup, opts) };
}
