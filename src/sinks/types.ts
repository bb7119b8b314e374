import type { MediaStore, Submission } from '../state/types';

/** Which delivery this is: the queue's job, for sinks that keep per-delivery records. */
export interface DeliveryContext {
  /** The catalogue's sink key, e.g. `public-works.0` (outbox/routing.ts). */
  sinkKey: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/**
 * Where a submission goes (a file, an Open311 endpoint, a webhook, a Slack channel). Delivery is
 * at-least-once: a sink may see the same submission twice and uses `submission.id` as its
 * idempotency key. Throwing means "not delivered, try again later".
 */
export interface Sink {
  /** Short name for logs and metrics, e.g. `jsonl-file`. */
  readonly name: string;
  /**
   * Which kinds of submission it can take. Absent: reports only. The router never sends a
   * kind to a sink that cannot take it (a refusal would be a dead letter and an alert).
   */
  accepts?(kind: Submission['kind']): boolean;
  deliver(submission: Submission, media: MediaStore, ctx?: DeliveryContext): Promise<void>;
}
