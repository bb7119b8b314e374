import type { CaseStatus } from './input';
import type { OutMessage } from './message';
import type { Json } from './json';

/** A report the person had submitted, as an erasure request names it (no personal data). */
export interface ErasedReport {
  reference: string;
  categoryId: string;
  /** The agency that received it (its category's, from the catalogue at erasure time). */
  agencyId?: string;
  /** Absent for reports submitted before submission ids were kept in the session. */
  submissionId?: string;
}

/**
 * Past-tense facts produced by one step. The runtime applies them after the session is
 * committed (outbox pattern); the engine itself never sends anything.
 */
export type EngineEvent =
  | { type: 'message_sent'; message: OutMessage }
  | { type: 'dialog_started'; flow: string }
  | { type: 'dialog_completed'; flow: string }
  | { type: 'dialog_cancelled'; flow: string }
  /** The stored session could not be resumed (older dialog version, unknown schema). */
  | { type: 'dialog_restarted'; flow: string | null; reason: 'dialog_updated' | 'session_invalid' }
  /** A recoverable problem with an answer; `code` is stable. */
  | { type: 'input_rejected'; step: string; code: string; attempts: number }
  | { type: 'retry_cap_reached'; step: string }
  | { type: 'locale_changed'; locale: string }
  /**
   * A participation module submitted a result (a report, a consultation response, ...): the
   * runtime commits it with the session and the outbox forwards it to the sinks of `agencyId`
   * that take `kind`. `reference`, when given, is the number shown to the person (claimed in
   * the store so it is never issued twice). `once`, when given, is a scope (e.g.
   * `consultation:<id>`) in which a person has one current result: the runtime claims it for the
   * turn's person, adds `participant` (a pseudonym) to the payload and, for a later result of the
   * same person, `replaces` (src/runtime/once-claims.ts).
   */
  | { type: 'result_submitted'; kind: string; id: string; agencyId: string; reference?: string; once?: string; payload: Json }
  /** An emergency category was picked: the emergency number was shown and no report taken. */
  | { type: 'emergency_shown'; categoryId: string }
  /**
   * "Delete my data" was confirmed: the session's personal data is gone. Lists what else WeGov
   * holds to erase (the runtime turns it into a durable erasure request, runtime/turn.ts).
   */
  | { type: 'data_erased'; reports: ErasedReport[]; mediaIds: string[]; onceScopes?: string[] }
  | { type: 'status_update_delivered'; reference: string; status: CaseStatus }
  | { type: 'status_update_unmatched'; reference: string }
  | { type: 'agency_question_asked'; reference: string; questionId: string }
  /** The reporter answered an agency's question: forwarded like a submission (runtime/turn.ts). */
  | { type: 'reporter_answered'; reference: string; questionId: string; replyTo: string; text: string }
  /**
   * "My data": the person asked for everything WeGov holds about the conversation. The message
   * that carries the link has a placeholder the runtime fills (src/engine/data-export.ts).
   */
  | { type: 'data_export_requested' }
  /**
   * The person withdrew their consent to be contacted; `references` are the sent reports whose
   * agency already has their contact details (to be told), possibly none.
   */
  | { type: 'consent_withdrawn'; references: string[] }
  /**
   * A flow needs something done that only the runtime can do, with an answer the person hears at
   * once (e.g. take a place on a shift: exact capacity is decided in the store). The runtime runs
   * the module's handler for `effect` and steps again in the same turn with an `effect_result`
   * input; the flow's frame waits on top of the stack meanwhile (Outcome.wait). A handler whose
   * turn is not committed is undone (runtime/effects.ts).
   */
  | { type: 'effect_requested'; effect: string; id: string; args: Json };
