/**
 * A results digest (src/modules/results-digest.ts) as a Block Kit message for staff: a header
 * with the title, a context line (responses, open or closed, whether the public sees the
 * results), one section per choice, yes/no or scale question with a text bar per option
 * ("`██████░░░░` 58 %  Riverside Avenue: 12"), and a link button to the full results page.
 * Within Block Kit's limits: at most 50 blocks (questions past that are counted as "on the full
 * page"), 3,000 characters per section, 150 per header, 75 per button label.
 */
import type { types } from '@slack/bolt';
import type { DigestQuestion, ResultsDigest } from '../../src/modules/results-digest';
import type { Renderer } from '../../src/runtime/deps';
import { escapeMrkdwn, SECTION_TEXT_LIMIT, slackText } from './render';

type KnownBlock = types.KnownBlock;

/** The link button's action id: Slack sends an interaction when it is pressed, which the adapter acknowledges. */
export const RESULTS_PAGE_ACTION = 'wegov_results_page';

/** Block Kit's limits. */
const MAX_BLOCKS = 50;
const HEADER_LIMIT = 150;
const BUTTON_LABEL_LIMIT = 75;
/** Characters of a bar (each a tenth). */
const BAR_WIDTH = 10;
/** A question's text and an option's label are cut to these (the full ones are on the page). */
const QUESTION_TEXT_LIMIT = 300;
const LABEL_LIMIT = 120;

/** Blocks besides the questions: header, context, the "more on the page" note, the button. */
const FRAME_BLOCKS = 4;

export interface ResultsFormat {
  i18n: Renderer;
  locale: string;
  /** The jurisdiction's time zone, for dates. */
  timezone: string;
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** `██████░░░░`: the share in tenths, rounded. */
export function bar(share: number): string {
  const full = Math.max(0, Math.min(BAR_WIDTH, Math.round(share * BAR_WIDTH)));
  return `${'█'.repeat(full)}${'░'.repeat(BAR_WIDTH - full)}`;
}

export function resultsMessage(d: ResultsDigest, f: ResultsFormat): { text: string; blocks: KnownBlock[] } {
  const t = (key: string, args?: Record<string, string>): string => slackText(f.i18n, `slack.${key}`, f.locale, args);
  // Western digits with the language's separators: "1,234" / "1.234" / "1,234" in Arabic text.
  const num = new Intl.NumberFormat(f.locale, { numberingSystem: 'latn', maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(f.locale, { numberingSystem: 'latn', style: 'percent', maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(f.locale, { numberingSystem: 'latn', dateStyle: 'long', timeZone: f.timezone });
  const when = (iso: string): string => date.format(new Date(iso));

  const state =
    d.state === 'open' ? t('results_state_open', { date: when(d.closesAt) }) : d.state === 'closed' ? t('results_state_closed', { date: when(d.closesAt) }) : t('results_state_not_yet_open', { date: when(d.opensAt) });
  const publication = t(`results_publication_${d.publication}`);
  const responses = t('results_responses', { count: num.format(d.responses) });

  const shown = d.questions.slice(0, MAX_BLOCKS - FRAME_BLOCKS);
  const onPageOnly = d.otherQuestions + (d.questions.length - shown.length);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(d.title, HEADER_LIMIT), emoji: false } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`${responses} · ${state} · ${publication}`) }] },
    ...shown.map((q, i) => questionSection(q, i + 1, { t, num, pct })),
  ];
  if (onPageOnly > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(t('results_on_page_only', { count: num.format(onPageOnly) })) }] });
  if (d.publication !== 'staff_only') {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action_id: RESULTS_PAGE_ACTION, text: { type: 'plain_text', text: cut(t('results_open_page'), BUTTON_LABEL_LIMIT) }, url: d.url }],
    });
  }
  return { text: escapeMrkdwn(t('results_fallback', { title: d.title, responses })), blocks };
}

function questionSection(
  q: DigestQuestion,
  n: number,
  f: { t: (key: string, args?: Record<string, string>) => string; num: Intl.NumberFormat; pct: Intl.NumberFormat },
): KnownBlock {
  const lines = [`*${escapeMrkdwn(`${String(n)}. ${cut(q.text, QUESTION_TEXT_LIMIT)}`)}*  ${escapeMrkdwn(f.t('results_answered', { count: f.num.format(q.answered) }))}`];
  if (q.answered === 0) lines.push(`_${escapeMrkdwn(f.t('results_no_answers'))}_`);
  else {
    for (const o of q.options) lines.push(`\`${bar(o.share)}\` ${escapeMrkdwn(f.t('results_option', { share: f.pct.format(o.share), label: cut(o.label, LABEL_LIMIT), count: f.num.format(o.count) }))}`);
    const notes = [
      ...(q.mean !== undefined ? [f.t('results_mean', { mean: f.num.format(q.mean) })] : []),
      ...(q.more > 0 ? [f.t('results_more_options', { count: f.num.format(q.more) })] : []),
      ...(q.multiple ? [f.t('results_multiple')] : []),
    ];
    if (notes.length > 0) lines.push(`_${escapeMrkdwn(notes.join(' · '))}_`);
  }
  return { type: 'section', text: { type: 'mrkdwn', text: cut(lines.join('\n'), SECTION_TEXT_LIMIT) } };
}
