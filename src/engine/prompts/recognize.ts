import type { Prompt } from '../flow';
import type { Input } from '../input';
import { t } from '../text';
import { says } from '../vocabulary';
import { recognizeChoice } from './choice';
import { recognizeDatetime } from './datetime';
import { recognizeLocation } from './location';
import { PLACE_CHOICE } from './places';
import { recognizeNumber } from './number';
import { OTHER } from './other';
import { recognizePhoto } from './photo';
import { recognizeRanking, UNDO } from './ranking';
import { recognizeReview, SUBMIT } from './review';
import { answer, invalid, STALE_CHOICE, type RecognizeCtx, type Recognition } from './recognition';
import { isScalePoint, recognizeScale } from './scale';
import { recognizeText } from './text';
import { recognizeYesNo } from './yesno';

/** Reserved choice ids. */
export const SKIP = '_skip';
export { SUBMIT };

/** Recognises an input as an answer to a prompt. Pure: the same input always gives the same result. */
export function recognize(prompt: Prompt, input: Input, ctx: RecognizeCtx): Recognition {
  if (prompt.optional && isSkip(input, ctx)) return answer(null);
  if (input.kind === 'choice' && !acceptsChoice(prompt, input.choiceId)) {
    return invalid(STALE_CHOICE, [t('errors.choice_unknown')]);
  }
  // A photo where none is asked for: adapters did not keep it (src/runtime/awaiting-photo.ts).
  if (input.kind === 'photo' && prompt.kind !== 'photo') return invalid('photo_not_expected', [t('errors.photo_not_expected')]);
  switch (prompt.kind) {
    case 'choice':
      return recognizeChoice(input, prompt.choices, prompt.multiple ?? false, ctx, prompt);
    case 'scale':
      return recognizeScale(input, prompt);
    case 'ranking':
      return recognizeRanking(input, prompt, ctx);
    case 'statement':
      // Never asked (frame-runner says it and moves on); an input that reaches one is no answer.
      return answer(null);
    case 'text':
      return recognizeText(input, prompt);
    case 'number':
      return recognizeNumber(input, prompt);
    case 'yesno':
      return recognizeYesNo(input, ctx.env);
    case 'location':
      return recognizeLocation(input, prompt, ctx);
    case 'photo':
      if (input.kind === 'text' && !prompt.optional) return invalid('photo_required', [t('errors.photo_required')]);
      return recognizePhoto(input, prompt);
    case 'datetime':
      return recognizeDatetime(input, prompt, ctx.locale, ctx.env.now());
    case 'review':
      return recognizeReview(input, prompt.edits, ctx);
  }
}

export { STALE_CHOICE } from './recognition';

function acceptsChoice(prompt: Prompt, id: string): boolean {
  switch (prompt.kind) {
    case 'choice':
      return id === '_done' || (prompt.other === true && id === OTHER) || prompt.choices.some((c) => c.id === id);
    case 'scale':
      return isScalePoint(prompt, id);
    case 'ranking':
      return id === UNDO || prompt.options.some((o) => o.id === id);
    case 'yesno':
      return id === 'yes' || id === 'no';
    case 'review':
      return id === SUBMIT || prompt.edits.some((e) => e.id === id);
    case 'location':
      // Places offered to pick from (prompts/places.ts); the recogniser refuses one not offered now.
      return id.startsWith(PLACE_CHOICE);
    default:
      return false;
  }
}

function isSkip(input: Input, ctx: RecognizeCtx): boolean {
  return (input.kind === 'choice' && input.choiceId === SKIP) || (input.kind === 'text' && says(ctx.env, input.text, 'skip'));
}
