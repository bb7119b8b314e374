import type { Env } from '../env';
import type { Json } from '../json';
import type { Text } from '../text';
import type { PlacesState } from './places';

/** The outcome of recognising one input against one prompt. Pure; never throws. */
export type Recognition =
  /** `note`: said before the next question (a typed place found: "Found: 12 Oak Ave"). */
  | { kind: 'answer'; value: Json; note?: Text[] }
  /**
   * `attempted`: the text was an answer of this question's kind, refused for its value (a place
   * outside the city): it is asked again, never read as another intent (the mid-flow escape).
   */
  | { kind: 'invalid'; code: string; reason: Text[]; attempted?: true }
  /**
   * A question answered in several inputs, still in progress: the picks so far (a multi-select,
   * a ranking in order) and the "Other" state (`true`: its text is asked next; a string: given).
   */
  | { kind: 'partial'; picks: string[]; other?: OtherState }
  /** A review step's "change ..." choice. */
  | { kind: 'edit'; editId: string }
  /**
   * A location question's places to pick from (prompts/places.ts), kept until one is picked; no
   * options: the ones offered were declined. `reason` is said before the question; no attempt counts.
   */
  | { kind: 'places'; places: PlacesState; reason?: Text[] };

export interface RecognizeCtx {
  env: Env;
  locale: string;
  /** Picks so far of a multi-select question (in order, for a ranking). */
  picks: string[];
  /** The "Other" state of a choice with `other` (see `partial`). */
  other?: OtherState;
  /** A location question's places waiting for a pick (prompts/places.ts). */
  places?: PlacesState;
}

/** `true` while an "Other" text is awaited; the text once given (multi-select). */
export type OtherState = true | string;

export const invalid = (code: string, reason: Text[]): Recognition => ({ kind: 'invalid', code, reason });
/** An answer of the question's kind refused for its value (see `attempted`). */
export const refusedAnswer = (code: string, reason: Text[]): Recognition => ({ kind: 'invalid', code, reason, attempted: true });
export const answer = (value: Json): Recognition => ({ kind: 'answer', value });

/** A button pressed from an earlier question: refused clearly, never taken as an answer. */
export const STALE_CHOICE = 'choice_unknown';
