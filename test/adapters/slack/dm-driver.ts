/** Drives a staff DM conversation through the real app: say, press, select, tick, and the posts each produced. */
import { blockAction, buttonsOf, controlAction, controlOf, eventCallback, imMessage, sendSlack, waitFor, type SlackCall, type SlackHarness } from './support';

export interface DmStep {
  posts: SlackCall[];
  /** Messages updated in place (answered questions, checkboxes ticked). */
  updates: SlackCall[];
  /** The open question: the last post with buttons or a form control, else the last one updated with them. */
  question: SlackCall | undefined;
}

const answerable = (c: SlackCall): boolean => buttonsOf(c).length > 0 || controlOf(c) !== undefined;
const ANSWERS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);

async function collect(h: SlackHarness, send: () => Promise<{ status: number }>): Promise<DmStep> {
  const before = h.api.calls.length;
  const res = await send();
  if (res.status !== 200) throw new Error(`slack request answered ${res.status}`);
  await waitFor(() => h.api.calls.slice(before).some((c) => ANSWERS.has(c.method)));
  // Replies can be several messages: wait until the adapter has answered (no timing guess: a
  // loaded machine once split a reply across two steps and misled the next one).
  await h.wiring.slack!.dm.idle();
  const calls = h.api.calls.slice(before);
  const posts = calls.filter((c) => c.method === 'chat.postMessage');
  const updates = calls.filter((c) => c.method === 'chat.update');
  const question = [...posts].reverse().find(answerable) ?? [...updates].reverse().find(answerable);
  return { posts, updates, question };
}

export function dmSay(h: SlackHarness, user: string, text: string): Promise<DmStep> {
  return collect(h, () => sendSlack(h.app, eventCallback(imMessage(user, text))));
}

/** Presses the button whose value ends with `:<choiceId>` on `post` (its ts as Slack gave it). */
export function dmPress(h: SlackHarness, user: string, post: SlackCall, choiceId: string, ts = '1700000000.000100'): Promise<DmStep> {
  const button = buttonsOf(post).find((b) => b.value.endsWith(`:${choiceId}`));
  if (!button) throw new Error(`no button ${choiceId} in ${JSON.stringify(buttonsOf(post))}`);
  return collect(h, () => sendSlack(h.app, blockAction(user, button, ts, undefined, post)));
}

/** Picks the option `<choiceId>` of the radio buttons (or static select) on `post`. */
export function dmSelect(h: SlackHarness, user: string, post: SlackCall, choiceId: string, ts = '1700000000.000100'): Promise<DmStep> {
  const control = controlOf(post);
  const option = control?.options.find((o) => o.value.endsWith(`:${choiceId}`));
  if (!control || !option) throw new Error(`no option ${choiceId} in ${JSON.stringify(control)}`);
  return collect(h, () => sendSlack(h.app, controlAction(user, control, { selected_option: option }, ts, undefined, post)));
}

/** The checkboxes (or multi-select) on `post` as Slack sends them after a change: every option ticked now. */
export function dmTick(h: SlackHarness, user: string, post: SlackCall, ticked: string[], ts = '1700000000.000100'): Promise<DmStep> {
  const control = controlOf(post);
  if (!control) throw new Error(`no control in ${JSON.stringify(post.body.blocks)}`);
  const selected = control.options.filter((o) => ticked.some((id) => o.value.endsWith(`:${id}`)));
  if (selected.length !== ticked.length) throw new Error(`not every option of ${ticked.join(', ')} is in ${JSON.stringify(control.options)}`);
  return collect(h, () => sendSlack(h.app, controlAction(user, control, { selected_options: selected }, ts, undefined, post)));
}

export const choiceIds = (post: SlackCall | undefined): string[] => buttonsOf(post).map((b) => b.value.slice(b.value.indexOf(':') + 1));
/** The option ids of the form control on `post`. */
export const optionIds = (post: SlackCall | undefined): string[] => (controlOf(post)?.options ?? []).map((o) => o.value.slice(o.value.indexOf(':') + 1));
/** The option ids ticked on `post`'s checkboxes. */
export const tickedIds = (post: SlackCall | undefined): string[] => (controlOf(post)?.initial_options ?? []).map((o) => o.value.slice(o.value.indexOf(':') + 1));
