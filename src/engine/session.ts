import type { ConsentRecord } from './consent';
import type { Json } from './json';
import type { ResultRef } from './result-ref';

/** 2: `results` (any kind) replaced `reports` (schema 1 sessions are migrated on read). */
export const SESSION_SCHEMA = 2 as const;

/**
 * One active dialog. Answers are keyed by step id, never by position, so a deploy that
 * reorders or adds steps recomputes what is still missing instead of breaking.
 */
export interface Frame {
  flow: string;
  /** The flow's version when this frame was written (see FlowDef.version). */
  version: number;
  /** Answers by step id; `null` means the step was answered with "skip". */
  answers: { [stepId: string]: Json };
  /** Step ids in the order they were answered, for "back". */
  history: string[];
  /** The step being asked now (null before the first question). */
  current: string | null;
  /** Failed attempts at the current step. */
  attempts: number;
  /** True once the retry cap was hit: the person was offered help and the menu. */
  stuck?: boolean;
  /** Scratch values a flow keeps between steps (e.g. multi-select picks in progress). */
  scratch?: { [key: string]: Json };
  /** Waiting for the result of an effect (Outcome.wait); answered in the same turn. */
  waiting?: { effect: string; id: string };
}

/** An agency asked the reporter something; their next text goes back as the answer. */
export interface PendingQuestion {
  reference: string;
  questionId: string;
  replyTo: string;
  askedAt: string;
}

/** The whole conversation state: plain JSON, versioned, small. */
export interface Session {
  schema: typeof SESSION_SCHEMA;
  id: string;
  channel: string;
  locale: string;
  /** True once the person picked a language (channel hints no longer override it). */
  localeChosen: boolean;
  /** Dialog stack: the last frame is active; an interruption (language, erase) pushes one. */
  stack: Frame[];
  /** Results the person submitted here (any kind), oldest first, for follow-up, "my data" and erasure. */
  results: ResultRef[];
  /** An agency's question waiting for the reporter's next typed message (see step.ts). */
  pendingQuestion?: PendingQuestion;
  /** Answers to consent questions, oldest first (src/engine/consent.ts). Absent in older sessions. */
  consents?: ConsentRecord[];
  /** Opaque to the engine: the adapter's own data (e.g. the web chat token hash). */
  channelData: { [key: string]: string };
  /**
   * The person this conversation speaks for, as the adapter named them (`tg-user:<id>`, ...), kept
   * so turns the adapter does not drive (a notice, a reminder) act for the same person.
   */
  person?: string;
  createdAt: string;
  updatedAt: string;
}
