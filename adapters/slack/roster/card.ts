/**
 * The roster card of one shift in the agency's Slack channel (issue 13): built from a roster
 * snapshot (src/modules/rosters.ts), never from the change that caused it, so a sign-up, a
 * cancellation, a promotion or an attendance mark all redraw the same card with the latest
 * state. Header (title), time and place, "7 of 20 places taken · 2 waiting", a note that no
 * contact details are shared, then "Volunteer 1…n" with their per-shift reference and sign-up
 * answers (the waitlist marked with its order). People appear by number and reference only: never
 * a chat identity or a pseudonym. Everything from the catalogue or from a volunteer is escaped (no
 * mentions, no formatting).
 *
 * A shift the agency cancelled shows "Cancelled: <title>" with the reason, and no buttons.
 *
 * Attendance: a confirmed volunteer marked attended shows "✓ Attended" (checked in, or marked by
 * staff: never by whom). The channel's card (`attendance.sinkKey` given) carries a "Mark attended"
 * (or "Not attended") button per confirmed volunteer until the marking window closes (7 days after
 * the end). The buttons are there before the shift starts too: nothing redraws the card at the
 * start, so a card drawn the day before would otherwise never get them; a click before the start
 * is answered that it is too early (attendance.ts).
 */
import type { types } from '@slack/bolt';
import type { RosterSnapshot } from '../../../src/modules/rosters';
import { escapeMrkdwn } from '../render';
import { attendanceValue, MARK_ATTENDED, MARK_NOT_ATTENDED } from './attendance-value';
import { placesLine, rosterText, shiftTime } from './strings';

/** Volunteers listed on the card at most (Slack allows 50 blocks; the CSV has everyone). */
export const CARD_VOLUNTEERS = 40;

export interface RosterCard {
  text: string;
  blocks: types.KnownBlock[];
}

export interface RosterCardOptions {
  locale: string;
  timezone: string;
  /** The channel's card: attendance buttons naming this sink's card, while marking is open at `now`. */
  attendance?: { sinkKey: string; now: Date };
}

type Accessory = Extract<types.KnownBlock, { type: 'section' }>['accessory'];

export function rosterCard(r: RosterSnapshot, opts: RosterCardOptions): RosterCard {
  const { locale } = opts;
  const t = (key: string, args?: Record<string, string | number>): string => rosterText(locale, key, args);
  const time = shiftTime(r.startsAt, r.endsAt, locale, opts.timezone);
  const places = placesLine(locale, r);
  const cancelled = r.cancelled ? [`*${t('cancelled')}*${r.cancelled.reason ? ` ${escapeMrkdwn(r.cancelled.reason)}` : ''}`] : [];
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: t(r.cancelled ? 'header_cancelled' : 'header', { title: r.title }).slice(0, 150), emoji: false } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: [...cancelled, `*${t('when')}* ${escapeMrkdwn(time)}`, `*${t('where')}* ${escapeMrkdwn(r.address)}`, ...(r.cancelled ? [] : [`*${escapeMrkdwn(places)}*`])].join('\n').slice(0, 3000) },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: t(r.contactDetails ? 'contact_consented' : 'no_contact') }] },
    { type: 'divider' },
  ];
  if (r.volunteers.length === 0 && !r.cancelled) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t('nobody') } });
  const marking = opts.attendance && r.attendance && !r.cancelled && opts.attendance.now.getTime() < Date.parse(r.attendance.closesAt) ? opts.attendance.sinkKey : undefined;
  r.volunteers.slice(0, CARD_VOLUNTEERS).forEach((v, i) => {
    const status = v.status === 'waitlisted' ? ` · ${t('waitlisted', { position: v.position })}` : v.attended ? ` · ${t(v.attended === 'checked_in' ? 'attended_checked_in' : 'attended_marked')}` : '';
    const name = `*${t('volunteer', { n: i + 1 })}*${status} · \`${escapeMrkdwn(v.ref)}\``;
    const answers = r.questions.map((q) => `${escapeMrkdwn(q.text)} ${escapeMrkdwn(v.answers[q.id] || t('no_answer'))}`);
    const accessory: Accessory | undefined =
      marking !== undefined && v.status === 'confirmed'
        ? {
            type: 'button',
            action_id: v.attended ? MARK_NOT_ATTENDED : MARK_ATTENDED,
            text: { type: 'plain_text', text: t(v.attended ? 'unmark_button' : 'mark_button'), emoji: true },
            value: attendanceValue({ sinkKey: marking, shiftId: r.shiftId, ref: v.ref }),
            ...(v.attended ? {} : { style: 'primary' as const }),
          }
        : undefined;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: [name, ...answers].join('\n').slice(0, 3000) }, ...(accessory ? { accessory } : {}) });
  });
  if (r.volunteers.length > CARD_VOLUNTEERS) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t('more', { count: r.volunteers.length - CARD_VOLUNTEERS, shift: r.shiftId }) }] });
  const fallback = r.cancelled ? t('fallback_cancelled', { title: escapeMrkdwn(r.title), time: escapeMrkdwn(time) }) : t('fallback', { title: escapeMrkdwn(r.title), time: escapeMrkdwn(time), places: escapeMrkdwn(places) });
  return { text: fallback, blocks };
}

/** Which one-time notices a snapshot has crossed: half full (not yet full) and full; none once cancelled. */
export function crossed(r: Pick<RosterSnapshot, 'confirmed' | 'capacity' | 'cancelled'>): { half: boolean; full: boolean } {
  if (r.cancelled) return { half: false, full: false };
  const full = r.confirmed >= r.capacity;
  return { half: !full && r.confirmed * 2 >= r.capacity, full };
}
