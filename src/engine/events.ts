import type { CaseStatus } from './input';
import type { OutMessage } from './message';
import type { Report } from './report';

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
  | { type: 'report_submitted'; report: Report }
  /** An emergency category was picked: the emergency number was shown and no report taken. */
  | { type: 'emergency_shown'; categoryId: string }
  | { type: 'data_erased' }
  | { type: 'status_update_delivered'; reference: string; status: CaseStatus }
  | { type: 'status_update_unmatched'; reference: string }
  | { type: 'agency_question_asked'; reference: string; questionId: string }
  /** The reporter answered an agency's question: forwarded like a submission (runtime/turn.ts). */
  | { type: 'reporter_answered'; reference: string; questionId: string; replyTo: string; text: string };
