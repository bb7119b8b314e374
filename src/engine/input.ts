import type { Json } from './json';

/**
 * What a person (or an agency) did, already translated from the channel's payload by an
 * adapter. Inputs carry no channel-specific shapes.
 */
export type CommandName = 'menu' | 'back' | 'cancel' | 'help' | 'language' | 'forget' | 'my_data';

/** Case statuses follow Open311 (`open`, `closed`) plus the finer steps agencies use. */
export type CaseStatus = 'open' | 'acknowledged' | 'in_progress' | 'closed' | 'rejected';

export type Input =
  /** A new conversation, or a deep link; `payload` jumps into a flow (`report`, `report:<categoryId>`). */
  | { kind: 'start'; payload?: string }
  | { kind: 'text'; text: string }
  /** A choice id the engine offered earlier. */
  | { kind: 'choice'; choiceId: string }
  | { kind: 'location'; lat: number; lon: number }
  /**
   * A photo the adapter has already stored (see MediaStore). `contentType` is what the
   * bytes really are (sniffed from magic bytes), not what the client claimed.
   */
  | { kind: 'photo'; mediaId: string; contentType: string; bytes: number }
  | { kind: 'command'; command: CommandName }
  /** An agency's answer about a case (from a sink or a public servant). */
  | { kind: 'status_update'; reference: string; status: CaseStatus; notes?: string }
  /**
   * A public servant's question about a case, for the reporter. `questionId` is unique per
   * question; `replyTo` is opaque routing data (the delivery the answer goes back to).
   */
  | { kind: 'agency_question'; reference: string; question: string; questionId: string; replyTo: string }
  /**
   * From the runtime only, never from a channel: what an effect a flow asked for did (e.g. a place
   * on a shift taken, or a waitlist spot), answered in the same turn (EngineEvent effect_requested).
   */
  | { kind: 'effect_result'; id: string; effect: string; result: Json }
  /**
   * From the runtime only: a participation module tells the person of something that happened
   * elsewhere (a waitlist place that freed up, a reminder, a nudge), handled by the module's
   * `notices[notice]` (src/engine/module.ts).
   */
  | { kind: 'notice'; module: string; notice: string; data: Json };
