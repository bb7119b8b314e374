import { normalize } from '../../nlu/normalize';
import { similarity } from '../../nlu/fuzzy';
import { matchKeywords } from '../../nlu/keyword-match';
import type { ChoiceDef } from '../flow';
import type { Input } from '../input';
import { t } from '../text';
import { says } from '../vocabulary';
import { CHOICE_HEAD, head, MAX_PICKS_TYPED } from './answer-length';
import { answer, invalid, type RecognizeCtx, type Recognition } from './recognition';

/** Choice ids reserved by the engine. */
export const DONE = '_done';

/**
 * Several options typed at once: "trash, recycling", "1 3", "agua y luz". Each separator run
 * is entered at its first space only (the lookbehinds), so a long run of spaces is scanned once.
 */
const PICK_SEPARATOR = /[,;،؛]|(?<!\s)\s+(?:and|y|e|و)\s+|(?<!\s)\s+(?=\d)/i;

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
      const score = similarity(said, normalize(m));
      if (score < 0.9) continue;
      if (best.length === 0 || score > (best[0]?.score ?? 0)) best = [{ id: c.id, score }];
      else if (score === best[0]?.score && !best.some((b) => b.id === c.id)) best.push({ id: c.id, score });
    }
  }
  return best.map((b) => b.id);
}

/** Recognises a single or multiple choice. */
export function recognizeChoice(
  input: Input,
  choices: readonly ChoiceDef[],
  multiple: boolean,
  ctx: RecognizeCtx,
): Recognition {
  const known = (id: string) => choices.some((c) => c.id === id);
  if (input.kind === 'choice') {
    if (multiple && input.choiceId === DONE) return finishPicks(ctx.picks);
    if (!known(input.choiceId)) return invalid('choice_unknown', [t('errors.choice_unknown')]);
    if (!multiple) return answer(input.choiceId);
    const picks = ctx.picks.includes(input.choiceId)
      ? ctx.picks.filter((p) => p !== input.choiceId)
      : [...ctx.picks, input.choiceId];
    return { kind: 'partial', picks };
  }
  if (input.kind !== 'text') return invalid('choice_expected', [t('errors.choice_expected')]);
  if (multiple) {
    if (says(ctx.env, input.text, 'done')) return finishPicks(ctx.picks);
    // "trash, recycling" or "1 3": each part must be understood, so an over-long list is
    // refused rather than read in part.
    const parts = input.text.length > CHOICE_HEAD ? [] : input.text.split(PICK_SEPARATOR).filter((p) => p.trim() !== '');
    if (parts.length === 0 || parts.length > MAX_PICKS_TYPED) return invalid('choice_not_understood', [t('errors.choice_not_understood')]);
    const ids: string[] = [];
    for (const part of parts) {
      const matched = choiceFromText(part, choices, ctx.locale);
      if (matched.length !== 1 || !matched[0]) return invalid('choice_not_understood', [t('errors.choice_not_understood')]);
      if (!ids.includes(matched[0])) ids.push(matched[0]);
    }
    return ids.length > 0 ? answer(ids) : invalid('choice_not_understood', [t('errors.choice_not_understood')]);
  }
  const matched = choiceFromText(input.text, choices, ctx.locale);
  if (matched.length === 1 && matched[0]) return answer(matched[0]);
  if (matched.length > 1) return invalid('choice_ambiguous', [t('errors.choice_ambiguous')]);
  return invalid('choice_not_understood', [t('errors.choice_not_understood')]);
}

function finishPicks(picks: string[]): Recognition {
  return picks.length > 0 ? answer(picks) : invalid('choice_none_picked', [t('errors.choice_none_picked')]);
}
