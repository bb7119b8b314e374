import { normalize } from '../../nlu/normalize';
import { similarity } from '../../nlu/fuzzy';
import { matchKeywords } from '../../nlu/keyword-match';
import type { ChoiceDef } from '../flow';
import type { Input } from '../input';
import { t } from '../text';
import { says } from '../vocabulary';
import { CHOICE_HEAD, head, MAX_PICKS_TYPED } from './answer-length';
import { OTHER, otherText } from './other';
import { answer, invalid, type RecognizeCtx, type Recognition } from './recognition';

/** Choice ids reserved by the engine. */
export const DONE = '_done';

/**
 * Several options typed at once: "trash, recycling", "1 3", "agua y luz". Each separator run
 * is entered at its first space only (the lookbehinds), so a long run of spaces is scanned once.
 */
export const PICK_SEPARATOR = /[,;،؛]|(?<!\s)\s+(?:and|y|e|و)\s+|(?<!\s)\s+(?=\d)/i;

/**
 * Which choice a typed text means: number, label, id, keyword, then a close spelling. Only the
 * head of a long text is read (a category is named early in a sentence).
 */
export function choiceFromText(text: string, choices: readonly ChoiceDef[], locale: string): string[] {
  const said = normalize(head(text, CHOICE_HEAD));
  if (said.length === 0) return [];
  if (/^\d{1,3}$/.test(said)) {
    const picked = choices[Number(said) - 1];
    return picked ? [picked.id] : [];
  }
  const exact = choices.filter(
    (c) => normalize(c.id) === said || (c.match ?? []).some((m) => normalize(m) === said),
  );
  if (exact.length > 0) return exact.map((c) => c.id);
  const byKeyword = matchKeywords(
    said,
    choices.map((c) => ({ id: c.id, keywords: [...(c.keywords ?? []), ...(c.match ?? [])] })),
    locale,
  );
  if (byKeyword.length > 0) return byKeyword;
  // Close spellings of a label: labels are short, so long texts are not worth comparing.
  if (said.length > 100) return [];
  let best: { id: string; score: number }[] = [];
  for (const c of choices) {
    for (const m of c.match ?? []) {
      const score = similarity(said, normalize(m), 0.9);
      if (score < 0.9) continue;
      if (best.length === 0 || score > (best[0]?.score ?? 0)) best = [{ id: c.id, score }];
      else if (score === best[0]?.score && !best.some((b) => b.id === c.id)) best.push({ id: c.id, score });
    }
  }
  return best.map((b) => b.id);
}

/** Limits and extras of a choice question beyond its options (see `Prompt` in flow.ts). */
export interface ChoiceRules {
  /** Multi-select: at least this many picks (default 1); "Other" counts as one. */
  min?: number;
  /** Multi-select: at most this many picks. */
  max?: number;
  /** An "Other…" choice answered with typed text (prompts/other.ts). */
  other?: boolean;
}

/** Recognises a single or multiple choice, with its "Other" text and pick limits. */
export function recognizeChoice(
  input: Input,
  choices: readonly ChoiceDef[],
  multiple: boolean,
  ctx: RecognizeCtx,
  rules: ChoiceRules = {},
): Recognition {
  const known = (id: string) => choices.some((c) => c.id === id);
  // The "Other" text, typed after picking "Other…" (a "done" still finishes a multi-select).
  if (rules.other && ctx.other === true && input.kind === 'text' && !(multiple && says(ctx.env, input.text, 'done'))) {
    const text = otherText(input.text);
    if (typeof text !== 'string') return text;
    if (!multiple) return answer({ other: text });
    return within(ctx.picks.length + 1, rules) ?? { kind: 'partial', picks: ctx.picks, other: text };
  }
  const given = typeof ctx.other === 'string' ? ctx.other : undefined;
  if (input.kind === 'choice') {
    if (multiple && input.choiceId === DONE) return finishPicks(ctx.picks, given, rules);
    if (rules.other && input.choiceId === OTHER) {
      // A second press of a ticked "Other" unticks it, like any other pick.
      if (multiple && given !== undefined) return { kind: 'partial', picks: ctx.picks };
      return { kind: 'partial', picks: ctx.picks, other: true };
    }
    if (!known(input.choiceId)) return invalid('choice_unknown', [t('errors.choice_unknown')]);
    if (!multiple) return answer(input.choiceId);
    const adding = !ctx.picks.includes(input.choiceId);
    const picks = adding ? [...ctx.picks, input.choiceId] : ctx.picks.filter((p) => p !== input.choiceId);
    const tooMany = adding ? within(picks.length + (given !== undefined ? 1 : 0), { ...rules, min: 0 }) : null;
    return tooMany ?? { kind: 'partial', picks, ...(given !== undefined ? { other: given } : {}) };
  }
  if (input.kind !== 'text') return invalid('choice_expected', [t('errors.choice_expected')]);
  if (multiple) {
    if (says(ctx.env, input.text, 'done')) return finishPicks(ctx.picks, given, rules);
    return typedPicks(input.text, choices, ctx, rules);
  }
  const matched = choiceFromText(input.text, choices, ctx.locale);
  if (matched.length === 1 && matched[0]) return answer(matched[0]);
  if (matched.length > 1) return invalid('choice_ambiguous', [t('errors.choice_ambiguous')]);
  if (rules.other) {
    const text = otherText(input.text);
    return typeof text === 'string' ? answer({ other: text }) : text;
  }
  return invalid('choice_not_understood', [t('errors.choice_not_understood')]);
}

/**
 * A whole multi-select answer typed at once: "trash, recycling" or "1 3". Each part must be
 * understood, so an over-long list is refused rather than read in part; with "Other" on, the
 * parts that match no option are the "Other" text (all of the text when none matches: commas
 * may be part of the person's own answer).
 */
function typedPicks(text: string, choices: readonly ChoiceDef[], ctx: RecognizeCtx, rules: ChoiceRules): Recognition {
  const notUnderstood = invalid('choice_not_understood', [t('errors.choice_not_understood')]);
  const split = text.length > CHOICE_HEAD ? [] : text.split(PICK_SEPARATOR).filter((p) => p.trim() !== '');
  const parts = split.length > MAX_PICKS_TYPED ? [] : split;
  if (parts.length === 0 && !rules.other) return notUnderstood;
  const ids: string[] = [];
  const unmatched: string[] = [];
  for (const part of parts) {
    const matched = choiceFromText(part, choices, ctx.locale);
    if (matched.length === 1 && matched[0]) {
      if (!ids.includes(matched[0])) ids.push(matched[0]);
    } else if (rules.other && matched.length === 0) unmatched.push(part.trim());
    else return notUnderstood;
  }
  if (ids.length === 0 && !rules.other) return notUnderstood;
  if (unmatched.length === 0 && ids.length > 0) return within(ids.length, rules) ?? answer(ids);
  const other = otherText(ids.length === 0 ? text : unmatched.join(', '));
  if (typeof other !== 'string') return other;
  return within(ids.length + 1, rules) ?? answer([...ids, { other }]);
}

/** A polite refusal when `count` picks break the question's min or max, else null. */
function within(count: number, rules: ChoiceRules): Recognition | null {
  if (rules.max !== undefined && count > rules.max) return invalid('choice_too_many', [t('errors.choice_too_many', { count: rules.max })]);
  if (rules.min !== undefined && rules.min > 1 && count < rules.min) return invalid('choice_too_few', [t('errors.choice_too_few', { count: rules.min })]);
  return null;
}

function finishPicks(picks: string[], other: string | undefined, rules: ChoiceRules): Recognition {
  const value = [...picks, ...(other !== undefined ? [{ other }] : [])];
  if (value.length === 0) return invalid('choice_none_picked', [t('errors.choice_none_picked')]);
  return within(value.length, rules) ?? answer(value);
}
