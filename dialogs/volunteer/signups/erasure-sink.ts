/**
 * WeGov's own sink for "delete my data" in volunteering (`wegov.volunteer-signups`): an erasure
 * request carries the person's volunteering pseudonym (the claim in scope `volunteer`, since the
 * volunteer module lists it in allOnceScopes), and every sign-up of theirs is cancelled in the
 * store (`forget`): each freed place goes to the first person waiting, who is told in their own
 * conversation and gets reminders, and the forgotten person's reminders are withdrawn.
 * Delivery is at-least-once: a second delivery finds nothing left to forget.
 *
 * Past shifts are cancelled too (the store keeps no history to spare); a promotion into a shift
 * that has already started is not announced. A worker process (`wegov start --role worker`) is
 * composed like a web one, so the promoted are told and their reminders scheduled there too.
 */
import type { ModuleHost, ModuleServices } from '../../../src/modules/services';
import type { Sink } from '../../../src/sinks/types';
import type { Submission } from '../../../src/state/types';
import { findShift } from '../listing';
import { VOLUNTEER_SCOPE, type SignUpServices } from './services';

export const VOLUNTEER_ERASURE_SINK_KEY = 'wegov.volunteer-signups';

/** The erasure request's claims (src/privacy/erasure-request.ts), as far as this sink reads them. */
interface ErasureClaims {
  claims?: { scope: string; participant: string }[];
}

export class VolunteerErasureSink implements Sink {
  readonly name = 'volunteer-signups';

  constructor(private readonly deps: { host: ModuleHost; signUps: SignUpServices }) {}

  accepts(kind: string): boolean {
    return kind === 'erasure_request';
  }

  async deliver(submission: Submission): Promise<void> {
    if (submission.kind !== 'erasure_request') return;
    const { host, signUps } = this.deps;
    const now = host.now().getTime();
    for (const claim of (submission.payload as ErasureClaims).claims ?? []) {
      if (claim.scope !== VOLUNTEER_SCOPE) continue;
      const outcomes = await signUps.signUps.forget(claim.participant, (shiftId) => findShift(host.catalog, shiftId)?.shift.capacity);
      for (const o of outcomes) {
        if (o.cancelled) await signUps.reminders?.withdraw(o.cancelled.id);
        const shift = o.cancelled ? findShift(host.catalog, o.cancelled.shiftId) : undefined;
        if (!shift || Date.parse(shift.shift.startsAt) <= now) continue;
        for (const p of o.promoted) await signUps.tellPromoted(p);
      }
      host.logger.info({ submissionId: submission.id, cancelled: outcomes.length }, 'volunteer sign-ups cancelled for an erasure request');
    }
  }
}

export function volunteerErasureServices(host: ModuleHost, signUps: SignUpServices): ModuleServices {
  return { sinks: [{ sinkKey: VOLUNTEER_ERASURE_SINK_KEY, sink: new VolunteerErasureSink({ host, signUps }) }] };
}
