/**
 * A consultation question's answers as Slack's native form controls (issue 11): one answer
 * (`control: radio`) as `radio_buttons`, or a `static_select` when there are more options than
 * radio buttons allow; several answers (`control: checkbox`) as `checkboxes` (the picks ticked
 * through `initial_options`), or a `multi_static_select` for long lists. The special choices
 * (Done, Skip, Menu, Help, Retry) stay buttons in an actions block after the control; "Other…"
 * is an answer like any other, so it is an option of the group.
 *
 * Slack's limits (docs.slack.dev, Block Kit reference): radio buttons and checkboxes take at most
 * 10 options, static selects 100; an option's text and description at most 75 characters, its
 * value 150; a placeholder 150; block and action ids 255. A question beyond them (more than 100
 * options, a value too long) keeps its buttons.
 *
 * Option values use the buttons' scheme (`<question>:<choice id>`, button-value.ts), so a
 * control of a question that is no longer the current one is refused exactly like a button;
 * the block id carries the question too (an emptied checkbox group sends no value).
 */
import type { types } from '@slack/bolt';
import { encodeButton } from './button-value';

type KnownBlock = types.KnownBlock;
type ActionsBlockElement = types.ActionsBlockElement;

/** Slack's limits for these elements (see the header). */
export const GROUP_OPTIONS_LIMIT = 10;
export const SELECT_OPTIONS_LIMIT = 100;
export const OPTION_TEXT_LIMIT = 75;
export const OPTION_VALUE_LIMIT = 150;
const PLACEHOLDER_LIMIT = 150;

/** Action ids of WeGov's form controls: one answer (radio, select) or several (checkboxes, multi-select). */
export const ONE_ANSWER_ACTION = /^wegov_(radio|select)$/;
export const PICKS_ACTION = /^wegov_(checks|multi)$/;

/** The engine's "done" choice of a multi-select (src/engine/prompts/choice.ts). */
export const DONE = '_done';

/** A picked option of a multi-select, as the engine labels it ("✓ Recycling"; locales `choices.picked`). */
const PICKED_MARK = /^✓\s*/u;

/** Choices that are answers (an option of the group); `_other` is one, the other `_` ids are actions. */
export const isAnswerChoice = (id: string): boolean => !id.startsWith('_') || id === '_other';

export const isPicked = (label: string): boolean => PICKED_MARK.test(label);
export const withoutMark = (label: string): string => label.replace(PICKED_MARK, '');

/** The block id of a question's controls: `wegov_q:<question>:<n>` (as its buttons' blocks). */
export const controlBlockId = (question: number, n: number): string => `wegov_q:${question}:${n}`;

/** The question a control's block belongs to, from its block id; null when it is not WeGov's. */
export function questionOfBlock(blockId: string | undefined): number | null {
  const m = /^wegov_q:(\d{1,15}):\d{1,4}$/.exec(blockId ?? '');
  return m?.[1] !== undefined ? Number(m[1]) : null;
}

interface Choice {
  id: string;
  label: string;
}

export interface FormControl {
  control: 'radio' | 'checkbox';
  question: number;
  choices: readonly Choice[];
  /** The select's localized placeholder ("Choose an answer"). */
  placeholder: string;
}

/** At most `max` characters (code points), with an ellipsis when cut. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The label as an option's text; past 75 characters the rest (cut at a word) is its description. */
function optionOf(c: Choice, question: number): types.PlainTextOption {
  const label = withoutMark(c.label);
  const value = encodeButton(c.id, question);
  const chars = [...label];
  if (chars.length <= OPTION_TEXT_LIMIT) return { text: { type: 'plain_text', text: label }, value };
  const head = chars.slice(0, OPTION_TEXT_LIMIT).join('');
  const space = head.lastIndexOf(' ');
  const atWord = space >= OPTION_TEXT_LIMIT / 2;
  const text = atWord ? head.slice(0, space) : clip(label, OPTION_TEXT_LIMIT);
  const rest = label.slice(atWord ? space + 1 : chars.slice(0, OPTION_TEXT_LIMIT - 1).join('').length);
  return { text: { type: 'plain_text', text }, value, description: { type: 'plain_text', text: clip(rest, OPTION_TEXT_LIMIT) } };
}

/**
 * The control for `form`'s answer choices, in one actions block, or null when Slack's limits
 * rule a control out (the caller keeps buttons). The action choices are the caller's to add.
 */
export function formControlBlock(form: FormControl): KnownBlock | null {
  const answers = form.choices.filter((c) => isAnswerChoice(c.id));
  if (answers.length === 0 || answers.length > SELECT_OPTIONS_LIMIT) return null;
  if (answers.some((c) => encodeButton(c.id, form.question).length > OPTION_VALUE_LIMIT)) return null;
  const options = answers.map((c) => optionOf(c, form.question));
  const placeholder = { type: 'plain_text' as const, text: clip(form.placeholder, PLACEHOLDER_LIMIT) };
  const group = answers.length <= GROUP_OPTIONS_LIMIT;
  let element: ActionsBlockElement;
  if (form.control === 'radio') {
    element = group ? { type: 'radio_buttons', action_id: 'wegov_radio', options } : { type: 'static_select', action_id: 'wegov_select', placeholder, options };
  } else {
    const initial = options.filter((_, i) => isPicked(answers[i]?.label ?? ''));
    const picked = initial.length > 0 ? { initial_options: initial } : {};
    element = group ? { type: 'checkboxes', action_id: 'wegov_checks', options, ...picked } : { type: 'multi_static_select', action_id: 'wegov_multi', placeholder, options, ...picked };
  }
  return { type: 'actions', block_id: controlBlockId(form.question, 0), elements: [element] };
}
