/** A raw server-sent-events reader over node:http, as a browser's EventSource would connect. */
import http from 'node:http';
import type { StoredMessage } from '../../src/state/types';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  /** Raw text received, comments included. */
  raw(): string;
  /** Resolves once at least `n` events arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<SseEvent[]>;
  messages(): StoredMessage[];
  close(): void;
}

/** Opens `url` and parses events as they stream in. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      let buffer = '';
      let all = '';
      const events: SseEvent[] = [];
      const waiters: (() => void)[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        all += chunk;
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const e: SseEvent = { data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') e.id = value;
            else if (field === 'event') e.event = value;
            else if (field === 'data') {
              e.data += (hasData ? '\n' : '') + value;
              hasData = true;
            }
          }
          if (hasData) events.push(e);
        }
        for (const w of waiters.splice(0)) w();
      });
      const conn: SseConnection = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        raw: () => all,
        waitFor: (n, timeoutMs = 5000) =>
          new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`only ${events.length} of ${n} events after ${timeoutMs} ms: ${all}`)), timeoutMs);
            const check = (): void => {
              if (events.length >= n) {
                clearTimeout(timer);
                done(events);
              } else waiters.push(check);
            };
            check();
          }),
        messages: () => events.map((e) => JSON.parse(e.data) as StoredMessage),
        close: () => {
          req.destroy();
        },
      };
      resolve(conn);
    });
    req.on('error', reject);
  });
}
