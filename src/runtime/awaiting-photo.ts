import { sessionSchema } from '../engine/session-schema';
import type { RuntimeDeps } from './deps';

/**
 * Whether the conversation's open question asks for a photo. Adapters ask before they decode
 * or store a photo: one that nobody asked for costs no CPU and is never kept (it goes to the
 * engine as a declined photo, and the person is told it was not kept). One store read; the
 * engine decides from the session, the adapter never reads session JSON itself.
 *
 * False for an unknown conversation or a session this version cannot read (the turn restarts
 * it). The answer can be stale by the time the turn runs (a second tab answered meanwhile):
 * then a photo is declined once more, or one is stored that no report names and it expires
 * with the conversation; nothing is lost or kept longer either way.
 */
export async function awaitingPhoto(deps: Pick<RuntimeDeps, 'store' | 'env' | 'engine'>, conversationId: string): Promise<boolean> {
  const loaded = await deps.store.load(conversationId);
  if (loaded.conversation === null) return false;
  const session = sessionSchema.safeParse(loaded.conversation.session);
  if (!session.success) return false;
  return deps.engine.expectedPrompt(session.data, deps.env) === 'photo';
}
