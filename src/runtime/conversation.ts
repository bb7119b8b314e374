import type { SessionStore } from '../state/types';
import { storedMeta } from './stored-meta';

/**
 * The adapter data of a stored conversation (e.g. the web chat token hash), for requests that
 * read without taking a turn (history, live events). Null when the conversation is unknown.
 */
export async function loadChannelData(store: SessionStore, conversationId: string): Promise<Record<string, string> | null> {
  const loaded = await store.load(conversationId);
  if (!loaded.conversation) return null;
  return storedMeta(loaded.conversation.session).channelData ?? {};
}
