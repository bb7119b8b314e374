/**
 * The review step's answers: the send button, or one of its "Change: ..." choices, pressed or
 * typed. Help says "type its number or name", so a typed "Change: Description" (the button's own
 * label), "change description", "description" or the button's number all pick that change.
 * Names come from the dialog (`EditDef.match`: the label in every language); the "change" word
 * before a name is the `change_answer` vocabulary. Close spellings count (Jaro-Winkler from
 * natural, as for other choices: short labels, typos near the end).
 */
import { similarity } from '../../nlu/fuzzy';
import { normalize } from '../../nlu/normalize';
import type { EditDef } from '../flow';
import type { Input } from '../input';
import { t } from '../text';
import { says, vocabulary } from '../vocabulary';
import type { Env } from '../env';
import { answer, invalid, type RecognizeCtx, type Recognition } from './recognition';

/** The send choice's id (recognize.ts re-exports it). */
export const SUBMIT = '_submit';

/** A label is a few words: longer texts are not compared. */
const NAME_MAX = 100;
/** How close a typed name must be to a label to pick it. */
const CLOSE = 0.9;

/** Recognises the send choice or a change, pressed or typed. */
export function recognizeReview(input: Input, edits: readonly EditDef[], ctx: RecognizeCtx): Recognition {
  if (input.kind === 'choice') {
    if (input.choiceId === SUBMIT) return answer(true);
    if (edits.some((e) => e.id === input.choiceId)) return { kind: 'edit', editId: input.choiceId };
  }
  if (input.kind === 'text') {
    if (says(ctx.env, input.text, 'send') || says(ctx.env, input.text, 'yes')) return answer(true);
    const picked = typedPick(input.text, edits, ctx.env);
    if (picked === SUBMIT) return answer(true);
    if (picked !== undefined) return { kind: 'edit', editId: picked };
  }
  return invalid('review_choice_expected', [t('errors.review_choice_expected')]);
}

/** The choice a typed text names: its number (1 is send, as listed), or a change by name. */
function typedPick(text: string, edits: readonly EditDef[], env: Env): string | undefined {
  if (text.length > NAME_MAX) return undefined;
  const said = normalize(text);
  if (/^\d{1,2}$/.test(said)) return Number(said) === 1 ? SUBMIT : edits[Number(said) - 2]?.id;
  const name = withoutChangeWord(said, env);
  if (name.length === 0) return undefined;
  const exact = edits.filter((e) => names(e).some((n) => n === name || n === said));
  if (exact.length === 1) return exact[0]?.id;
  if (exact.length > 1) return undefined;
  let best: { id: string; score: number } | undefined;
  let tie = false;
  for (const e of edits) {
    const score = Math.max(0, ...names(e).map((n) => similarity(name, n, CLOSE)));
    if (score < CLOSE) continue;
    if (!best || score > best.score) [best, tie] = [{ id: e.id, score }, false];
    else if (score === best.score) tie = true;
  }
  return best && !tie ? best.id : undefined;
}

function names(edit: EditDef): string[] {
  return (edit.match ?? []).map(normalize).filter((n) => n.length > 0);
}

/** "change description" -> "description" (the longest "change" phrase that starts the text). */
function withoutChangeWord(said: string, env: Env): string {
  const words = [...vocabulary(env, 'change_answer')].sort((a, b) => b.length - a.length);
  const prefix = words.find((w) => said.startsWith(`${w} `));
  return prefix ? said.slice(prefix.length + 1).trim() : said;
}
