/**
 * The memory store's side of store-limits.ts: a transcript capped in messages and bytes, and
 * remembered replies compacted beyond the newest few. The Redis commit script (redis-scripts.ts)
 * does the same steps in Lua; the contract suite checks both give the same results.
 */
import { STALE_REPLY_MARK } from './commit-request';

/** A transcript: message JSON texts, oldest first, and their total UTF-8 size. */
export interface Transcript {
  items: string[];
  bytes: number;
}

/** `current` plus `added`, then the oldest messages dropped until both limits hold. */
export function appendCapped(current: Transcript | undefined, added: readonly string[], limit: number, maxBytes: number): Transcript {
  const items = [...(current?.items ?? []), ...added];
  let bytes = (current?.bytes ?? 0) + added.reduce((sum, json) => sum + Buffer.byteLength(json), 0);
  let drop = 0;
  while (drop < items.length && (items.length - drop > limit || bytes > maxBytes)) {
    bytes -= Buffer.byteLength(items[drop] ?? '');
    drop += 1;
  }
  return { items: items.slice(drop), bytes };
}

/** How remembered replies are read and compacted (the store's own map). */
export interface ReplyEntries {
  /** The stored entry, or undefined when it expired. */
  read(key: string): string | undefined;
  /** Replace a live entry by its compacted form, keeping its expiry. */
  compact(key: string): void;
}

/**
 * Walks a conversation's dedupe entries from the newest: keeps up to `kept` replies whose total
 * size stays within `budgetBytes` (the newest always), compacts the next ones, and stops at the
 * first entry already compacted (everything older was compacted by an earlier commit).
 */
export function compactReplies(newestFirst: Iterable<string>, entries: ReplyEntries, kept: number, budgetBytes: number): void {
  let count = 0;
  let bytes = 0;
  let full = false;
  for (const key of newestFirst) {
    const stored = entries.read(key);
    if (stored === undefined) continue;
    if (stored.startsWith(STALE_REPLY_MARK)) return;
    const size = Buffer.byteLength(stored);
    if (!full && (count === 0 || (count < kept && bytes + size <= budgetBytes))) {
      count += 1;
      bytes += size;
    } else {
      full = true;
      entries.compact(key);
    }
  }
}
