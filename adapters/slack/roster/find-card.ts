/**
 * Finding a roster card that a post with an unknown outcome (a timeout, a 5xx, a worker that died
 * mid-call) may have created, as the triage sink finds its cards (triage/sink.ts): the channel's
 * history since shortly before that post started (`conversations.history`, `include_all_metadata`),
 * for a message whose metadata names the shift (and the sink, on cards posted since the sink
 * key was added to it). Up to 20 pages of 200 messages; a failure to read is thrown (classified
 * by triage/errors.ts), so the delivery is retried rather than risk a second card.
 */
import type { WebClient } from '@slack/web-api';
import { classifySlackError } from '../triage/errors';

/** Message metadata of roster cards: `{ shift_id, sink_key }`. */
export const ROSTER_EVENT_TYPE = 'wegov_roster';

export interface RosterCardSearch {
  client: WebClient;
  channel: string;
  shiftId: string;
  sinkKey: string;
  /** When the uncertain post started (ISO instant). */
  since: string;
  /** How far before `since` to look (clock skew between us and Slack). */
  slackMs: number;
}

const MAX_PAGES = 20;

/** The ts of the shift's card in the channel's recent history, or null. */
export async function findRosterCard(s: RosterCardSearch): Promise<string | null> {
  const oldest = (Date.parse(s.since) - s.slackMs) / 1000;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let res: Awaited<ReturnType<WebClient['conversations']['history']>>;
    try {
      res = await s.client.conversations.history({ channel: s.channel, oldest: oldest.toFixed(6), include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
    } catch (error) {
      throw classifySlackError(error, 'conversations.history');
    }
    const found = (res.messages ?? []).find((m) => {
      if (m.metadata?.event_type !== ROSTER_EVENT_TYPE) return false;
      const p = (m.metadata.event_payload ?? {}) as { shift_id?: unknown; sink_key?: unknown };
      return p.shift_id === s.shiftId && (p.sink_key === undefined || p.sink_key === s.sinkKey);
    });
    if (found?.ts) return found.ts;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) return null;
  }
  return null;
}
