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

  private readonly stepsMemo = new WeakMap<Frame, { key: string; steps: StepDef[] }>();

  /**
   * The steps of a frame's flow for its current answers. Flows compute steps from answers,
   * locale and env only, so within one turn they are memoised on exactly those answers.
   */
  steps(frame: Frame): StepDef[] {
    const flow = this.flows[frame.flow];
    if (!flow) return [];
    const key = `${this.session.locale}\u0000${JSON.stringify(frame.answers)}`;
    const memo = this.stepsMemo.get(frame);
    if (memo && memo.key === key) return memo.steps;
    const steps = flow.steps(this.ctx(frame));
    this.stepsMemo.set(frame, { key, steps });
    return steps;
  }

  ctx(frame: Frame): FlowCtx {
    return { env: this.env, session: this.session, frame, locale: this.session.locale };
  }
}
