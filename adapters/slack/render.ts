/**
 * Engine messages (StoredMessage) as Slack Block Kit messages: a section with the text (escaped
 * so nothing a person typed becomes a mention, a channel link or a hidden link), and an actions
 * block with one button per choice. A location question asks for a typed address (Slack has no
 * location pin); a photo question says photos cannot be sent here (its Skip button remains).
 * Texts longer than a section allows (3,000 characters) are split into several messages; the
 * buttons go with the last one. A consultation question's answers (`control: radio | checkbox`)
 * are native form controls (form-controls.ts), its special choices buttons after them; a scale
 * and every action (menus, report steps) stay buttons.
 */
import type { types } from '@slack/bolt';
import type { Renderer } from '../../src/runtime/deps';
import type { StoredMessage } from '../../src/state/types';
import { questionOf } from '../../src/runtime/question-version';
import { splitText } from '../../src/runtime/split-text';
import { choiceActionId, encodeButton } from './button-value';
import { controlBlockId, formControlBlock, isAnswerChoice } from './form-controls';

type KnownBlock = types.KnownBlock;

/** Slack's limit for a section's text. */
export const SECTION_TEXT_LIMIT = 3000;
/** Slack's limits for a button's label and an actions block's elements. */
const BUTTON_LABEL_LIMIT = 75;
const ACTIONS_PER_BLOCK = 25;

/** The adapter's own texts (locales/*.json, `slack` section). */
export const SLACK_TEXT = {
  locationHint: 'slack.location_hint',
  photoHint: 'slack.photo_hint',
  error: 'slack.error',
  busy: 'slack.busy',
  closed: 'slack.closed',
  picked: 'slack.picked',
  chooseOne: 'slack.choose_answer',
  chooseSeveral: 'slack.choose_several',
} as const;

export interface SlackMessage {
  /** Fallback for notifications and screen readers (mrkdwn too, so escaped as well). */
  text: string;
  blocks: KnownBlock[];
}

/** Escapes &, < and > as Slack's mrkdwn requires: `<@U123>` typed by a person stays text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackText(i18n: Renderer, key: string, locale: string, args?: Record<string, string>): string {
  return i18n.renderText([args ? { key, args } : { key }], locale);
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } });

function truncate(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}

/** One engine message as one or more Slack messages (split at 3,000 characters, after escaping). */
export function toSlack(m: StoredMessage, i18n: Renderer): SlackMessage[] {
  let body = m.text;
  if (m.expects === 'location') body = `${body}\n\n${slackText(i18n, SLACK_TEXT.locationHint, m.lang)}`;
  if (m.expects === 'photo') body = `${body}\n\n${slackText(i18n, SLACK_TEXT.photoHint, m.lang)}`;
  // Escaping can lengthen the text (& -> &amp;): split with room for it.
  const parts = splitText(body, Math.floor(SECTION_TEXT_LIMIT / 5) * 4);
  const messages: SlackMessage[] = parts.map((p) => ({ text: escapeMrkdwn(p), blocks: [section(p)] }));
  const choices = m.choices ?? [];
  const last = messages[messages.length - 1];
  if (last && choices.length > 0) last.blocks.push(...choiceBlocks(m, i18n));
  return messages;
}

/** The answer choices' blocks: a form control and the special choices' buttons, or buttons only. */
function choiceBlocks(m: StoredMessage, i18n: Renderer): KnownBlock[] {
  const choices = (m.choices ?? []).map((c, n) => ({ ...c, n }));
  const question = questionOf(m);
  const buttons = (list: typeof choices, first: number): KnownBlock[] => {
    const blocks: KnownBlock[] = [];
    for (let i = 0; i < list.length; i += ACTIONS_PER_BLOCK) {
      blocks.push({
        type: 'actions',
        block_id: controlBlockId(question, first + i / ACTIONS_PER_BLOCK),
        elements: list.slice(i, i + ACTIONS_PER_BLOCK).map((c) => ({
          type: 'button' as const,
          action_id: choiceActionId(c.n),
          text: { type: 'plain_text' as const, text: truncate(c.label, BUTTON_LABEL_LIMIT) },
          value: encodeButton(c.id, question),
        })),
      });
    }
    return blocks;
  };
  if (m.control === 'radio' || m.control === 'checkbox') {
    const placeholder = slackText(i18n, m.control === 'radio' ? SLACK_TEXT.chooseOne : SLACK_TEXT.chooseSeveral, m.lang);
    const control = formControlBlock({ control: m.control, question, choices, placeholder });
    if (control) return [control, ...buttons(choices.filter((c) => !isAnswerChoice(c.id)), 1)];
  }
  return buttons(choices, 0);
}

/** A plain notice (errors, help, command answers) as one section per 3,000 characters. */
export function noticeBlocks(text: string): SlackMessage {
  const parts = splitText(text, Math.floor(SECTION_TEXT_LIMIT / 5) * 4);
  return { text: escapeMrkdwn(text), blocks: parts.map(section) };
}
