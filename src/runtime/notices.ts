/**
 * A participation module's notice to one person (a waitlist place that freed up for them, a
 * reminder, a nudge to the adopters of storm drains): a turn of their conversation with the
 * `notice` input, whose reply reaches their open chats (web chat's live events) and their channel
 * when it delivers proactively (Telegram, Slack), like an agency's status update. `dedupeId`
 * makes a repeat (a retried job) a no-op.
 */
import type { Json } from '../engine/json';
import type { RuntimeDeps } from './deps';
import { BusyError, deliverProactively } from './status-updates';
import { runTurn } from './turn';

export interface Notice {
  module: string;
  notice: string;
  data: Json;
  /** Unique per notice and person: the same id twice is delivered once. */
  dedupeId: string;
}

export type NoticeResult = 'delivered' | 'duplicate' | 'conversation_gone';

export async function deliverNotice(deps: RuntimeDeps, conversationId: string, n: Notice): Promise<NoticeResult> {
  const result = await runTurn(deps, { conversationId, channel: 'notice', input: { kind: 'notice', module: n.module, notice: n.notice, data: n.data }, dedupeId: `nt:${n.dedupeId}` });
  switch (result.kind) {
    case 'ok':
      if (result.duplicate) return 'duplicate';
      await deliverProactively(deps, conversationId, result.messages);
      return 'delivered';
    case 'not_found':
      return 'conversation_gone';
    case 'busy':
      throw new BusyError();
    case 'unauthorized':
      throw new Error('notice turn was refused authorization');
  }
}
