import type { ChoiceDef, Prompt } from '../flow';
import type { OutChoice, OutMessage } from '../message';
import { lit, t, type Text } from '../text';
import { DONE } from './choice';
import { SKIP, SUBMIT } from './recognize';
import { NO, YES } from './yesno';

export interface AskState {
  /** Picks so far of a multi-select question. */
  picks: string[];
  /** The answer already given, when the question is asked again (back, change). */
  current?: Text;
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
    case 'choice': {
      if (!prompt.multiple) return { text, choices: [...prompt.choices.map(toOut), ...skip], expects: 'choice' };
      const choices = prompt.choices.map((c) => (state.picks.includes(c.id) ? { id: c.id, label: picked(c.label) } : toOut(c)));
      if (state.picks.length > 0) text.push(t('prompt.picked_count', { count: state.picks.length }));
      else text.push(t('prompt.pick_several'));
      return { text, choices: [...choices, { id: DONE, label: t('choices.done') }, ...skip], expects: 'choice', multiple: true };
    }
    case 'yesno':
      return { text, choices: [{ id: YES, label: t('choices.yes') }, { id: NO, label: t('choices.no') }, ...skip], expects: 'choice' };
    case 'location':
      return { text: [...text, t('prompt.location_hint')], ...(skip.length ? { choices: skip } : {}), expects: 'location' };
    case 'photo':
      return { text, ...(skip.length ? { choices: skip } : {}), expects: 'photo' };
    case 'review':
      return {
        text: [...prompt.ask, ...prompt.summary],
        choices: [{ id: SUBMIT, label: t('review.submit') }, ...prompt.edits.map((e) => ({ id: e.id, label: e.label }))],
        expects: 'choice',
      };
    case 'text':
    case 'number':
    case 'datetime':
      return { text, ...(skip.length ? { choices: skip } : {}), expects: 'text' };
  }
}
