/** The web chat API's shapes, as the widget sees them (see the README, "Web chat API"). */

/** What a question wants as its answer. */
export type Expects = 'text' | 'choice' | 'location' | 'photo' | 'none';

/** A button the API offers. */
export interface Choice {
  id: string;
  label: string;
}

/** One transcript line: from WeGov (`bot`) or the person (`user`). Ids increase within a conversation. */
export interface Message {
  id: string;
  from: 'bot' | 'user';
  text: string;
  choices?: Choice[];
  expects: Expects;
  /** Several choices may be picked, then a Done choice (the API sends both). */
  multiple?: boolean;
  /** The native control the choices suit: radio (one answer of a form), checkbox (several), scale. */
  control?: 'radio' | 'checkbox' | 'scale' | 'review';
  /** A file that goes with the message (a sign-up's calendar file): shown as a download link. */
  document?: { url: string; filename: string; mime: string };
  /** BCP 47 language of `text`. */
  lang: string;
  createdAt?: string;
}

/** What identifies and authorizes one conversation. */
export interface Credentials {
  sessionId: string;
  token: string;
}

/** Exactly one input per message. */
export type Answer =
  | { text: string }
  | { choice: string }
  | { location: { lat: number; lon: number } }
  | { photo: { contentType: string; data: string } };
