/**
 * The triage buttons and modals on a Bolt App. Status buttons (Acknowledge, In progress,
 * Resolved) act at once; Reject, Ask the reporter, Reply and Block reporter open a modal for the
 * text (a reason is required), and act on its submission; "Duplicate of…" opens a modal for the
 * reference of the report to keep (merge.ts), whose refusals are shown in the modal. Whoever is not a member of the case's channel (nor on the allow-list)
 * gets an ephemeral refusal and nothing changes; a click while another one is being applied
 * gets an ephemeral "try again".
 */
import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import { errorSummary } from '../../../src/log';
import { ACTION_PREFIX, TRIAGE_ACTIONS, type KnownBlock, type TriageAction } from './card';
import { blockFromCard, type BlockFromCardOutcome } from './block';
import { applyAction, mayAct, triageCase, type ActionOutcome } from './case-actions';
import type { TriageDeps } from './deps';
import { mergeFromCard, parseReference } from './merge';
import { duplicateModal, MAX_TEXT, TEXT_BLOCK, TEXT_INPUT, textModal, type TextAction } from './modals';
import { triageStrings as s } from './strings';

export type { TriageDeps } from './deps';
export { postReporterAnswer, type ReporterAnswer } from './answer';

const TEXT_ACTIONS: readonly TriageAction[] = ['reject', 'ask', 'reply', 'block'];
/** Actions that open a modal first. */
const MODAL_ACTIONS: readonly TriageAction[] = [...TEXT_ACTIONS, 'duplicate'];
const actionOf = (id: string): TriageAction | undefined => TRIAGE_ACTIONS.find((a) => `${ACTION_PREFIX}${a}` === id);

/** What the person is told when their action is refused (read at use: the locale is chosen at start). */
const refusalOf = (outcome: ActionOutcome | BlockFromCardOutcome): string | undefined =>
  (
    ({ busy: s.busy, forbidden: s.notAllowed, unknown_case: s.unknownCase, already_blocked: s.alreadyBlocked, unavailable: s.blockUnavailable }) as Partial<
      Record<ActionOutcome | BlockFromCardOutcome, string>
    >
  )[outcome];

export function registerTriage(app: App, deps: TriageDeps): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX}`) }, async ({ ack, body, action }) => {
    await ack();
    const which = actionOf(action.action_id);
    const key = action.value;
    const user = body.user.id;
    const channel = body.channel?.id;
    if (!which || !key) return;
    try {
      if (MODAL_ACTIONS.includes(which)) {
        const c = await triageCase(deps, key);
        const refusal = !c ? s.unknownCase : !(await mayAct(deps, c.slack.channel, user)) ? s.notAllowed : undefined;
        if (refusal || !c) return await ephemeral(deps, channel ?? c?.slack.channel, user, refusal ?? s.unknownCase);
        if (which === 'duplicate') return void (await deps.client.views.open({ trigger_id: body.trigger_id, view: duplicateModal(key, c.reference) }));
        const help = which === 'block' ? s.modal.blockHelp(String(deps.abuse?.blockDays ?? ''), c.reference) : undefined;
        await deps.client.views.open({ trigger_id: body.trigger_id, view: textModal(which as TextAction, key, help) });
        return;
      }
      // The message's blocks are the card as posted: no need to read it back.
      const blocks = body.message?.blocks as KnownBlock[] | undefined;
      const outcome = await applyAction(deps, { key, action: which, user, ...(blocks ? { blocks } : {}) });
      const refusal = refusalOf(outcome);
      if (refusal) await ephemeral(deps, channel, user, refusal);
    } catch (error) {
      deps.logger?.warn({ action: which, err: errorSummary(error) }, 'slack triage: action failed');
    }
  });

  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: new RegExp(`^${ACTION_PREFIX}`) }, async ({ ack, body, view }) => {
    const which = actionOf(view.callback_id);
    const key = view.private_metadata;
    const text = (view.state.values[TEXT_BLOCK]?.[TEXT_INPUT]?.value ?? '').trim();
    if (which === 'duplicate' && key) return submitDuplicate(deps, { key, user: body.user.id, text, ack });
    if (!which || !TEXT_ACTIONS.includes(which) || !key) return void (await ack());
    if (!text) return void (await ack({ response_action: 'errors', errors: { [TEXT_BLOCK]: s.required } }));
    const user = body.user.id;
    const c = await triageCase(deps, key);
    const refusal = !c ? s.unknownCase : !(await mayAct(deps, c.slack.channel, user)) ? s.notAllowed : undefined;
    if (refusal) return void (await ack({ response_action: 'errors', errors: { [TEXT_BLOCK]: refusal } }));
    // The modal closes as soon as the action is recorded; the card and the citizen follow.
    let acked = false;
    const afterRecord = async (): Promise<void> => {
      acked = true;
      await ack();
    };
    try {
      const outcome =
        which === 'block'
          ? await blockFromCard(deps, { key, user, reason: text.slice(0, MAX_TEXT), afterRecord })
          : await applyAction(deps, { key, action: which, user, text: text.slice(0, MAX_TEXT), skipPermission: true, afterRecord });
      const problem = refusalOf(outcome);
      if (!acked) await ack(problem ? { response_action: 'errors', errors: { [TEXT_BLOCK]: problem } } : undefined);
    } catch (error) {
      deps.logger?.warn({ action: which, err: errorSummary(error) }, 'slack triage: submission failed');
      if (!acked) await ack({ response_action: 'errors', errors: { [TEXT_BLOCK]: s.busy } });
    }
  });
}

type ModalAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

/** "Duplicate of…" submitted: the reference checked, then the merge (merge.ts); a refusal stays in the modal. */
async function submitDuplicate(deps: TriageDeps, req: { key: string; user: string; text: string; ack: ModalAck }): Promise<void> {
  const refuse = (reason: string): Promise<void> => req.ack({ response_action: 'errors', errors: { [TEXT_BLOCK]: reason } });
  const into = parseReference(req.text);
  if (!into) return refuse(s.merge.invalidReference);
  const c = await triageCase(deps, req.key);
  const refusal = !c ? s.unknownCase : !(await mayAct(deps, c.slack.channel, req.user)) ? s.notAllowed : undefined;
  if (refusal) return refuse(refusal);
  let acked = false;
  const afterRecord = async (): Promise<void> => {
    acked = true;
    await req.ack();
  };
  try {
    const outcome = await mergeFromCard(deps, { key: req.key, user: req.user, into, afterRecord });
    if (acked) return;
    if (outcome.kind === 'refused') return await refuse(outcome.reason);
    if (outcome.kind === 'busy' || outcome.kind === 'unknown_case') return await refuse(outcome.kind === 'busy' ? s.busy : s.unknownCase);
    await req.ack();
  } catch (error) {
    deps.logger?.warn({ action: 'duplicate', err: errorSummary(error) }, 'slack triage: merge failed');
    if (!acked) await refuse(s.busy);
  }
}

async function ephemeral(deps: TriageDeps, channel: string | undefined, user: string, text: string): Promise<void> {
  if (!channel) return;
  try {
    await deps.client.chat.postEphemeral({ channel, user, text });
  } catch (error) {
    deps.logger?.warn({ err: errorSummary(error) }, 'slack triage: could not send an ephemeral message');
  }
}
