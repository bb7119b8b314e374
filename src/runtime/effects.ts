/**
 * Effects (issue 13): what a flow needs done that only the runtime can do, with an answer the
 * person hears in the same turn, e.g. "take a place on this shift" (exact capacity is decided
 * atomically in the store: confirmed, waitlisted or full). The engine emits `effect_requested`
 * and its frame waits; here the module's handler runs, and the engine is stepped again with the
 * `effect_result`, before anything is committed. A handler may return `undo`: it runs when the
 * turn's commit does not happen (a lost compare-and-set race retries the whole turn).
 */
import type { EngineEvent } from '../engine/events';
import type { Json } from '../engine/json';
import type { StepResult } from '../engine/step-result';
import type { Env } from '../engine/env';
import type { Engine } from '../engine/engine';

export interface EffectRequest {
  id: string;
  args: Json;
  /** The turn's person (adapter id, namespaced) and conversation. */
  person: string;
  conversationId: string;
}

export interface EffectDone {
  result: Json;
  undo?: () => Promise<void>;
}

export type EffectHandler = (req: EffectRequest) => Promise<EffectDone>;
export type EffectHandlers = Readonly<Record<string, EffectHandler>>;

/** Rounds of effects one turn may run (an effect's answer may request another). */
export const MAX_EFFECT_ROUNDS = 3;

/**
 * Runs the effects `stepped` requested and steps the engine with their results, until none is
 * requested. Returns the final step (events of every round, in order) and the undo actions.
 */
export async function runEffects(
  engine: Pick<Engine, 'step'>,
  env: Env,
  handlers: EffectHandlers | undefined,
  stepped: StepResult,
  who: { person: string; conversationId: string },
): Promise<{ stepped: StepResult; undo: (() => Promise<void>)[] }> {
  const undo: (() => Promise<void>)[] = [];
  let current = stepped;
  const events: EngineEvent[] = [...stepped.events];
  let pending = requested(stepped.events);
  for (let round = 0; round < MAX_EFFECT_ROUNDS && pending.length > 0; round++) {
    const next: typeof pending = [];
    for (const e of pending) {
      const handler = handlers?.[e.effect];
      const done: EffectDone = handler ? await handler({ id: e.id, args: e.args, ...who }) : { result: { outcome: 'unavailable' } };
      if (done.undo) undo.push(done.undo);
      const after = engine.step(current.session, { kind: 'effect_result', id: e.id, effect: e.effect, result: done.result }, env);
      events.push(...after.events);
      next.push(...requested(after.events));
      current = { ...after, ...(current.echo ? { echo: current.echo } : {}) };
    }
    pending = next;
  }
  return { stepped: { ...current, events }, undo };
}

function requested(events: readonly EngineEvent[]): Extract<EngineEvent, { type: 'effect_requested' }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: 'effect_requested' }> => e.type === 'effect_requested');
}
