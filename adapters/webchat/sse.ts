import type { Request, Response } from 'express';
import type { Logger } from '../../src/log';
import { ApiError } from '../../src/server/api-error';
import type { SessionStore, StoredMessage } from '../../src/state/types';
import type { LiveStreams, StreamOwner } from './live-streams';

/** Message ids are `<12 digits>.<3 digits>`; anything else in Last-Event-ID is ignored. */
const MESSAGE_ID = /^\d{12}\.\d{3}$/;

export interface SseOptions {
  store: SessionStore;
  streams: LiveStreams;
  logger: Logger;
  heartbeatMs: number;
  /** Seconds a client refused by the process cap is asked to wait (Retry-After). */
  capacityRetrySeconds?: number;
}

/**
 * Streams a conversation's new messages as server-sent events (`id:` message id,
 * `event: message`, `data:` the Message as JSON). With a `Last-Event-ID`, history after that
 * id is replayed first; live messages that arrive meanwhile are held back and sent in order,
 * each id at most once. A comment line every `heartbeatMs` keeps proxies from closing it.
 * The caller has already authorized the request. A stream takes a slot in `opts.streams`
 * before anything else (429 too_many_streams past the session's or the address's cap, 503
 * streams_at_capacity past the process's) and gives it back when it closes, however it closes.
 */
export async function streamEvents(req: Request, res: Response, owner: StreamOwner, opts: SseOptions): Promise<void> {
  const conversationId = owner.sessionId;
  let close = (): void => undefined;
  const slot = opts.streams.acquire(owner, () => close());
  if (!slot.ok) {
    if (slot.cap === 'process') {
      res.set('Retry-After', String(opts.capacityRetrySeconds ?? 30));
      throw new ApiError(503, 'streams_at_capacity', 'this server holds as many live streams as it can; try again shortly');
    }
    const whose = slot.cap === 'session' ? 'this session' : 'this address';
    throw new ApiError(429, 'too_many_streams', `too many live streams open for ${whose}; close another tab or window first`);
  }
  let lastSent = lastEventId(req);
  let replaying = true;
  const held: StoredMessage[] = [];
  let closed = false;

  const send = (m: StoredMessage): void => {
    if (closed || (lastSent !== undefined && m.id <= lastSent)) return;
    lastSent = m.id;
    res.write(`id: ${m.id}\nevent: message\ndata: ${JSON.stringify(m)}\n\n`);
  };

  // Subscribe before reading history so nothing committed in between is missed.
  let unsubscribe: () => Promise<void>;
  try {
    unsubscribe = await opts.store.subscribe(conversationId, (m) => {
      if (replaying) held.push(m);
      else send(m);
    });
  } catch (error) {
    slot.release();
    throw error;
  }

  let heartbeat: NodeJS.Timeout | undefined;
  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    slot.release();
    unsubscribe().catch((error: unknown) => {
      opts.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'unsubscribe failed');
    });
  };
  close = (): void => {
    cleanup();
    if (!res.writableEnded) res.end();
  };
  // The response's 'close' fires when the client goes away (the request's fires once it is read).
  res.on('close', cleanup);
  // A client that left while we subscribed: its 'close' has already fired.
  if (res.destroyed || res.writableEnded) {
    cleanup();
    return;
  }

  try {
    const replay = lastSent !== undefined ? await opts.store.history(conversationId, lastSent) : [];
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    for (const m of replay) send(m);
  } catch (error) {
    // Nothing was sent yet: leave the response to the error handler (503).
    cleanup();
    throw error;
  }
  replaying = false;
  for (const m of held.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) send(m);
  held.length = 0;
  if (closed) return;

  heartbeat = setInterval(() => {
    if (!closed) res.write(': keep-alive\n\n');
  }, opts.heartbeatMs);
  heartbeat.unref();
}

function lastEventId(req: Request): string | undefined {
  const header = req.get('last-event-id');
  const query = typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined;
  const id = header ?? query;
  return id !== undefined && MESSAGE_ID.test(id) ? id : undefined;
}
