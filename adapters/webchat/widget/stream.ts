import { isSessionGone, type ChatApi } from './api';
import type { Credentials, Message } from './types';

/** What the live stream reports. */
export interface StreamHandlers {
  /** A message (possibly one already shown: the caller drops known ids). */
  onMessage(m: Message): void;
  /** `live` when connected, `reconnecting` after a drop until it is back. */
  onState(state: 'live' | 'reconnecting'): void;
  /** The conversation no longer exists or the token was refused. */
  onGone(): void;
}

/** A running live stream. */
export interface LiveStream {
  close(): void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Follows `GET /webchat/sessions/:id/events` with EventSource. After a drop the browser
 * reconnects by itself (sending Last-Event-ID, so the server replays what was missed). When
 * the browser gives up (the server answered with an error, e.g. 503 or 401), this reads the
 * history to find out whether the session is gone, fills any gap, and opens a new stream
 * after the last known id, with backoff.
 */
export function openStream(api: ChatApi, creds: Credentials, lastId: () => string | undefined, on: StreamHandlers): LiveStream {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let failures = 0;
  let dropped = false;

  const connect = (): void => {
    if (closed) return;
    const es = new EventSource(api.eventsUrl(creds, lastId()));
    source = es;
    es.onopen = () => {
      failures = 0;
      if (dropped) on.onState('live');
      dropped = false;
    };
    es.onmessage = (e: MessageEvent<string>) => {
      const m = parseMessage(e.data);
      if (m) on.onMessage(m);
    };
    es.onerror = () => {
      if (closed) return;
      dropped = true;
      on.onState('reconnecting');
      if (es.readyState === EventSource.CLOSED) recover();
    };
  };

  const recover = (): void => {
    source?.close();
    source = undefined;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures++);
    timer = setTimeout(() => {
      void api.history(creds).then((r) => {
        if (closed) return;
        if (r.ok) {
          r.value.messages.forEach(on.onMessage);
          connect();
        } else if (isSessionGone(r.failure)) {
          on.onGone();
        } else {
          recover();
        }
      });
    }, delay);
  };

  // Coming back online: skip the wait.
  const online = (): void => {
    if (!source && timer !== undefined && !closed) {
      clearTimeout(timer);
      failures = 0;
      recover();
    }
  };
  addEventListener('online', online);
  connect();

  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      source?.close();
      removeEventListener('online', online);
    },
  };
}

function parseMessage(data: string): Message | undefined {
  try {
    const m = JSON.parse(data) as Partial<Message>;
    return typeof m.id === 'string' && typeof m.text === 'string' && (m.from === 'bot' || m.from === 'user') ? (m as Message) : undefined;
  } catch {
    return undefined; // not a message event: ignore it
  }
}
