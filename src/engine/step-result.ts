import type { EngineEvent } from './events';
import type { Session } from './session';
import type { Text } from './text';

/** What one step returns: the new session to commit and the events to apply after. */
export interface StepResult {
  session: Session;
  events: EngineEvent[];
  /**
   * How to show the person's own input in the transcript (a picked choice's label, the
   * typed text, "Location shared"). Absent for inputs that are not the person's words
   * (start, status_update).
   */
  echo?: Text[];
}
