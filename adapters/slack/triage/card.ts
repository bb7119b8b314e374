/**
 * The triage card: a pure Block Kit builder. The report part (header, description, location,
 * photo, language, time, contact) never changes; the triage part (status, history, buttons)
 * is rebuilt after each action and swapped into the posted message (`retriage`).
 *
 * Everything the citizen wrote is escaped for mrkdwn (`&`, `<`, `>`), so a description cannot
 * mention `@channel`, a user or link anywhere. Contact details appear only when the report
 * carries them: a contact is present only when the person consented (engine/report.ts).
 */
import type { types } from '@slack/bolt';
import type { Report } from '../../../src/engine/report';
import type { AgencyCase, TriageHistoryEntry, TriageStatus } from '../../../src/cases/types';
import { wellFormed } from '../../../src/engine/sanitize-text';
import { triageStrings as s } from './strings';

export type KnownBlock = types.KnownBlock;

export type CaseTriage = NonNullable<AgencyCase['triage']>;

export interface CardOptions {
  /** The case key (`<submissionId>@<sinkKey>`): every button's value. */
  caseKey: string;
  /** The jurisdiction's IANA time zone, for times on the card. Default UTC. */
  timezone?: string;
  /** The signed, expiring link to the report's photo, if it has one. */
  photoUrl?: string;
  /** `image` shows the photo inline (Slack must be able to fetch the URL); default `link`. */
  photoAs?: 'image' | 'link';
}

export interface Card {
  /** Notification and fallback text (no personal data). */
  text: string;
  blocks: KnownBlock[];
}

/** Slack's limit on a section's text. */
export const SECTION_LIMIT = 3000;
/** Block ids of the triage part start with this. */
const TRIAGE_PREFIX = 'wg_t_';
export const ACTION_PREFIX = 'wegov_triage:';
export const TRIAGE_ACTIONS = ['ack', 'in_progress', 'resolved', 'reject', 'duplicate', 'ask', 'reply', 'block'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

export const initialTriage = (): CaseTriage => ({ status: 'open', history: [] });

/**
 * Escapes text for mrkdwn, so citizen text cannot make mentions or links. Stored text from
 * before input was sanitised may hold a lone surrogate: it shows as U+FFFD, never fails a post.
 */
export function escapeMrkdwn(text: string): string {
  return wellFormed(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, with an ellipsis when cut (never inside an escape). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1); // never half of an emoji
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && !head.slice(amp).includes(';')) head = head.slice(0, amp);
  return `${head}…`;
}

export function card(report: Report, triage: CaseTriage | undefined, opts: CardOptions): Card {
  return {
    text: s.newReport(report.reference, report.categoryName),
    blocks: [...reportBlocks(report, opts), ...triageBlocks(triage ?? initialTriage(), opts)],
  };
}

/** The posted card's blocks with a new triage part (the report part is kept as it was posted). */
export function retriage(blocks: readonly KnownBlock[], triage: CaseTriage, opts: CardOptions): KnownBlock[] {
  return [...blocks.filter((b) => !(b.block_id ?? '').startsWith(TRIAGE_PREFIX)), ...triageBlocks(triage, opts)];
}

function section(blockId: string, text: string): KnownBlock {
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: cut(text, SECTION_LIMIT) } };
}

function reportBlocks(report: Report, opts: CardOptions): KnownBlock[] {
  const tz = opts.timezone ?? 'UTC';
  const label = (l: string): string => `*${l}*\n`;
  const description = report.description.trim() ? escapeMrkdwn(report.description) : `_${s.noDescription}_`;
  const blocks: KnownBlock[] = [
    { type: 'header', block_id: 'wg_r_header', text: { type: 'plain_text', text: cut(s.header(report.reference, report.categoryName), 150) } },
    section('wg_r_description', label(s.description) + cut(description, SECTION_LIMIT - s.description.length - 3)),
    {
      type: 'section',
      block_id: 'wg_r_facts',
      fields: [
        { type: 'mrkdwn', text: cut(label(s.location) + location(report), 2000) },
        { type: 'mrkdwn', text: label(s.language) + escapeMrkdwn(languageName(report.locale)) },
        { type: 'mrkdwn', text: label(s.submitted) + formatTime(report.submittedAt, tz, true) },
      ],
    },
  ];
  if (opts.photoUrl) blocks.push(photoBlock(opts.photoUrl, opts.photoAs, 'wg_r_photo'));
  if (report.contact) {
    const c = report.contact;
    const lines = [c.name, c.email, c.phone].filter((v): v is string => typeof v === 'string' && v.length > 0).map(escapeMrkdwn);
    blocks.push(section('wg_r_contact', label(s.contact) + lines.join('\n')));
  }
  return blocks;
}

/** A photo as the card shows it: inline (`image`) or as a signed link (default); a "me too" in the thread shows its photo the same way. */
export function photoBlock(url: string, photoAs: CardOptions['photoAs'], blockId: string): KnownBlock {
  return photoAs === 'image'
    ? { type: 'image', block_id: blockId, image_url: url, alt_text: s.photoAlt }
    : section(blockId, `*${s.photo}*\n<${url}|${s.photoAlt}>`);
}

function location(report: Report): string {
  const loc = report.location;
  if ('lat' in loc) {
    const lat = round(loc.lat);
    const lon = round(loc.lon);
    const words = loc.address !== undefined && loc.address !== '' ? `${escapeMrkdwn(cut(loc.address, 1500))}\n` : '';
    return `${words}${lat}, ${lon}\n<https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=18/${lat}/${lon}|${s.map}>`;
  }
  // encodeURIComponent throws URIError on a lone surrogate (issue 9: the delivery dead-lettered).
  const url = `https://www.openstreetmap.org/search?query=${encodeURIComponent(wellFormed(loc.address))}`;
  return `${escapeMrkdwn(cut(loc.address, 1500))}\n<${url}|${s.map}>`;
}

const round = (n: number): string => String(Math.round(n * 1e5) / 1e5);

function languageName(locale: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(locale);
    return name && name !== locale ? `${name} (${locale})` : locale;
  } catch {
    return locale;
  }
}

/** A time in the jurisdiction's zone, e.g. `Nov 27, 2026, 04:00 CST`. */
export function formatTime(iso: string, timeZone: string, withYear = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return escapeMrkdwn(iso);
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    ...(withYear ? { year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(d);
}

function triageBlocks(triage: CaseTriage, opts: CardOptions): KnownBlock[] {
  // A merged duplicate (merge.ts) says which report it went into instead of "Resolved".
  const into = duplicateOf(triage);
  const status = `*${s.status}:* ${into !== undefined ? s.statusDuplicate(into) : s.statuses[triage.status]}`;
  // How many residents say it too (me-too.ts), once someone has.
  const meToo = triage.meToo !== undefined && triage.meToo > 0 ? `\n*${s.meTooCount}:* ${triage.meToo}` : '';
  const blocks: KnownBlock[] = [section(`${TRIAGE_PREFIX}status`, status + meToo)];
  if (triage.history.length > 0) {
    blocks.push({ type: 'context', block_id: `${TRIAGE_PREFIX}history`, elements: [{ type: 'mrkdwn', text: historyText(triage.history, opts.timezone ?? 'UTC') }] });
  }
  blocks.push({ type: 'actions', block_id: `${TRIAGE_PREFIX}actions`, elements: buttons(triage.status, opts.caseKey) });
  return blocks;
}

/** The history, newest last; the oldest entries are dropped to fit Slack's limit. */
function historyText(history: readonly TriageHistoryEntry[], tz: string): string {
  const lines = history.map((h) => {
    const who = h.by === 'reporter' ? '' : ` ${s.by} <@${h.by.replace(/[^A-Z0-9]/gi, '')}>`;
    if (h.action === 'duplicate') return `${s.duplicateOf(escapeMrkdwn(h.text ?? ''))}${who} ${s.at} ${formatTime(h.at, tz)}`;
    const text = h.text ? `: “${escapeMrkdwn(cut(h.text, 200))}”` : '';
    return `${s.history[h.action]}${who} ${s.at} ${formatTime(h.at, tz)}${text}`;
  });
  while (lines.length > 1 && lines.join('\n').length > SECTION_LIMIT) lines.shift();
  return cut(lines.join('\n'), SECTION_LIMIT);
}

/** The report a triaged case was merged into (its latest `duplicate` entry), if it was. */
export function duplicateOf(triage: CaseTriage): string | undefined {
  return triage.history.findLast((h) => h.action === 'duplicate')?.text;
}

function buttons(status: TriageStatus, caseKey: string): Extract<KnownBlock, { type: 'actions' }>['elements'] {
  const finished = status === 'closed' || status === 'rejected';
  const shown: TriageAction[] = finished ? ['reply', 'block'] : [...TRIAGE_ACTIONS];
  return shown.map((a) => ({
    type: 'button' as const,
    action_id: `${ACTION_PREFIX}${a}`,
    text: { type: 'plain_text' as const, text: s.buttons[a] },
    value: caseKey,
    ...(a === 'resolved' ? { style: 'primary' as const } : a === 'reject' ? { style: 'danger' as const } : {}),
  }));
}
