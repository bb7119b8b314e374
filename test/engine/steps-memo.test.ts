/**
 * Within a turn a flow's steps are computed once per set of answers (Turn.steps): asked again
 * with the same answers, the same list comes back without running the flow; a changed, added or
 * removed answer, or another locale, runs it again.
 */
import type { Env } from '../../src/engine/env';
import type { FlowDef, StepDef } from '../../src/engine/flow';
import type { Frame, Session } from '../../src/engine/session';
import { Turn } from '../../src/engine/turn';

function setUp(): { turn: Turn; frame: Frame; calls: () => number } {
  let calls = 0;
  const flow: FlowDef = {
    id: 'f',
    version: 1,
    steps(ctx) {
      calls++;
      const ids = ['a', ...(ctx.frame.answers['a'] === 'more' ? ['b'] : []), 'c'];
      return ids.map((id): StepDef => ({ id, prompt: { kind: 'text', ask: [{ literal: `${id} ${ctx.locale}` }] } }) as StepDef);
    },
    complete: () => ({ messages: [], events: [] }),
  };
  const frame: Frame = { flow: 'f', version: 1, answers: { a: 'less', place: { lat: 1, lon: 2 } }, history: [], current: null, attempts: 0 };
  const session: Session = { schema: 2, id: 's', channel: 'webchat', locale: 'en', localeChosen: false, stack: [frame], results: [], channelData: {}, createdAt: '', updatedAt: '' };
  return { turn: new Turn(session, {} as Env, { f: flow }), frame, calls: () => calls };
}

describe('a flow\'s steps within a turn', () => {
  it('are computed once for the same answers', () => {
    const { turn, frame, calls } = setUp();
    const first = turn.steps(frame);
    expect(turn.steps(frame)).toBe(first);
    expect(turn.steps(frame)).toBe(first);
    expect(calls()).toBe(1);
  });

  it('are computed again when an answer is changed, added or removed, or the locale changes', () => {
    const { turn, frame, calls } = setUp();
    expect(turn.steps(frame).map((s) => s.id)).toEqual(['a', 'c']);
    frame.answers['a'] = 'more';
    expect(turn.steps(frame).map((s) => s.id)).toEqual(['a', 'b', 'c']);
    frame.answers['b'] = 'x';
    turn.steps(frame);
    delete frame.answers['b'];
    turn.steps(frame);
    // A new value of the same shape is another answer (values are replaced, never edited in place).
    frame.answers['place'] = { lat: 1, lon: 2 };
    turn.steps(frame);
    expect(calls()).toBe(5);
    turn.session.locale = 'es';
    expect(turn.steps(frame)[0]?.prompt.ask).toEqual([{ literal: 'a es' }]);
    expect(calls()).toBe(6);
  });
});
