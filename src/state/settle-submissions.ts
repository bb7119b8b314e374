/**
 * What the outbox relay does once submissions are queued for delivery: write what follows from
 * them (a report's record, `Submission.record`; the link from its reference to its conversation,
 * `Submission.referenceOwner`), then acknowledge them (they leave the outbox).
 * Both are idempotent (ReportRecords.put changes nothing on a repeat; an acknowledgement of a
 * gone entry is a no-op), so a crash anywhere repeats them harmlessly on the next sweep, and the
 * record never goes missing: it is acknowledged only after it was written.
 *
 * On Redis the whole batch is one round trip: one pipeline, records first (a connection keeps
 * the order). On a Redis Cluster the records (each in its own slot) go first, at once, and the
 * acknowledgements follow once they are answered (redis-batch.ts crossSlotInOrder): two.
 */
import type { ReportRecords } from '../cases/report-record';
import type { RedisReportRecords } from '../cases/report-records-redis';
import { crossSlotInOrder, values, type PipelineGroup } from './redis-batch';
import type { RedisCalls } from './redis-calls';
import { outboxKey } from './redis-keys';
import { ownReferenceCall } from './redis-store';
import type { SessionStore, Submission } from './types';

/** Writes the submissions' records, then acknowledges them; rejects when any part failed (they stay pending). */
export type SettleSubmissions = (submissions: readonly Submission[]) => Promise<void>;

/** The Redis stores' settle: one call (one pipeline on one server). */
export function redisSettle(calls: RedisCalls, reports: Pick<RedisReportRecords, 'putGroups'>): SettleSubmissions {
  return async (submissions) => {
    if (submissions.length === 0) return;
    const records = submissions.flatMap((s) => (s.record ? [reports.putGroups(s.record)] : []));
    const owners: PipelineGroup[] = submissions.flatMap((s) => {
      const o = s.referenceOwner;
      return o ? [(p: Parameters<PipelineGroup>[0]) => p.eval(...ownReferenceCall(o.reference, s.conversationId, o.ttlSeconds))] : [];
    });
    const acks = new Map<string, string[]>();
    for (const s of submissions) acks.set(s.conversationId, [...(acks.get(s.conversationId) ?? []), s.id]);
    const ackGroups: PipelineGroup[] = [...acks].map(([conversationId, ids]) => (p) => p.hdel(outboxKey(conversationId), ...ids));
    await calls.call('settleSubmissions', async (c) =>
      values(await crossSlotInOrder(c, [...records.map((r) => r.record), ...owners], [...records.flatMap((r) => r.indexes), ...ackGroups])),
    );
  };
}

/** The memory stores' settle (and any store pair without a batch): record by record, then each acknowledgement. */
export function separateSettle(store: Pick<SessionStore, 'ackSubmission' | 'ownReference'>, reports: Pick<ReportRecords, 'put'> | undefined): SettleSubmissions {
  return async (submissions) => {
    for (const s of submissions) {
      if (s.record && reports) await reports.put(s.record);
      if (s.referenceOwner) await store.ownReference?.(s.referenceOwner.reference, s.conversationId, s.referenceOwner.ttlSeconds);
    }
    const acks = await Promise.allSettled(submissions.map((s) => store.ackSubmission(s.conversationId, s.id)));
    const failed = acks.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (failed) throw failed.reason;
  };
}
