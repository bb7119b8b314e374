/**
 * The roster card of one shift in the agency's Slack channel (issue 13): built from a roster
 * snapshot (src/modules/rosters.ts), never from the change that caused it, so a sign-up, a
 * cancellation or a promotion all redraw the same card with the latest state. Header (title),
 * time and place, "7 of 20 places taken · 2 waiting", a note that no contact details are shared,
 * then "Volunteer 1…n" with their sign-up answers (the waitlist marked with its order). People
 * appear by number only: never a chat identity or a pseudonym. Everything from the catalogue or
 * from a volunteer is escaped (no mentions, no formatting).
 */
import type { types } from '@slack/bolt';
import type { RosterSnapshot } from '../../../src/modules/rosters';
import { escapeMrkdwn } from '../render';
import { placesLine, rosterText, shiftTime } from './strings';

/** Volunteers listed on the card at most (Slack allows 50 blocks; the CSV has everyone). */
export const CARD_VOLUNTEERS = 40;

export interface RosterCard {
  text: string;
  blocks: types.KnownBlock[];
}

export function rosterCard(r: RosterSnapshot, opts: { locale: string; timezone: string }): RosterCard {
  const { locale } = opts;
  const t = (key: string, args?: Record<string, string | number>): string => rosterText(locale, key, args);
  const time = shiftTime(r.startsAt, r.endsAt, locale, opts.timezone);
  const places = placesLine(locale, r);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: t('header', { title: r.title }).slice(0, 150), emoji: false } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: [`*${t('when')}* ${escapeMrkdwn(time)}`, `*${t('where')}* ${escapeMrkdwn(r.address)}`, `*${escapeMrkdwn(places)}*`].join('\n') },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: t(r.contactDetails ? 'contact_consented' : 'no_contact') }] },
    { type: 'divider' },
  ];
  if (r.volunteers.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t('nobody') } });
  r.volunteers.slice(0, CARD_VOLUNTEERS).forEach((v, i) => {
    const name = `*${t('volunteer', { n: i + 1 })}*${v.status === 'waitlisted' ? ` · ${t('waitlisted', { position: v.position })}` : ''}`;
    const answers = r.questions.map((q) => `${escapeMrkdwn(q.text)} ${escapeMrkdwn(v.answers[q.id] || t('no_answer'))}`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: [name, ...answers].join('\n').slice(0, 3000) } });
  });
  if (r.volunteers.length > CARD_VOLUNTEERS) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t('more', { count: r.volunteers.length - CARD_VOLUNTEERS, shift: r.shiftId }) }] });
  return { text: t('fallback', { title: escapeMrkdwn(r.title), time: escapeMrkdwn(time), places: escapeMrkdwn(places) }), blocks };
}

/** Which one-time notices a snapshot has crossed: half full (not yet full) and full. */
export function crossed(r: Pick<RosterSnapshot, 'confirmed' | 'capacity'>): { half: boolean; full: boolean } {
  const full = r.confirmed >= r.capacity;
  return { half: !full && r.confirmed * 2 >= r.capacity, full };
}
