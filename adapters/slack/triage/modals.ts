import type { View } from '@slack/web-api';
import { ACTION_PREFIX } from './card';
import { triageStrings as s } from './strings';

export type TextAction = 'reject' | 'ask' | 'reply' | 'block';
export const TEXT_BLOCK = 'wg_text';
export const TEXT_INPUT = 'text';
export const MAX_TEXT = 2000;

/** The modal asking for a reason, a question or a reply; `private_metadata` is the case key. `help`: a line under the field. */
export function textModal(action: TextAction, caseKey: string, help?: string): View {
  const m = s.modal[action];
  return {
    type: 'modal',
    callback_id: `${ACTION_PREFIX}${action}`,
    private_metadata: caseKey,
    title: { type: 'plain_text', text: m.title },
    submit: { type: 'plain_text', text: m.submit },
    close: { type: 'plain_text', text: s.modal.cancel },
    blocks: [
      {
        type: 'input',
        block_id: TEXT_BLOCK,
        label: { type: 'plain_text', text: m.label },
        element: { type: 'plain_text_input', action_id: TEXT_INPUT, multiline: true, max_length: MAX_TEXT },
      },
      ...(help ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: help }] }] : []),
    ],
  };
}
