import type { Text } from './text';

/** What a question wants next; adapters use it to pick a keyboard or widget control. */
export type Expects = 'text' | 'choice' | 'location' | 'photo' | 'none';

/**
 * The native control a question's answer choices suit, where a channel has one (Slack radio
 * buttons / checkboxes / a static select, the widget's radio and checkbox groups): `radio` for
 * one answer of a form, `checkbox` for several, `scale` for a numeric scale. Unset: the choices
 * are actions (menus, report steps) and stay buttons.
 */
export type Control = 'radio' | 'checkbox' | 'scale';

export interface OutChoice {
  id: string;
  label: Text;
}

/** One message the engine wants shown, before rendering. Paragraphs are joined with a blank line. */
export interface OutMessage {
  text: Text[];
  choices?: OutChoice[];
  expects: Expects;
  /** True when several choices may be picked before a "done" choice (multivaluelist). */
  multiple?: boolean;
  control?: Control;
}
