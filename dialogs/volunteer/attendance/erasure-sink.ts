/**
 * WeGov's own sink for "delete my data" in attendance (`wegov.volunteer-attendance`): an erasure
 * request carries the person's volunteering pseudonym (the claim in scope `volunteer`), and their
 * attendance marks are dropped on every shift volunteers can see (the catalogue's and the
 * imported ones: one pipelined round trip). The marks are keyed by shift, so this does not depend
 * on the sign-ups the sign-ups' own erasure sink cancels at the same time, in any order.
 * At-least-once: a second delivery finds nothing left.
 */
import type { ModuleHost } from '../../../src/modules/services';
import type { Sink } from '../../../src/sinks/types';
import type { Submission } from '../../../src/state/types';
import { VOLUNTEER_SCOPE } from '../signups/services';
import type { AttendanceStore } from './store';

export const ATTENDANCE_ERASURE_SINK_KEY = 'wegov.volunteer-attendance';

interface ErasureClaims {
  claims?: { scope: string; participant: string }[];
}

export class AttendanceErasureSink implements Sink {
  readonly name = 'volunteer-attendance';

  constructor(private readonly deps: { host: Pick<ModuleHost, 'catalog' | 'logger'>; store: AttendanceStore }) {}

  accepts(kind: string): boolean {
    return kind === 'erasure_request';
  }

  async deliver(submission: Submission): Promise<void> {
    if (submission.kind !== 'erasure_request') return;
    const shiftIds = this.deps.host.catalog.opportunities.flatMap((o) => o.shifts.map((s) => s.id));
    for (const claim of (submission.payload as ErasureClaims).claims ?? []) {
      if (claim.scope !== VOLUNTEER_SCOPE) continue;
      const dropped = await this.deps.store.forget(claim.participant, shiftIds);
      this.deps.host.logger.info({ submissionId: submission.id, dropped }, 'volunteer attendance dropped for an erasure request');
    }
  }
}
