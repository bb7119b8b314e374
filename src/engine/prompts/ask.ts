import type { ChoiceDef, Prompt } from '../flow';
import type { OutChoice, OutMessage } from '../message';
import { lit, t, type Text } from '../text';
import { DONE } from './choice';
import { OTHER } from './other';
import { rankingChoices, rankingText } from './ranking';
import type { OtherState } from './recognition';
import { scaleChoices, scaleEnds } from './scale';
import { SKIP, SUBMIT } from './recognize';
import { NO, YES } from './yesno';
import { placesMessage, type PlacesState } from './places';

export interface AskState {
  /** Picks so far of a multi-select question (in order, for a ranking). */
  picks: string[];
  /** "Other" of a choice question: `true` while its text is awaited, the text once given. */
  other?: OtherState;
  /** The answer already given, when the question is asked again (back, change). */
  current?: Text;
  /** A location question's places waiting for a pick (prompts/places.ts); empty: declined. */
  places?: PlacesState;
}

const toOut = (c: ChoiceDef): OutChoice => ({ id: c.id, label: c.label });

/** Marks a picked option of a multi-select ("✓ Recycling"). */
function picked(label: Text): Text {
  return 'literal' in label ? lit(`✓ ${label.literal}`) : t('choices.picked', { label });
}

/** The message that asks a prompt's question, with the controls its kind needs. */
export function askMessage(prompt: Prompt, state: AskState): OutMessage {
  const text: Text[] = [...prompt.ask];
  if (state.current) text.push(t('prompt.current_answer'), state.current);
  const skip: OutChoice[] = prompt.optional ? [{ id: SKIP, label: t('choices.skip') }] : [];
  switch (prompt.kind) {
    case 'choice':
      return choiceMessage(prompt, state, text, skip);
    case 'scale': {
      // What the ends mean is part of the question: before the answer already given.
      const ends = scaleEnds(prompt);
      if (ends) text.splice(prompt.ask.length, 0, ends);
      return { text, choices: [...scaleChoices(prompt), ...skip], expects: 'choice', control: 'scale' };
    }
    case 'ranking':
      return { text: [...text, ...rankingText(prompt, state.picks)], choices: [...rankingChoices(prompt, state.picks), ...skip], expects: 'choice' };
    case 'statement':
      return { text, expects: 'none' };
    case 'yesno':
      return { text, choices: [{ id: YES, label: t('choices.yes') }, { id: NO, label: t('choices.no') }, ...skip], expects: 'choice' };
    case 'location': {
      const places = state.places ?? prompt.offer;
      if (places && places.options.length > 0) return placesMessage(places, prompt.offer === places ? prompt.ask.slice(0, -1) : []);
      return { text: [...text, t('prompt.location_hint')], ...(skip.length ? { choices: skip } : {}), expects: 'location' };
    }
    case 'photo':
      return { text, ...(skip.length ? { choices: skip } : {}), expects: 'photo' };
    case 'review':
      return {
        text: [...prompt.ask, ...prompt.summary],
        choices: [{ id: SUBMIT, label: prompt.submit ?? t('review.submit') }, ...prompt.edits.map((e) => ({ id: e.id, label: e.label }))],
        expects: 'choice',
        control: 'review',
      };
    case 'number':
      return { text: prompt.unit ? [...text, t('prompt.number_unit', { unit: prompt.unit })] : text, ...(skip.length ? { choices: skip } : {}), expects: 'text' };
    case 'text':
    case 'datetime':
      return { text, ...(skip.length ? { choices: skip } : {}), expects: 'text' };
  }
}

/**
 * A single or multiple choice: the options (ticked when picked), "Other…" when offered, "Done"
 * for a multi-select, and what may be picked. Once "Other…" is picked its text is asked.
 */
function choiceMessage(prompt: Extract<Prompt, { kind: 'choice' }>, state: AskState, text: Text[], skip: OutChoice[]): OutMessage {
  if (prompt.other && state.other === true) return { text: [...text, t('prompt.other_text')], ...(skip.length ? { choices: skip } : {}), expects: 'text' };
  const given = typeof state.other === 'string' ? state.other : undefined;
  const other: OutChoice[] = prompt.other
    ? [{ id: OTHER, label: given !== undefined ? t('choices.other_picked', { text: lit(given) }) : t('choices.other') }]
    : [];
  if (!prompt.multiple) return { text, choices: [...prompt.choices.map(toOut), ...other, ...skip], expects: 'choice', ...(prompt.form ? { control: 'radio' as const } : {}) };
  const choices = prompt.choices.map((c) => (state.picks.includes(c.id) ? { id: c.id, label: picked(c.label) } : toOut(c)));
  const count = state.picks.length + (given !== undefined ? 1 : 0);
  text.push(count > 0 ? t('prompt.picked_count', { count }) : pickHint(prompt));
  return { text, choices: [...choices, ...other, { id: DONE, label: t('choices.done') }, ...skip], expects: 'choice', multiple: true, ...(prompt.form ? { control: 'checkbox' as const } : {}) };
}

/** "You can pick several", or the question's limits ("Pick between 2 and 3"). */
function pickHint(prompt: Extract<Prompt, { kind: 'choice' }>): Text {
  const min = prompt.min !== undefined && prompt.min > 1 ? prompt.min : undefined;
  if (min !== undefined && prompt.max !== undefined) return t('prompt.pick_between', { min, max: prompt.max });
  if (min !== undefined) return t('prompt.pick_at_least', { count: min });
  if (prompt.max !== undefined) return t('prompt.pick_up_to', { count: prompt.max });
  return t('prompt.pick_several');
}
