import type { Answer, Credentials, Message } from './types';

/** Why a call failed: the network (no answer), or the server's coded answer. */
export type ApiFailure = { kind: 'network' } | { kind: 'http'; status: number; code: string; retryAfterMs?: number };

/** A call's outcome: expected failures are values, never exceptions. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

/** True when trying the same request again may succeed (same clientMessageId: never applied twice). */
export function isRetryable(f: ApiFailure): boolean {
  return f.kind === 'network' || f.status === 429 || f.status === 500 || f.status === 502 || f.status === 503 || f.status === 504;
}

/** True when the conversation is gone (expired, erased) or the token is no longer valid. */
export function isSessionGone(f: ApiFailure): boolean {
  return f.kind === 'http' && (f.status === 401 || f.status === 404);
}

/** The web chat API over fetch: create a session, post an answer, read the history. */
export class ChatApi {
  constructor(private readonly server: string) {}

  /** `POST /webchat/sessions`. */
  createSession(body: { locale?: string; start?: string; participant?: string }): Promise<ApiResult<Credentials & { messages: Message[] }>> {
    return this.call('POST', '/webchat/sessions', undefined, body);
  }

  /** `POST /webchat/sessions/:id/messages` with a clientMessageId, so a retry is applied once. */
  post(creds: Credentials, answer: Answer, clientMessageId: string): Promise<ApiResult<{ messages: Message[] }>> {
    return this.call('POST', `/webchat/sessions/${encodeURIComponent(creds.sessionId)}/messages`, creds.token, { ...answer, clientMessageId });
  }

  /** `GET /webchat/sessions/:id/messages`: the whole transcript. */
  history(creds: Credentials): Promise<ApiResult<{ messages: Message[] }>> {
    return this.call('GET', `/webchat/sessions/${encodeURIComponent(creds.sessionId)}/messages`, creds.token);
  }

  /** The live events URL (EventSource cannot send headers, hence the token in the query). */
  eventsUrl(creds: Credentials, lastEventId: string | undefined): string {
    const q = `token=${encodeURIComponent(creds.token)}${lastEventId ? `&lastEventId=${encodeURIComponent(lastEventId)}` : ''}`;
    return `${this.server}/webchat/sessions/${encodeURIComponent(creds.sessionId)}/events?${q}`;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, token: string | undefined, body?: object): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.server + path, { method, headers, body: body ? JSON.stringify(body) : undefined, credentials: 'omit', cache: 'no-store' });
    } catch {
      // fetch rejects only when no HTTP answer came (offline, DNS, reset): a network failure.
      return { ok: false, failure: { kind: 'network' } };
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (res.ok && json !== undefined) return { ok: true, value: json as T };
    const code = errorCode(json) ?? (res.ok ? 'bad_response' : 'http_error');
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      ok: false,
      failure: { kind: 'http', status: res.status, code, ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) },
    };
  }
}

function errorCode(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('error' in json)) return undefined;
  const error = (json as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A fresh client message id (crypto.randomUUID where the page is a secure context). */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
