/**
 * The memory store's side of store-limits.ts: a transcript capped in messages and bytes, and
 * processed input ids that point into it, the newest kept. The Redis scripts (redis-scripts.ts)
 * do the same steps in Lua; the contract suite checks both give the same results.
 */

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

/** Where a processed input's messages are in the transcript (redis-scripts.ts keeps the same per id). */
export interface SeenInput {
  /** Commit order among the conversation's remembered ids (oldest dropped first). */
  seq: number;
  /** Position of the commit's first message among all messages ever appended to the transcript. */
  pos: number;
  /** How many messages the commit appended. */
  count: number;
  /** When the id is forgotten (ms). */
  expiresAt: number;
}

/** A conversation's remembered input ids. */
export interface SeenInputs {
  /** Messages ever appended to the transcript (its end position); the transcript holds the last ones. */
  end: number;
  seq: number;
  ids: Map<string, SeenInput>;
  /** When the whole record may go (ms): the latest of the ids' and the conversation's expiry. */
  until: number;
}

/**
 * The messages a remembered input added, if all are still in the transcript; `[]` when some
 * were trimmed (or the transcript expired or was erased meanwhile).
 */
export function seenMessages(entry: SeenInput, end: number, transcript: readonly string[]): string[] {
  const first = entry.pos - (end - transcript.length);
  if (entry.count === 0 || first < 0) return [];
  return transcript.slice(first, first + entry.count);
}

/**
 * Past twice `kept` ids, keeps the newest `kept` live ones and drops the rest (the expired
 * included) in one go: at most `2 * kept` ids, whatever the conversation's length.
 */
export function forgetOldest(ids: Map<string, SeenInput>, kept: number, nowMs: number): void {
  if (ids.size <= 2 * kept) return;
  const newest = [...ids]
    .filter(([, e]) => e.expiresAt > nowMs)
    .sort((a, b) => b[1].seq - a[1].seq)
    .slice(0, kept);
  const keep = new Set(newest.map(([id]) => id));
  for (const id of [...ids.keys()]) if (!keep.has(id)) ids.delete(id);
}
