import type { Text } from './text';

/** What a question wants next; adapters use it to pick a keyboard or widget control. */
export type Expects = 'text' | 'choice' | 'location' | 'photo' | 'none';

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
}
