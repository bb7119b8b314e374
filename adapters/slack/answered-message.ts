/**
 * The answered question's message rebuilt from what Slack sends with a pressed control: a
 * block_actions payload carries the message the control was on (`message.text`, `message.blocks`,
 * as Slack holds it now: after a tick, the question asked again). Its WeGov controls (blocks
 * `wegov_q:<question>:<n>`, form-controls.ts) are taken out, and what was answered is read from
 * the press itself: the button's label, or for Done the ticked options. So a press needs no read
 * of the transcript to mark its question answered: the turn's commit is its one Redis call
 * (issue 15).
 *
 * Null when the payload cannot say it exactly, and dm.ts then reads the transcript as before: no
 * message or blocks in the payload, no controls of this question in it, or a label Slack only
 * holds cut (an option over 75 characters is shown as its text and a description).
 */
import { z } from 'zod';
import type { types } from '@slack/bolt';
import { DONE, questionOfBlock, SELECT_OPTIONS_LIMIT } from './form-controls';

/** Slack allows 50 blocks a message; its text up to 40,000 characters. */
const Posted = z.object({
  text: z.string().max(40_000),
  blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })).min(1).max(50),
});

const Option = z.object({ text: z.object({ text: z.string() }), description: z.unknown().optional() });
/** Slack allows 100 options a select (form-controls.ts SELECT_OPTIONS_LIMIT), 25 elements an actions block. */
const PicksElement = z.looseObject({ type: z.enum(['checkboxes', 'multi_static_select']), initial_options: z.array(Option).max(SELECT_OPTIONS_LIMIT).optional() });
const ELEMENTS_LIMIT = 25;

type PostedBlock = z.infer<typeof Posted>['blocks'][number];

/** The message as posted without the question's controls, and the label of what was answered. */
export interface AnsweredFromPayload {
  text: string;
  blocks: types.KnownBlock[];
  label: string;
}

/**
 * `message`: the payload's `message` (unknown: checked here); `question`: the pressed value's turn
 * version; `choiceId`: the pressed choice; `label`: the pressed button's or option's label, if
 * Slack gave it whole.
 */
export function answeredFromPayload(message: unknown, question: number, choiceId: string, label: string | undefined): AnsweredFromPayload | null {
  const posted = Posted.safeParse(message);
  if (!posted.success) return null;
  const ofQuestion = (b: PostedBlock): boolean => b.block_id !== undefined && questionOfBlock(b.block_id) === question;
  const controls = posted.data.blocks.filter(ofQuestion);
  if (controls.length === 0) return null;
  // Done answers with the ticks. A question shown as buttons only (over Slack's limits for a
  // control) ticks by labels the transcript holds: null, read it there.
  const picked = choiceId === DONE ? picksOf(controls) : undefined;
  if (picked === null || (choiceId === DONE && picked === undefined)) return null;
  const answered = picked !== undefined && picked.length > 0 ? picked.join(', ') : label;
  if (answered === undefined) return null;
  // The ids Slack gave the other blocks go: an updated message should carry new ones (Slack makes them).
  // Slack's own blocks of the message WeGov posted, sent back as they came: typed as what they are.
  const kept = posted.data.blocks.filter((b) => !ofQuestion(b)).map(({ block_id: _id, ...block }) => block as unknown as types.KnownBlock);
  return { text: posted.data.text, blocks: kept, label: answered };
}

/** The ticked options' labels of the question's checkboxes (or multi-select); null when one was cut. */
function picksOf(controls: readonly PostedBlock[]): string[] | null | undefined {
  for (const block of controls) {
    const elements = Array.isArray(block.elements) ? (block.elements as unknown[]).slice(0, ELEMENTS_LIMIT) : [];
    for (const element of elements) {
      const picks = PicksElement.safeParse(element);
      if (!picks.success) continue;
      const options = picks.data.initial_options ?? [];
      if (options.some((o) => o.description !== undefined)) return null;
      return options.map((o) => o.text.text);
    }
  }
  return undefined;
}
