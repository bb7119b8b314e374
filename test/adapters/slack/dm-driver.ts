/** Drives a staff DM conversation through the real app: say, press, and the posts each produced. */
import { blockAction, buttonsOf, eventCallback, imMessage, sendSlack, waitFor, type SlackCall, type SlackHarness } from './support';

export interface DmStep {
  posts: SlackCall[];
  /** The last post with buttons (the open question), if any. */
  question: SlackCall | undefined;
}

async function collect(h: SlackHarness, before: number, send: () => Promise<{ status: number }>): Promise<DmStep> {
  const res = await send();
  if (res.status !== 200) throw new Error(`slack request answered ${res.status}`);
  await waitFor(() => h.api.posts().length > before);
  // Replies can be several messages: wait until the adapter has answered (no timing guess: a
  // loaded machine once split a reply across two steps and misled the next one).
  await h.wiring.slack!.dm.idle();
  const posts = h.api.posts().slice(before);
  const question = [...posts].reverse().find((p) => buttonsOf(p).length > 0);
  return { posts, question };
}

export function dmSay(h: SlackHarness, user: string, text: string): Promise<DmStep> {
  return collect(h, h.api.posts().length, () => sendSlack(h.app, eventCallback(imMessage(user, text))));
}

/** Presses the button whose value ends with `:<choiceId>` on `post` (its ts as Slack gave it). */
export function dmPress(h: SlackHarness, user: string, post: SlackCall, choiceId: string, ts = '1700000000.000100'): Promise<DmStep> {
  const button = buttonsOf(post).find((b) => b.value.endsWith(`:${choiceId}`));
  if (!button) throw new Error(`no button ${choiceId} in ${JSON.stringify(buttonsOf(post))}`);
  return collect(h, h.api.posts().length, () => sendSlack(h.app, blockAction(user, button, ts)));
}

export const choiceIds = (post: SlackCall | undefined): string[] => buttonsOf(post).map((b) => b.value.slice(b.value.indexOf(':') + 1));
