import type { PlainTextInput, View } from '@slack/web-api';
import { ACTION_PREFIX } from './card';
import { triageStrings as s } from './strings';

export type TextAction = 'reject' | 'ask' | 'reply' | 'block';
export const TEXT_BLOCK = 'wg_text';
export const TEXT_INPUT = 'text';
export const MAX_TEXT = 2000;

/** The modal asking for a reason, a question or a reply; `private_metadata` is the case key. `help`: a line under the field. */
export function textModal(action: TextAction, caseKey: string, help?: string): View {
  const m = s.modal[action];
  return inputModal(action, caseKey, m, { type: 'plain_text_input', action_id: TEXT_INPUT, multiline: true, max_length: MAX_TEXT }, help);
}

/** A triage modal with one input (TEXT_BLOCK/TEXT_INPUT, where refusals are shown) and an optional line under it. */
function inputModal(action: string, caseKey: string, m: { title: string; submit: string; label: string }, element: PlainTextInput, help?: string): View {
  return {
    type: 'modal',
    callback_id: `${ACTION_PREFIX}${action}`,
    private_metadata: caseKey,
    title: { type: 'plain_text', text: m.title },
    submit: { type: 'plain_text', text: m.submit },
    close: { type: 'plain_text', text: s.modal.cancel },
    blocks: [
      { type: 'input', block_id: TEXT_BLOCK, label: { type: 'plain_text', text: m.label }, element },
      ...(help ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: help }] }] : []),
    ],
  };
}

/** Longest reference typed into the "Duplicate of…" modal (WG- and up to 12 characters, with room for spaces). */
export const MAX_REFERENCE = 40;

/**
 * "Duplicate of…": asks for the reference of the report to keep, in the same input block as the
 * text modals (so a refusal is shown under it with `response_action: errors`); `private_metadata`
 * is the case key.
 */
export function duplicateModal(caseKey: string, reference: string): View {
  const m = s.modal.duplicate;
  const element: PlainTextInput = { type: 'plain_text_input', action_id: TEXT_INPUT, max_length: MAX_REFERENCE, placeholder: { type: 'plain_text', text: m.placeholder } };
  return inputModal('duplicate', caseKey, m, element, s.modal.duplicateHelp(reference));
}
