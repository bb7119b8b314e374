/**
 * Whether a Telegram chat can be written to. A 403 from sendMessage, or a `my_chat_member`
 * update saying the person blocked the bot (`kicked`), marks the chat unreachable; unblocking
 * (`member`) clears it. Proactive status updates skip unreachable chats instead of retrying
 * forever. Kept as a tiny record in the MediaStore (memory or Redis, with a TTL), which every
 * process shares, so no store contract had to grow for one flag.
 */
import type { MediaStore } from '../../src/state/types';

const CONTENT_TYPE = 'application/vnd.wegov.telegram-reachability';

/** Remembered this long (longer than any idle session lives by default). */
export const REACHABILITY_TTL_SECONDS = 90 * 86400;

export class Reachability {
  constructor(private readonly media: MediaStore) {}

  async set(chatId: number | string, reachable: boolean): Promise<void> {
    await this.media.put(key(chatId), CONTENT_TYPE, Buffer.from(reachable ? '1' : '0'), REACHABILITY_TTL_SECONDS);
  }

  /** True unless the chat was marked unreachable. */
  async isReachable(chatId: number | string): Promise<boolean> {
    const stored = await this.media.get(key(chatId));
    return !(stored && stored.contentType === CONTENT_TYPE && stored.data.toString() === '0');
  }
}

function key(chatId: number | string): string {
  return `tgreach-${String(chatId)}`;
}
