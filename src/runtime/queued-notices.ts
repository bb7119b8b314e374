/**
 * Notices that must not be lost (a merge's notice to the reporter, report-merge.ts): queued in
 * the outbox as a `wegov_notice` submission before anything else can fail, and delivered by
 * WeGov's own sink `wegov.notices` as a turn of the person's conversation (notices.ts
 * deliverNotice), retried with the outbox's backoff until done. A process that dies after the
 * queueing loses nothing: a worker delivers it. Exactly once in effect: the job id comes from
 * the notice's dedupe id (queueing it again adds nothing) and the turn's dedupe id is the same
 * one a direct delivery uses, so whichever comes second is a no-op. Agencies never see these.
 * The payload is checked with zod when delivered (it crossed Redis).
 */
import { z } from 'zod';
import type { Json } from '../engine/json';
import type { Sink } from '../sinks/types';
import type { Submission } from '../state/types';
import type { Notice, NoticeResult } from './notices';
import { contentKey } from './status-updates';

export const NOTICE_SUBMISSION_KIND = 'wegov_notice';
export const NOTICES_SINK_KEY = 'wegov.notices';

const payloadSchema = z.object({
  conversationId: z.string().min(1),
  module: z.string().min(1),
  notice: z.string().min(1),
  data: z.json(),
  dedupeId: z.string().min(1),
});

/** The outbox submission of a notice to `conversationId` (its id is derived from the dedupe id: no `:` for BullMQ). */
export function noticeSubmission(conversationId: string, n: Notice, at: string): Submission {
  return {
    id: `nt-${contentKey([conversationId, n.dedupeId])}`,
    kind: NOTICE_SUBMISSION_KIND,
    conversationId,
    createdAt: at,
    payload: { conversationId, module: n.module, notice: n.notice, data: n.data, dedupeId: n.dedupeId },
  };
}

/** A payload that cannot be read: retrying will not help (a dead letter). */
export class InvalidNoticeError extends Error {
  readonly code = 'invalid_notice';
  readonly permanent = true;
  constructor() {
    super('not a valid queued notice');
    this.name = 'InvalidNoticeError';
  }
}

/** WeGov's own sink for queued notices: `deliver` runs the notice's turn (a busy conversation throws: retried). */
export class NoticeSink implements Sink {
  readonly name = 'wegov-notices';

  constructor(private readonly tell: (conversationId: string, n: Notice) => Promise<NoticeResult>) {}

  accepts(kind: Submission['kind']): boolean {
    return kind === NOTICE_SUBMISSION_KIND;
  }

  async deliver(submission: Submission): Promise<void> {
    const parsed = payloadSchema.safeParse(submission.payload);
    if (!parsed.success) throw new InvalidNoticeError();
    const { conversationId, module, notice, data, dedupeId } = parsed.data;
    // 'conversation_gone' is done too: there is nobody left to tell.
    await this.tell(conversationId, { module, notice, data: data as Json, dedupeId });
  }
}

/** The route the composition root adds to the outbox's own sinks (outbox/routing.ts Route). */
export function noticesRoute(tell: (conversationId: string, n: Notice) => Promise<NoticeResult>): { sinkKey: string; sink: Sink } {
  return { sinkKey: NOTICES_SINK_KEY, sink: new NoticeSink(tell) };
}
