/**
 * Status back from Open311 agencies: on a schedule, every tracked case of every Open311 sink
 * is checked with the agency (`GET requests.json?service_request_id=a,b,c`, batched by the
 * client; a token that never resolved at delivery is resolved first). A change of status or
 * new `status_notes` becomes a `status_update` turn in the reporter's conversation, which
 * reaches them in their channel and language ("Update on your report WG-… (Pothole): it is
 * now closed. Message from the team: Repaired on 3 Dec").
 *
 * The case record keeps what the person was last told, so an unchanged status is never sent
 * twice, and it is written only after the update went through (a busy conversation is retried
 * at the next poll; the update's content-derived dedupe id makes a repeat harmless). A case
 * closed for `followClosedMs` (30 days) stops being polled.
 *
 * In a fleet, one process polls per interval: a Redis lease (`CaseStore.lease`).
 */
import type { Logger } from '../log';
import { errorSummary } from '../log';
import { FleetJob } from './fleet-job';
import type { Metrics } from '../metrics';
import type { StatusUpdate, StatusUpdateResult } from '../runtime/status-updates';
import type { Open311CaseStatus } from '../sinks/open311/client';
import type { Open311Sink } from '../sinks/open311/open311-sink';
import type { AgencyCase, CaseStore } from './types';

export interface StatusPollerDeps {
  cases: CaseStore;
  sinks: () => { sinkKey: string; sink: Pick<Open311Sink, 'client'> }[];
  /** Feeds an update into the person's conversation (runtime/status-updates.ts). */
  deliver: (update: StatusUpdate) => Promise<StatusUpdateResult>;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
  /** Stop polling a case closed this long. Default 30 days. */
  followClosedMs?: number;
}

export interface PollSummary {
  /** Cases asked about. */
  checked: number;
  /** Changes passed on to the person. */
  updated: number;
  /** Sinks whose poll failed (retried at the next interval). */
  failedSinks: number;
}

export const STATUS_POLL_LEASE = 'open311-status-poll';

export class Open311StatusPoller {
  private readonly now: () => Date;
  private readonly job: FleetJob;

  constructor(private readonly deps: StatusPollerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.job = new FleetJob({ lease: STATUS_POLL_LEASE, cases: deps.cases, logger: deps.logger, failure: 'status poll failed; will retry' }, () => this.poll());
  }

  /** One poll of every sink now (one at a time in this process). */
  pollOnce(): Promise<PollSummary> {
    return this.job.runOnce<PollSummary>();
  }

  /** Polls every `intervalMs` when this process holds the fleet's lease (the timer is unref'd). */
  start(intervalMs: number): void {
    this.job.start(intervalMs);
  }

  stop(): void {
    this.job.stop();
  }

  /** Resolves when a poll under way has finished (for shutdown). */
  async idle(): Promise<void> {
    await this.job.idle();
  }

  private async poll(): Promise<PollSummary> {
    const summary: PollSummary = { checked: 0, updated: 0, failedSinks: 0 };
    for (const { sinkKey, sink } of this.deps.sinks()) {
      try {
        const { checked, updated } = await this.pollSink(sinkKey, sink.client);
        summary.checked += checked;
        summary.updated += updated;
        this.deps.metrics?.statusPolls.inc({ sink: sinkKey, outcome: 'ok' });
      } catch (error) {
        summary.failedSinks += 1;
        this.deps.metrics?.statusPolls.inc({ sink: sinkKey, outcome: 'error' });
        this.deps.logger.warn({ sink: sinkKey, err: errorSummary(error) }, 'agency status poll failed; will retry at the next interval');
      }
    }
    return summary;
  }

  private async pollSink(sinkKey: string, client: Open311Sink['client']): Promise<{ checked: number; updated: number }> {
    const tracked = await this.deps.cases.tracked(sinkKey);
    const byId = new Map<string, AgencyCase>();
    for (let c of tracked) {
      if (c.serviceRequestId === undefined && c.token !== undefined) c = await this.resolveToken(c, client);
      if (c.serviceRequestId !== undefined) byId.set(c.serviceRequestId, c);
    }
    if (byId.size === 0) return { checked: 0, updated: 0 };
    const statuses = await client.statuses([...byId.keys()]);
    let updated = 0;
    for (const s of statuses) {
      const c = byId.get(s.id);
      if (c && (await this.apply(c, s))) updated += 1;
    }
    return { checked: byId.size, updated };
  }

  private async resolveToken(c: AgencyCase, client: Open311Sink['client']): Promise<AgencyCase> {
    try {
      const id = await client.resolveToken(c.token!);
      if (id === null) return c;
      const resolved: AgencyCase = { ...c, serviceRequestId: id, updatedAt: this.now().toISOString() };
      await this.deps.cases.put(resolved);
      return resolved;
    } catch (error) {
      this.deps.logger.warn({ sink: c.sinkKey, err: errorSummary(error) }, 'could not resolve an Open311 token; will retry');
      return c;
    }
  }

  /** Passes a change on to the person and records it; true when there was one. */
  private async apply(c: AgencyCase, s: Open311CaseStatus): Promise<boolean> {
    const newNotes = s.statusNotes !== undefined && s.statusNotes !== c.statusNotes ? s.statusNotes : undefined;
    const changed = s.status !== c.status || newNotes !== undefined;
    if (!changed) {
      if (s.status === 'closed' && this.now().getTime() - Date.parse(c.updatedAt) > (this.deps.followClosedMs ?? 30 * 86_400_000)) {
        await this.deps.cases.untrack(c.sinkKey, c.key);
      }
      return false;
    }
    const result = await this.deps.deliver({ reference: c.reference, status: s.status, ...(newNotes !== undefined ? { notes: newNotes } : {}) });
    if (result !== 'delivered') {
      this.deps.logger.info({ sink: c.sinkKey, reference: c.reference, result }, 'agency status change has no conversation to go to');
    }
    await this.deps.cases.put({ ...c, status: s.status, ...(s.statusNotes !== undefined ? { statusNotes: s.statusNotes } : {}), updatedAt: this.now().toISOString() });
    this.deps.metrics?.statusChanges.inc({ source: 'open311' });
    return true;
  }
}
