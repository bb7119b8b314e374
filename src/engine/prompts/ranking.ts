/**
 * Ranking (issue 11): the person puts up to six options in order (all of them, or their top
 * `pick`). Asked as repeated picks, "Pick your first choice", then the next with the options
 * left, the order so far kept in the frame's `scratch.picks` like a multi-select's; or typed as
 * a list at any point ("3, 1, 2", or labels), which continues the order so far. Numbers always
 * mean the positions of the options shown now, so a typed list reads the one list on screen.
 *
 * Undo: an `_undo` choice ("Undo last pick") is offered once something is picked, and the
 * global "back" command does the same while picks are in progress (frame-runner.ts `goBack`);
 * with nothing picked, "back" goes to the previous question as everywhere else. When every
 * option is ranked, the last one left is placed without asking. The answer is the ordered list
 * of option ids.
 */
import type { ChoiceDef, Prompt } from '../flow';
import type { OutChoice } from '../message';
import type { Input } from '../input';
import { t, type Text } from '../text';
import { CHOICE_HEAD, head, MAX_PICKS_TYPED } from './answer-length';
import { choiceFromText, PICK_SEPARATOR } from './choice';
import { answer, invalid, type RecognizeCtx, type Recognition } from './recognition';

/** The reserved choice id that takes back the last pick. */
export const UNDO = '_undo';

export type RankingPrompt = Extract<Prompt, { kind: 'ranking' }>;
type RankingRules = Pick<RankingPrompt, 'options' | 'pick'>;

/** How many places the answer has: `pick`, or every option. */
export function rankingLength(rules: RankingRules): number {
  return Math.max(1, Math.min(rules.pick ?? rules.options.length, rules.options.length));
}

/** The options not placed yet, in their original order. */
export function remainingOptions(rules: RankingRules, picks: readonly string[]): ChoiceDef[] {
  return rules.options.filter((o) => !picks.includes(o.id));
}

/** What the question adds below the person's words: the order so far and what to pick next. */
export function rankingText(rules: RankingRules, picks: readonly string[]): Text[] {
  const text: Text[] = [];
  if (picks.length > 0) {
    text.push(t('prompt.ranked_so_far'));
    picks.forEach((id, i) => {
      const option = rules.options.find((o) => o.id === id);
      if (option) text.push(t('prompt.ranked_item', { n: i + 1, label: option.label }));
    });
    text.push(t('prompt.rank_next', { n: picks.length + 1, count: rankingLength(rules) }));
  } else text.push(t('prompt.rank_first'));
  return text;
}

/** The choices offered: the options left, and "Undo last pick" once something is picked. */
export function rankingChoices(rules: RankingRules, picks: readonly string[]): OutChoice[] {
  const left = remainingOptions(rules, picks).map((o) => ({ id: o.id, label: o.label }));
  return picks.length > 0 ? [...left, { id: UNDO, label: t('choices.undo') }] : left;
}

/** One pick (a button, a number or label typed), a typed list, or an undo. */
export function recognizeRanking(input: Input, rules: RankingRules, ctx: RecognizeCtx): Recognition {
  if (input.kind === 'choice') {
    if (input.choiceId === UNDO) return { kind: 'partial', picks: ctx.picks.slice(0, -1) };
    if (ctx.picks.includes(input.choiceId)) return invalid('ranking_already_picked', [t('errors.ranking_already_picked')]);
    if (!rules.options.some((o) => o.id === input.choiceId)) return invalid('choice_unknown', [t('errors.choice_unknown')]);
    return progress([...ctx.picks, input.choiceId], rules);
  }
  const notUnderstood = invalid('ranking_not_understood', [t('errors.ranking_not_understood')]);
  if (input.kind !== 'text') return notUnderstood;
  const parts = input.text.length > CHOICE_HEAD ? [] : input.text.split(PICK_SEPARATOR).filter((p) => p.trim() !== '');
  if (parts.length === 0 || parts.length > MAX_PICKS_TYPED) return notUnderstood;
  const shown = remainingOptions(rules, ctx.picks);
  const picks = [...ctx.picks];
  for (const part of parts) {
    const matched = choiceFromText(head(part, CHOICE_HEAD), shown, ctx.locale);
    const id = matched.length === 1 ? matched[0] : undefined;
    if (id === undefined) {
      // A label already ranked earlier ("parks" again) says so rather than "not understood".
      const earlier = choiceFromText(part, rules.options, ctx.locale);
      return earlier.length === 1 && picks.includes(earlier[0] ?? '') ? invalid('ranking_already_picked', [t('errors.ranking_already_picked')]) : notUnderstood;
    }
    if (picks.includes(id)) return invalid('ranking_already_picked', [t('errors.ranking_already_picked')]);
    picks.push(id);
  }
  if (picks.length > rankingLength(rules)) return invalid('ranking_too_many', [t('errors.ranking_too_many', { count: rankingLength(rules) })]);
  return progress(picks, rules);
}

/** The answer once enough places are filled (the last option placed by itself), else a partial. */
function progress(picks: string[], rules: RankingRules): Recognition {
  const length = rankingLength(rules);
  if (picks.length >= length) return answer(picks);
  const left = remainingOptions(rules, picks);
  if (length === rules.options.length && left.length === 1 && left[0]) return answer([...picks, left[0].id]);
  return { kind: 'partial', picks };
}
