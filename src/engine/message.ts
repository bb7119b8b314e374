import type { Text } from './text';

/** What a question wants next; adapters use it to pick a keyboard or widget control. */
export type Expects = 'text' | 'choice' | 'location' | 'photo' | 'none';

/**
 * The native control a question's answer choices suit, where a channel has one (Slack radio
 * buttons / checkboxes / a static select, the widget's radio and checkbox groups): `radio` for
 * one answer of a form, `checkbox` for several, `scale` for a numeric scale. Unset: the choices
 * are actions (menus, report steps) and stay buttons. `review`: the first choice sends, the
 * others each change one answer (a channel may tuck them behind "Change something").
 */
export type Control = 'radio' | 'checkbox' | 'scale' | 'review';

/**
 * A file that goes with a message: a signed link to it (`url`, also written in the message's
 * text, so a channel that cannot attach files loses nothing), its file name and media type.
 * Channels that can attach files (Telegram) upload it as a document, fetching its bytes
 * in-process through the modules' document resolvers (src/modules/documents.ts); the web chat
 * shows a download link.
 */
export interface OutDocument {
  url: string;
  filename: string;
  mime: string;
}

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
  /** A file attached to the message (a sign-up's calendar file). */
  document?: OutDocument;
}
