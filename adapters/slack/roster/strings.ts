/**
 * Staff-facing text of shift rosters (the card, its notices, `/wegov roster`), from the
 * `slack_roster` section of `locales/<locale>.json`: the card in the deployment's working
 * language, the command in the reader's. English for any missing key. Nothing here is shown to
 * volunteers.
 */
import { readLocaleFiles } from '../../../src/i18n';

type Section = { [key: string]: string | Section };

const sections: Record<string, Section> = Object.fromEntries(
  Object.entries(readLocaleFiles()).map(([locale, resource]) => [locale, (resource.slack_roster ?? {}) as Section]),
);

function lookup(section: Section | undefined, key: string): string | undefined {
  const v = section?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** The `slack_roster.<key>` text in `locale`, with `{{name}}` arguments filled in. */
export function rosterText(locale: string, key: string, args: Record<string, string | number> = {}): string {
  return (lookup(sections[locale], key) ?? lookup(sections.en, key) ?? key).replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(args[name] ?? ''));
}

/** A shift's time as "Sat, Dec 26, 9:00 AM – 12:00 PM" in the jurisdiction's zone. */
export function shiftTime(startsAt: string, endsAt: string, locale: string, timeZone: string): string {
  const f = new Intl.DateTimeFormat(locale, { numberingSystem: 'latn', weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone });
  return f.formatRange(new Date(startsAt), new Date(endsAt));
}

/** "7 of 20 places taken · 2 waiting" (the waiting part only when the shift keeps a waitlist). */
export function placesLine(locale: string, r: { confirmed: number; capacity: number; waitlisted: number; waitlist?: boolean }): string {
  const taken = rosterText(locale, 'places', { taken: r.confirmed, capacity: r.capacity });
  return r.waitlist === false && r.waitlisted === 0 ? taken : `${taken} · ${rosterText(locale, 'waiting', { count: r.waitlisted })}`;
}
