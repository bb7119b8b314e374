/**
 * A web chat client that behaves like the widget when a server goes away: a refused or reset
 * connection, a timeout or a 502/503/504 is retried (same body, same `clientMessageId`) against
 * whichever web process the "load balancer" picks next, after a short backoff. Safe retries are
 * the server's promise: the same clientMessageId is processed once and answered the same way.
 */
import http from 'node:http';

export interface Reply {
  status: number;
  body: unknown;
}

/** Statuses a widget retries: the server or Redis is away for a moment. */
const RETRY_STATUSES = new Set([502, 503, 504]);
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 300;

export class WidgetClient {
  /** Attempts that failed and were retried (connection errors and retryable statuses). */
  retries = 0;
  /** The same attempts by what went wrong: `refused`, `reset`, `timeout`, `HTTP 503`, ... */
  readonly errors: Record<string, number> = {};
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    /** The web processes up now. */
    private readonly pool: () => readonly string[],
  ) {}

  /**
   * Sends until an answer that is not worth retrying; throws after MAX_ATTEMPTS. `random` (seeded,
   * one per conversation) picks the process of each attempt.
   */
  async send(random: () => number, method: 'GET' | 'POST', path: string, body?: unknown, token?: string, headers: Record<string, string> = {}): Promise<Reply> {
    let last = '';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const urls = this.pool();
      const base = urls[Math.floor(random() * urls.length)];
      if (base !== undefined) {
        try {
          const reply = await this.once(base, method, path, body, token, headers);
          if (!RETRY_STATUSES.has(reply.status)) return reply;
          last = `HTTP ${reply.status} ${JSON.stringify(reply.body)}`;
          this.count(`HTTP ${reply.status}`);
        } catch (error) {
          last = String(error);
          this.count(errorKind(error));
        }
      } else {
        last = 'no web process up';
        this.count('no web process up');
      }
      this.retries += 1;
      await sleep(Math.min(500, 20 * attempt));
    }
    throw new Error(`${method} ${path}: gave up after ${MAX_ATTEMPTS} attempts; last: ${last}`);
  }

  private count(kind: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }

  close(): void {
    this.agent.destroy();
  }

  private once(base: string, method: string, path: string, body: unknown, token: string | undefined, extra: Record<string, string>): Promise<Reply> {
    const url = new URL(path, base);
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<Reply>((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method,
          timeout: REQUEST_TIMEOUT_MS,
          headers: {
            ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
            ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
            ...extra,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              // Not JSON (a proxy's error page): kept as text for the failure message.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(data);
    });
  }
}

/** A connection error's kind for the figures. */
function errorKind(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (error instanceof Error && error.message.startsWith('no answer within')) return 'timeout';
  return code ?? 'other';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
