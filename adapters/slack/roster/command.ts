/**
 * `/wegov roster [<shift-id>]` for staff, in the reader's language, ephemeral: with an id, that
 * shift's roster (the card's blocks: card.ts); without one, the shifts still to come with their
 * counts and ids; an id nobody knows gets a polite answer and the way to the list. The rosters
 * come from the modules (src/modules/rosters.ts), handed in by the composition root.
 *
 * Asked in the channel that holds the shift's roster card (`cardIn`), the answer is that card with
 * its "Mark attended" buttons: a click on them is checked and recorded like one on the channel's
 * card (attendance.ts), which is redrawn, and the answer redrawn with it. Elsewhere (a direct
 * message, another channel) it is the same card without buttons.
 */
import { SHIFT_ID, type RosterProvider } from '../../../src/modules/rosters';
import { escapeMrkdwn, type SlackMessage } from '../render';
import { rosterCard } from './card';
import { placesLine, rosterText, shiftTime } from './strings';

/** Shifts listed at most (the rest are counted). */
export const ROSTER_LIST_LIMIT = 30;

export interface RosterCommandDeps {
  rosters: RosterProvider;
  timezone: string;
  now: () => Date;
  /** The key of the sink whose roster card of the shift (of that agency) is in `channel`, if any. */
  cardIn?(agencyId: string, shiftId: string, channel: string): Promise<string | undefined>;
}

export async function rosterAnswer(deps: RosterCommandDeps, id: string | undefined, locale: string, channel?: string): Promise<string | SlackMessage> {
  const t = (key: string, args?: Record<string, string | number>): string => rosterText(locale, key, args);
  if (id === undefined) return listAnswer(deps, locale);
  const r = SHIFT_ID.test(id) ? await deps.rosters.roster(id, locale) : null;
  if (!r) return t('unknown', { id: escapeMrkdwn(id.slice(0, 80)) });
  const sinkKey = channel && deps.cardIn ? await deps.cardIn(r.agencyId, r.shiftId, channel) : undefined;
  return rosterCard(r, { locale, timezone: deps.timezone, ...(sinkKey ? { attendance: { sinkKey, now: deps.now() } } : {}) });
}

async function listAnswer(deps: RosterCommandDeps, locale: string): Promise<string> {
  const t = (key: string, args?: Record<string, string | number>): string => rosterText(locale, key, args);
  const all = await deps.rosters.upcoming(locale, deps.now());
  if (all.length === 0) return t('list_none');
  const lines = all.slice(0, ROSTER_LIST_LIMIT).map((s) =>
    t('list_line', { id: escapeMrkdwn(s.shiftId), title: escapeMrkdwn(s.title), time: escapeMrkdwn(shiftTime(s.startsAt, s.endsAt, locale, deps.timezone)), places: escapeMrkdwn(placesLine(locale, s)) }),
  );
  const more = all.length > ROSTER_LIST_LIMIT ? [t('list_more', { count: all.length - ROSTER_LIST_LIMIT })] : [];
  return [t('list_title', { count: all.length }), ...lines, ...more, t('list_hint', { id: all[0]!.shiftId })].join('\n');
}
