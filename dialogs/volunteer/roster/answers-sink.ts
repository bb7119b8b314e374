/**
 * WeGov's own sink `wegov.volunteer_roster` (src/modules/services.ts `sinks`): every
 * `volunteer_signup` result's answers are kept for the shift's roster (answers-store.ts), so the
 * CSV, `/wegov roster` and the Slack card show them next to the person's place. Fed by the outbox
 * like an agency's sink (retried, idempotent: the same sign-up id overwrites the same entry).
 */
import type { Logger } from '../../../src/log';
import type { Sink } from '../../../src/sinks/types';
import type { Submission } from '../../../src/state/types';
import { VOLUNTEER_SIGNUP, volunteerSignUpSchema } from '../result';
import type { AnswersStore } from './answers-store';

export const ROSTER_SINK_KEY = 'wegov.volunteer_roster';

export class RosterAnswersSink implements Sink {
  readonly name = 'volunteer-roster';

  constructor(private readonly deps: { answers: AnswersStore; logger: Logger }) {}

  accepts(kind: string): boolean {
    return kind === VOLUNTEER_SIGNUP;
  }

  async deliver(submission: Submission): Promise<void> {
    const parsed = volunteerSignUpSchema.safeParse(submission.payload);
    if (!parsed.success) {
      // Not retryable: a payload that does not fit will not fit next time either.
      this.deps.logger.error({ submissionId: submission.id }, 'volunteer sign-up does not fit its schema; its answers are not on the roster');
      return;
    }
    await this.deps.answers.record(parsed.data.shiftId, parsed.data.id, parsed.data.answers);
  }
}
