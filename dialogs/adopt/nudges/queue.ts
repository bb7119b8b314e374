/**
 * An agency's nudge to the adopters of a type ("heavy rain tonight: please check your drain";
 * issue 13), through a queue: one job per adopter, delivered by the workers of the processes that
 * serve people, never inside the HTTP request. The contract is shared by the BullMQ queue
 * (bullmq.ts: Redis, survives restarts, a deployment-wide rate) and the in-process one
 * (memory.ts: the embedded default, p-limit).
 *
 * What holds for a nudge id, however often it is posted and its jobs run:
 * - each adopter is told at most once: a job per (nudge, adopter), a job id BullMQ adds once, an
 *   outcome recorded once per adopter (a job that finds one skips), and the notice's dedupe id
 *   `nudge:<id>:<adopter>` that the runtime applies once (src/runtime/notices.ts), which covers a
 *   worker that dies between telling and recording;
 * - the same id with another type or message is refused (`conflict`), not sent;
 * - progress counts each adopter once: delivered, unreachable (no conversation left, or the
 *   delivery failed on every attempt), pending.
 */

export interface Nudge {
  id: string;
  /** The asset type whose adopters are told (`storm_drain`). */
  type: string;
  /** The message per language (`{ en, es, ar }`): each adopter hears theirs, else the default language's. */
  message: Record<string, string>;
}

/** One adopter to tell: their pseudonym and the conversation of their latest adoption. */
export interface NudgeTarget {
  adopter: string;
  conversationId: string;
}

export interface NudgeProgress {
  nudgeId: string;
  type: string;
  /** Adopters the nudge is for. */
  adopters: number;
  delivered: number;
  unreachable: number;
  pending: number;
}

/** Tells one adopter; `conversation_gone` when they have no conversation left. Throws to be retried. */
export type DeliverNudge = (nudge: { id: string; message: Record<string, string> }, target: NudgeTarget) => Promise<'delivered' | 'conversation_gone'>;

export type StartOutcome = { outcome: 'queued'; adopters: number } | { outcome: 'conflict'; type: string };

export interface NudgeQueue {
  readonly kind: 'bullmq' | 'memory';
  /** Queues one job per target (ones already queued for this id are not added again). */
  start(nudge: Nudge, targets: readonly NudgeTarget[], at: string): Promise<StartOutcome>;
  /** Null for an unknown (or long expired) nudge id. */
  progress(nudgeId: string): Promise<NudgeProgress | null>;
  /** Starts delivering (once per process; later calls are ignored). */
  startWorker(deliver: DeliverNudge): void;
  /** Stops the worker (jobs not yet run stay queued) and releases connections. */
  close(): Promise<void>;
}

/** Delivery attempts per adopter before they count as unreachable. */
export const NUDGE_ATTEMPTS = 5;

/** The message with its languages in a stable order, to compare a repeat with the first. */
export function messageKey(message: Record<string, string>): string {
  return JSON.stringify(Object.keys(message).sort().map((k) => [k, message[k]]));
}
