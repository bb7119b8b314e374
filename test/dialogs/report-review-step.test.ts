/**
 * The report's review step is computed with the flow's steps on every turn but built only when
 * read (review-step.ts): what it summarises must be the answers as they were when the steps
 * were computed, not answers a turn adds to the same frame afterwards.
 */
import type { FlowCtx, StepDef } from '../../src/engine/flow';
import type { Frame, Session } from '../../src/engine/session';
import { reviewStep } from '../../dialogs/report/review-step';
import { testEnv } from '../support/engine-env';

const description: StepDef = { id: 'description', prompt: { kind: 'text', ask: [{ literal: 'Describe it' }] } } as StepDef;
const size: StepDef = { id: 'size', prompt: { kind: 'text', ask: [{ literal: 'How big is it?' }] } } as StepDef;

async function ctxWith(answers: Frame['answers']): Promise<FlowCtx> {
  const { env } = await testEnv();
  const frame: Frame = { flow: 'report', version: 1, answers, history: [], current: null, attempts: 0 };
  const session: Session = { schema: 2, id: 's', channel: 'webchat', locale: 'en', localeChosen: false, stack: [frame], results: [], channelData: {}, createdAt: '', updatedAt: '' };
  return { env, session, frame, locale: 'en' };
}

describe('the report review step', () => {
  it('summarises the answers given when the steps were computed, however late it is read', async () => {
    const ctx = await ctxWith({ description: 'Deep hole' });
    const step = reviewStep([description, size], ctx);
    // The turn goes on: an answer is added and one replaced in the same frame.
    ctx.frame.answers['size'] = 'Large';
    ctx.frame.answers['description'] = 'Changed later';
    const prompt = step.prompt;
    expect(prompt.kind).toBe('review');
    if (prompt.kind !== 'review') return;
    const text = JSON.stringify(prompt.summary);
    expect(text).toContain('Deep hole');
    expect(text).not.toContain('Changed later');
    expect(text).not.toContain('Large');
    expect(prompt.edits.map((e) => e.id)).toEqual(['edit:description', 'edit:contact']);
    // Read twice, built once.
    expect(step.prompt).toBe(prompt);
  });
});
