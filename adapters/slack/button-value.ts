/**
 * A choice button's `value` (Slack allows up to 2,000 characters): `<question>:<choice id>`,
 * where `<question>` is the turn version of the message the buttons belong to (as Telegram's
 * callback data: adapters/telegram/callback-data.ts). A button of a question that is no longer
 * the current one is answered "that question is closed" and never reaches the dialog.
 */

/** Buttons WeGov posts: `wegov_choice:<n>` (unique within the message's actions blocks). */
export const CHOICE_ACTION = /^wegov_choice:\d{1,4}$/;
export const choiceActionId = (n: number): string => `wegov_choice:${n}`;

export function encodeButton(choiceId: string, question: number): string {
  return `${question}:${choiceId}`;
}

export function decodeButton(value: string | undefined): { question: number; choiceId: string } | null {
  const m = /^(\d{1,15}):(.{1,1900})$/s.exec(value ?? '');
  if (!m?.[1] || m[2] === undefined) return null;
  return { question: Number(m[1]), choiceId: m[2] };
}
