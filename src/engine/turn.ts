import type { Env } from './env';
import type { EngineEvent } from './events';
import type { FlowCtx, FlowDef, StepDef } from './flow';
import type { OutMessage } from './message';
import type { ParticipationModule } from './module';
import type { Frame, Session } from './session';
import type { Text } from './text';

/** A module's mid-flow escape hook (ParticipationModule.escape). */
export type Escape = NonNullable<ParticipationModule['escape']>;

/** The registry of flows a step can run, by id. */
export type Flows = Readonly<Record<string, FlowDef>>;

/**
 * The working state of one step: a private copy of the session, mutated freely, and the
 * events produced so far. Nothing escapes until `step` returns.
 */
export class Turn {
  readonly events: EngineEvent[] = [];
  echo: Text[] | undefined;

  constructor(
    readonly session: Session,
    readonly env: Env,
    readonly flows: Flows,
    /** The modules' mid-flow escapes (ParticipationModule.escape). */
    readonly escapes: readonly Escape[] = [],
  ) {}

  get locale(): string {
    return this.session.locale;
  }

  say(message: OutMessage): void {
    this.events.push({ type: 'message_sent', message });
  }

  emit(event: EngineEvent): void {
    this.events.push(event);
  }

  top(): Frame | undefined {
    return this.session.stack[this.session.stack.length - 1];
  }

  private readonly stepsMemo = new WeakMap<Frame, StepsMemo>();

  /**
   * The steps of a frame's flow for its current answers. Flows compute steps from answers,
   * locale and env only, so within one turn they are memoised on exactly those answers: the
   * same locale, the same answer ids and each answer the same value. Answers are replaced, never
   * changed in place (frame-runner.ts, the flows), so the same value is the same reference:
   * comparing references is exact and costs nothing like serialising the answers (a report's
   * nearby offer alone is a kilobyte) on every call.
   */
  steps(frame: Frame): StepDef[] {
    const flow = this.flows[frame.flow];
    if (!flow) return [];
    const memo = this.stepsMemo.get(frame);
    if (memo && memo.locale === this.session.locale && sameAnswers(memo.answers, frame.answers)) return memo.steps;
    // Taken before the flow runs: a flow that sets an answer while computing steps is asked again.
    const answers = { ...frame.answers };
    const steps = flow.steps(this.ctx(frame));
    this.stepsMemo.set(frame, { locale: this.session.locale, answers, steps });
    return steps;
  }

  ctx(frame: Frame): FlowCtx {
    return { env: this.env, session: this.session, frame, locale: this.session.locale };
  }
}

/** A frame's steps, and the locale and answers (a shallow copy) they were computed for. */
interface StepsMemo {
  locale: string;
  answers: Frame['answers'];
  steps: StepDef[];
}

/** The same answer ids with the same values (by reference: see Turn.steps). */
function sameAnswers(before: Frame['answers'], now: Frame['answers']): boolean {
  let count = 0;
  for (const id in now) {
    if (!Object.hasOwn(now, id)) continue;
    if (!Object.hasOwn(before, id) || before[id] !== now[id]) return false;
    count++;
  }
  return count === Object.keys(before).length;
}
