import type { Boundary } from '../catalog/types';
import type { Env } from './env';
import type { EngineEvent } from './events';
import type { Json } from './json';
import type { OutMessage } from './message';
import type { Input } from './input';
import type { Frame, Session } from './session';
import type { Text } from './text';
import type { PlacesState } from './prompts/places';

/** A choice a prompt offers. `keywords` let free text pick it ("bache" -> pothole). */
export interface ChoiceDef {
  id: string;
  label: Text;
  /** Plain-text label used for typed matching (the rendered label is not known to the engine). */
  match?: readonly string[];
  keywords?: readonly string[];
}

interface PromptBase {
  /** The question, one paragraph per Text. */
  ask: Text[];
  /** May be skipped (a "Skip" choice is offered); the answer is then `null`. */
  optional?: boolean;
  /**
   * A question of a form (a consultation): its choices are answers, offered with the channel's
   * radio or checkbox controls (OutMessage.control) rather than as action buttons.
   */
  form?: boolean;
}

export type Prompt = PromptBase &
  (
    | {
        kind: 'choice';
        choices: ChoiceDef[];
        multiple?: boolean;
        /** Multi-select only: at least this many (default 1) and at most this many picks. */
        min?: number;
        max?: number;
        /** Adds an "Other…" choice answered with typed text: `{ other: text }` (prompts/other.ts). */
        other?: boolean;
      }
    | { kind: 'text'; min: number; max: number; format?: 'plain' | 'email' | 'phone'; phoneRegion?: string }
    /** `unit` ("km") is shown with the question and the answer ("12 km"). */
    | { kind: 'number'; min?: number; max?: number; integer?: boolean; unit?: Text }
    /** A rating offered as the choices min..max; the end labels go in the question (prompts/scale.ts). */
    | { kind: 'scale'; min: 0 | 1; max: 5 | 10; minLabel?: Text; maxLabel?: Text }
    /** Order the options (the top `pick`, or all): an ordered list of option ids (prompts/ranking.ts). */
    | { kind: 'ranking'; options: ChoiceDef[]; pick?: number }
    /** Text only: said when reached, then the flow moves straight on (answered `null`, not in history). */
    | { kind: 'statement' }
    | { kind: 'yesno' }
    /**
     * `geocode`: a typed place is looked up with the configured geocoder and checked like a pin;
     * `offer`: places to offer before anything is typed (one the person mentioned earlier).
     */
    | { kind: 'location'; boundary: Boundary; areaName: string; geocode?: boolean; offer?: PlacesState }
    | { kind: 'photo'; maxBytes: number; types: readonly string[] }
    | { kind: 'datetime'; timezone: string; notFuture?: boolean }
    /** `submit`: the send button's label (default "Send report"). */
    | { kind: 'review'; summary: Text[]; edits: EditDef[]; submit?: Text }
  );

export type PromptKind = Prompt['kind'];

/** A "change ..." choice on a review step. */
export interface EditDef {
  id: string;
  label: Text;
  /** What it changes, in plain text in every language ("Description", "Descripción"): typed names that pick it. */
  match?: readonly string[];
  /** Answers dropped so that they are asked again; the first one is asked next. */
  clears: string[];
}

/** Everything a flow may look at when computing its steps. */
export interface FlowCtx {
  env: Env;
  session: Session;
  frame: Frame;
  locale: string;
}

/** What happens when a flow ends: messages and events, and optionally a flow to start next. */
export interface Outcome {
  messages: OutMessage[];
  events: EngineEvent[];
  /** Start this flow next (replaces the stack), with answers already known. */
  next?: { flow: string; answers?: { [stepId: string]: Json } };
  /** Return to the interrupted frame below (language, erase confirmation). */
  resume?: boolean;
  /** Replace the whole session's personal data (erase). */
  erase?: boolean;
  /** Switch the session's language. */
  locale?: string;
  /**
   * Keep the frame on the stack, waiting for the result of this effect (requested among
   * `events`); the flow's `onEffect` decides what follows. Messages are said first.
   */
  wait?: { effect: string; id: string };
  /**
   * Keep the frame and go on with its next question (or complete it): for `onEffect` after a
   * `check` waited for an effect mid-flow (a report's nearby reports). Messages are said first.
   */
  proceed?: boolean;
}

export interface StepDef {
  id: string;
  prompt: Prompt;
  /**
   * Reads an input before the prompt's recogniser does; returns answers for one or more
   * steps (e.g. a sentence naming a category answers both the group and the category).
   */
  interpret?: (input: Input, ctx: FlowCtx) => { answers: { [stepId: string]: Json } } | null;
  /** Extra validation after the recogniser accepted the input (e.g. consent that is required). */
  validate?: (value: Json, ctx: FlowCtx) => { code: string; reason: Text[] } | null;
}

/**
 * A dialog: an ordered form computed from the answers so far and the catalogue. The
 * current question is the first step without an answer, unless the person went back or
 * asked to change one.
 */
export interface FlowDef {
  id: string;
  /** Bump when stored answers would no longer fit the steps; add `migrate` if they can be kept. */
  version: number;
  steps(ctx: FlowCtx): StepDef[];
  /** Checked before each question: ends the flow early when it returns an outcome (emergencies). */
  check?(ctx: FlowCtx): Outcome | null;
  /** All steps answered (the review confirmed): finish. */
  complete(ctx: FlowCtx): Outcome;
  /** The result of an effect this flow waited for (Outcome.wait): what the person hears and what follows. */
  onEffect?(ctx: FlowCtx, result: { id: string; effect: string; result: Json }): Outcome;
  /** Lifts a frame written by an older version; null restarts the flow with an apology. */
  migrate?(frame: Frame, env: Env): Frame | null;
}
