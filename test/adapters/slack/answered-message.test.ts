/**
 * The answered question rebuilt from a press's payload (adapters/slack/answered-message.ts): the
 * question's controls go, the rest stays as Slack sent it; whenever the payload cannot say the
 * answer exactly (no blocks, another question's controls, a label Slack shows cut, a malformed
 * message) it answers null and the adapter reads the transcript instead.
 */
import { answeredFromPayload } from '../../../adapters/slack/answered-message';

const section = { type: 'section', block_id: 'x1', text: { type: 'mrkdwn', text: 'Which streets?' } };
const option = (text: string, id: string, description?: string) => ({ text: { type: 'plain_text', text }, value: `7:${id}`, ...(description ? { description: { type: 'plain_text', text: description } } : {}) });
const checks = (initial: ReturnType<typeof option>[]) => ({
  type: 'actions',
  block_id: 'wegov_q:7:0',
  elements: [{ type: 'checkboxes', action_id: 'wegov_checks', options: [option('Elm', 'elm'), option('Oak', 'oak')], initial_options: initial }],
});
const buttons = { type: 'actions', block_id: 'wegov_q:7:1', elements: [{ type: 'button', action_id: 'wegov_choice:2', text: { type: 'plain_text', text: 'Done' }, value: '7:_done' }] };

describe('the answered question from a press payload', () => {
  it('drops the question\'s controls and keeps the rest; a button says its label', () => {
    const got = answeredFromPayload({ text: 'Which streets?', blocks: [section, buttons] }, 7, 'elm', 'Elm');
    // The id Slack gave the section goes too: an updated message gets new ones.
    const { block_id: _id, ...withoutId } = section;
    expect(got).toEqual({ text: 'Which streets?', blocks: [withoutId], label: 'Elm' });
  });

  it('Done says the ticked options, or its own label when none is ticked', () => {
    expect(answeredFromPayload({ text: 't', blocks: [section, checks([option('Elm', 'elm'), option('Oak', 'oak')]), buttons] }, 7, '_done', 'Done')?.label).toBe('Elm, Oak');
    expect(answeredFromPayload({ text: 't', blocks: [section, checks([]), buttons] }, 7, '_done', 'Done')?.label).toBe('Done');
  });

  it('answers null when it cannot say it exactly', () => {
    // A ticked option Slack shows cut (a long label: its text and a description).
    expect(answeredFromPayload({ text: 't', blocks: [section, checks([option('A very long', 'long', 'label')]), buttons] }, 7, '_done', 'Done')).toBeNull();
    // Done under a question shown as buttons only (over Slack's limits): its ticks are in the transcript.
    expect(answeredFromPayload({ text: 't', blocks: [section, buttons] }, 7, '_done', 'Done')).toBeNull();
    // More options than Slack allows a select.
    expect(answeredFromPayload({ text: 't', blocks: [section, checks(Array.from({ length: 101 }, () => option('Elm', 'elm'))), buttons] }, 7, '_done', 'Done')).toBeNull();
    // Controls of another question (or none): not this question's message.
    expect(answeredFromPayload({ text: 't', blocks: [section, buttons] }, 8, 'elm', 'Elm')).toBeNull();
    expect(answeredFromPayload({ text: 't', blocks: [section] }, 7, 'elm', 'Elm')).toBeNull();
    // No label given (an option shown cut) and not Done.
    expect(answeredFromPayload({ text: 't', blocks: [section, buttons] }, 7, 'elm', undefined)).toBeNull();
    // No blocks, malformed, too many blocks.
    expect(answeredFromPayload({ text: '...' }, 7, 'elm', 'Elm')).toBeNull();
    expect(answeredFromPayload(undefined, 7, 'elm', 'Elm')).toBeNull();
    expect(answeredFromPayload({ text: 't', blocks: 'nope' }, 7, 'elm', 'Elm')).toBeNull();
    expect(answeredFromPayload({ text: 't', blocks: Array.from({ length: 51 }, () => section) }, 7, 'elm', 'Elm')).toBeNull();
  });
});
