/**
 * A step, then the effects it requested answered as the runtime answers one without a handler
 * (`unavailable`, src/runtime/effects.ts runEffects): a flow that waits for an effect within
 * its turn ("my data" lists the followed reports) answers in the same turn, as it does in the
 * app. Events of every round are returned together, in order.
 */
import type { Input, Session } from '../../src/engine';
import { step } from '../../dialogs';

export function stepAnswered(session: Session, i: Input, env: Parameters<typeof step>[2]): ReturnType<typeof step> {
  let result = step(session, i, env);
  const events = [...result.events];
  let pending = result.events.flatMap((e) => (e.type === 'effect_requested' ? [e] : []));
  for (let round = 0; round < 3 && pending.length > 0; round++) {
    const next: typeof pending = [];
    for (const e of pending) {
      result = step(result.session, { kind: 'effect_result', id: e.id, effect: e.effect, result: { outcome: 'unavailable' } }, env);
      events.push(...result.events);
      next.push(...result.events.flatMap((x) => (x.type === 'effect_requested' ? [x] : [])));
    }
    pending = next;
  }
  return { ...result, events };
}
