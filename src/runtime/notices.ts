/**
 * A participation module's notice to one person (a waitlist place that freed up for them, a
 * reminder, a nudge to the adopters of storm drains): a turn of their conversation with the
 * `notice` input, whose reply reaches their open chats (web chat's live events) and their channel
 * when it delivers proactively (Telegram, Slack), like an agency's status update. `dedupeId`
 * makes a repeat (a retried job) a no-op.
 */
import type { Json } from '../engine/json';
import type { RuntimeDeps } from './deps';
import { proactiveTurn } from './status-updates';

export interface Notice {
  module: string;
  notice: string;
  data: Json;
  /** Unique per notice and person: the same id twice is delivered once. */
  dedupeId: string;
}

export type NoticeResult = 'delivered' | 'duplicate' | 'conversation_gone';

export async function deliverNotice(deps: RuntimeDeps, conversationId: string, n: Notice): Promise<NoticeResult> {
  return proactiveTurn(deps, conversationId, 'notice', { kind: 'notice', module: n.module, notice: n.notice, data: n.data }, `nt:${n.dedupeId}`);
}
