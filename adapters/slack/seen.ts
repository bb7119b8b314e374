/**
 * Events other than DM messages (which runTurn dedupes by `slack:<event_id>`) are processed
 * once per event_id: a short "seen" mark (SET NX PX through CaseStore.lease, shared by the
 * fleet on Redis). A Slack retry (X-Slack-Retry-Num) of an event already seen stops here, so
 * handlers registered on the app (triage included) see each event once.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { CaseStore } from '../../src/cases/types';
import type { Logger } from '../../src/log';

/** Slack retries for up to about an hour and a half; an hour and a half it is. */
export const SEEN_TTL_MS = 90 * 60 * 1000;

/** True for a DM message event (deduped by its turn instead). */
export function isDirectMessageEvent(event: { type?: unknown; channel_type?: unknown } | undefined): boolean {
  return event?.type === 'message' && event.channel_type === 'im';
}

export function seenOnce(cases: CaseStore, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const b = body as { type?: unknown; event_id?: unknown; event?: { type?: unknown; channel_type?: unknown } };
    if (b.type === 'event_callback' && typeof b.event_id === 'string' && !isDirectMessageEvent(b.event)) {
      let first = true;
      try {
        first = await cases.lease(`slack-event:${b.event_id}`, SEEN_TTL_MS);
      } catch {
        // The store is down: better to process twice than to drop the event.
        first = true;
      }
      if (!first) {
        logger.info({ eventId: b.event_id }, 'slack event already processed; skipped');
        return;
      }
    }
    await next();
  };
}
