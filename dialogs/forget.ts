import type { FlowDef } from '../src/engine/flow';
import { t } from '../src/engine/text';

/**
 * "Delete my data": asks for confirmation, then erases the conversation (answers in
 * progress, transcript, the list of this person's reports). Reports already sent stay with
 * the agency under its own retention rules, and the message says so.
 */
export const forgetFlow: FlowDef = {
  id: 'forget',
  version: 1,
  steps: () => [{ id: 'confirm', prompt: { kind: 'yesno', ask: [t('forget.ask'), t('forget.scope')] } }],
  complete: ({ frame }) =>
    frame.answers.confirm === true
      ? { messages: [{ text: [t('forget.done')], expects: 'none' }], events: [{ type: 'data_erased' }], erase: true, next: { flow: 'menu' } }
      : { messages: [{ text: [t('forget.kept')], expects: 'none' }], events: [], resume: true },
};
