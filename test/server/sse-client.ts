/**
 * A raw server-sent-events reader, as a browser's EventSource would connect. It speaks
 * HTTP/1.0 over a plain socket (no chunked encoding; the body is the event stream until the
 * server closes), so nock's request interceptor, which patches node:http for every test file
 * in a worker, never stands between it and the server: closing it really closes the socket.
 */
import net from 'node:net';
import type { StoredMessage } from '../../src/state/types';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export interface SseConnection {
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  events: SseEvent[];
  /** Raw body received so far, comments included. */
  raw(): string;
  /** Resolves once at least `n` events arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<SseEvent[]>;
  messages(): StoredMessage[];
  close(): void;
}

function parseBlock(block: string): SseEvent | null {
  const e: SseEvent = { data: '' };
  let hasData = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') e.id = value;
    else if (field === 'event') e.event = value;
    else if (field === 'data') {
      e.data += (hasData ? '\n' : '') + value;
      hasData = true;
    }
  }
  return hasData ? e : null;
}

/** Opens `url` (http://127.0.0.1:port/...) and parses events as they stream in. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname);
    let head = '';
    let body = '';
    let buffer = '';
    let conn: SseConnection | undefined;
    const events: SseEvent[] = [];
    const waiters: (() => void)[] = [];
    const lines = Object.entries({ Host: target.host, Accept: 'text/event-stream', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`GET ${target.pathname}${target.search} HTTP/1.0\r\n${lines.join('')}\r\n`));
    socket.on('error', (error) => (conn ? undefined : reject(error)));
    socket.on('data', (chunk: string) => {
      let text = chunk;
      if (!conn) {
        head += text;
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        text = head.slice(end + 4);
        const [statusLine = '', ...headerLines] = head.slice(0, end).split('\r\n');
        const parsedHeaders: Record<string, string> = {};
        for (const h of headerLines) {
          const i = h.indexOf(':');
          if (i > 0) parsedHeaders[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
        }
        conn = {
          status: Number(statusLine.split(' ')[1]),
          headers: parsedHeaders,
          events,
          raw: () => body,
          waitFor: (n, timeoutMs = 5000) =>
            new Promise((done, fail) => {
              const timer = setTimeout(() => fail(new Error(`only ${events.length} of ${n} events after ${timeoutMs} ms: ${body}`)), timeoutMs);
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
            socket.destroy();
          },
        };
        resolve(conn);
      }
      body += text;
      buffer += text;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const e = parseBlock(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
        if (e) events.push(e);
      }
      for (const w of waiters.splice(0)) w();
    });
  });
}
