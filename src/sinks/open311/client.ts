import type { z } from 'zod';
import { Open311Error, Open311PermanentError, Open311RetryableError, type Open311AgencyError } from './errors';
import { readBoundedText } from './read-body';
import { fetchHttpClient, pooledHttpClient, type HttpAnswer, type HttpClient } from '../http-client';
import { errorArray, postReply, searchReply, serviceRequestsReply, tokenReply } from './schemas';

export interface Open311ClientOptions {
  /** Base URL of the GeoReport v2 API, e.g. `https://api.city.gov/open311/v2` (no trailing `/requests.json`). */
  endpoint: string;
  /** Sent as `jurisdiction_id` on the GET calls (the POST form carries its own). */
  jurisdictionId?: string;
  /** Instead of the client's own keep-alive pool (../http-client.ts): embedding, tests. */
  fetch?: typeof fetch;
  /** The client's pool: connections to the agency at most. Default 32. */
  connections?: number;
  /** Whole exchange, headers and body, per call. Default 10,000 ms. */
  timeoutMs?: number;
  /** Largest body read from the agency. Default 1,000,000 bytes. */
  maxResponseBytes?: number;
  /** Ids per `GET requests.json?service_request_id=…` call. Default 50. */
  statusBatchSize?: number;
}

/** What `POST requests.json` gave back: a case id now, or a token to resolve later. */
export type Open311SubmitResult =
  | { kind: 'created'; serviceRequestId: string; serviceNotice?: string }
  | { kind: 'token'; token: string; serviceNotice?: string };

/** A case's state as the agency reports it. */
export interface Open311CaseStatus {
  id: string;
  status: 'open' | 'closed';
  statusNotes?: string;
  updatedDatetime?: string;
}

/**
 * A small Open311 GeoReport v2 client (JSON format only). Every call has a timeout (an
 * AbortController covering headers and body), reads at most `maxResponseBytes`, validates the
 * JSON with zod, and either returns a value or throws an `Open311Error`:
 * 4xx (except 408/429) → `Open311PermanentError('rejected')` carrying the agency's error array;
 * 5xx/408/429 → `Open311RetryableError('unavailable')`; timeout → `'timeout'`; connection
 * failure → `'network'`; unreadable 2xx body → `'invalid_json'`, `'invalid_shape'` or
 * `'response_too_large'` (all retryable). Redirects are not followed (`'unexpected_status'`).
 */
export class Open311Client {
  readonly endpoint: string;
  private readonly http: HttpClient;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly statusBatchSize: number;
  private readonly jurisdictionId?: string;

  constructor(opts: Open311ClientOptions) {
    this.endpoint = opts.endpoint.replace(/(?<!\/)\/+$/, '');
    this.http = opts.fetch ? fetchHttpClient(opts.fetch) : pooledHttpClient(opts.connections !== undefined ? { connections: opts.connections } : {});
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxResponseBytes = opts.maxResponseBytes ?? 1_000_000;
    this.statusBatchSize = Math.max(1, opts.statusBatchSize ?? 50);
    this.jurisdictionId = opts.jurisdictionId;
  }

  /** `POST requests.json` with a form from `open311Form`. Not idempotent at the agency: see Open311Sink. */
  async submit(form: URLSearchParams): Promise<Open311SubmitResult> {
    const reply = await this.call(
      `${this.endpoint}/requests.json`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body: form.toString(),
      },
      postReply,
    );
    const first = reply[0]!;
    if (first.service_request_id) {
      return { kind: 'created', serviceRequestId: first.service_request_id, serviceNotice: first.service_notice };
    }
    if (first.token) return { kind: 'token', token: first.token, serviceNotice: first.service_notice };
    throw new Open311RetryableError('invalid_shape', 'POST requests.json answered neither service_request_id nor token', {
      status: 200,
    });
  }

  /**
   * One `GET tokens/{token}.json`: the case id once the agency has made the case, else null
   * (callers poll; see Open311Sink).
   */
  async resolveToken(token: string): Promise<string | null> {
    const reply = await this.call(this.url(`tokens/${encodeURIComponent(token)}.json`, {}), { method: 'GET' }, tokenReply);
    return reply.find((r) => r.service_request_id)?.service_request_id ?? null;
  }

  /**
   * The agency's status of each case, in batches of `statusBatchSize` ids per
   * `GET requests.json?service_request_id=a,b,c`. Ids the agency does not return are absent.
   */
  async statuses(ids: string[]): Promise<Open311CaseStatus[]> {
    const unique = [...new Set(ids.map(String).filter((id) => id !== ''))];
    const out: Open311CaseStatus[] = [];
    for (let i = 0; i < unique.length; i += this.statusBatchSize) {
      const batch = unique.slice(i, i + this.statusBatchSize);
      const reply = await this.call(
        this.url('requests.json', { service_request_id: batch.join(',') }),
        { method: 'GET' },
        serviceRequestsReply,
      );
      for (const r of reply) {
        out.push({
          id: r.service_request_id,
          status: r.status,
          ...(r.status_notes !== undefined ? { statusNotes: r.status_notes } : {}),
          ...(r.updated_datetime !== undefined ? { updatedDatetime: r.updated_datetime } : {}),
        });
      }
    }
    return out;
  }

  /**
   * Requests of one service made between `start` and `end` (GeoReport v2 `GET requests.json`
   * with `service_code`, `start_date`, `end_date`): the id and description of each, for finding
   * the case an earlier, uncertain POST may have created.
   */
  async search(serviceCode: string, start: Date, end: Date): Promise<{ id: string; description?: string }[]> {
    const reply = await this.call(
      this.url('requests.json', { service_code: serviceCode, start_date: start.toISOString(), end_date: end.toISOString() }),
      { method: 'GET' },
      searchReply,
    );
    return reply.map((r) => ({ id: r.service_request_id, ...(r.description !== undefined ? { description: r.description } : {}) }));
  }

  private url(path: string, query: Record<string, string>): string {
    const params = new URLSearchParams(query);
    if (this.jurisdictionId) params.set('jurisdiction_id', this.jurisdictionId);
    const qs = params.toString();
    return `${this.endpoint}/${path}${qs ? `?${qs}` : ''}`;
  }

  private async call<S extends z.ZodType>(
    url: string,
    init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
    schema: S,
  ): Promise<z.output<S>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      let response: HttpAnswer;
      try {
        response = await this.http.send(url, {
          ...init,
          headers: { accept: 'application/json', ...init.headers },
          signal: controller.signal,
        });
      } catch (err) {
        throw this.transportError(err, controller.signal);
      }
      let text: string;
      try {
        text = await readBoundedText(response, this.maxResponseBytes);
      } catch (err) {
        if (err instanceof Open311Error) {
          // An oversized error page still says what the status says (4xx permanent, 5xx retry).
          if (response.status < 200 || response.status >= 300) throw this.statusError(response.status, '');
          throw err;
        }
        throw this.transportError(err, controller.signal);
      }
      if (response.status < 200 || response.status >= 300) throw this.statusError(response.status, text);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new Open311RetryableError('invalid_json', `${describe(url)} answered ${response.status} with a body that is not JSON`, {
          status: response.status,
          cause: err,
        });
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new Open311RetryableError('invalid_shape', `${describe(url)} answered JSON of an unexpected shape`, {
          status: response.status,
          cause: parsed.error,
        });
      }
      return parsed.data;
    } finally {
      clearTimeout(timer);
    }
  }

  private statusError(status: number, body: string): Open311Error {
    const agencyErrors = parseAgencyErrors(body);
    const reason = agencyErrors.map((e) => `${e.code}: ${e.description}`).join('; ');
    const message = `Open311 endpoint answered HTTP ${status}${reason ? ` (${reason})` : ''}`;
    if (status === 408 || status === 429 || status >= 500) {
      return new Open311RetryableError('unavailable', message, { status, agencyErrors });
    }
    if (status >= 400) return new Open311PermanentError('rejected', message, { status, agencyErrors });
    return new Open311PermanentError('unexpected_status', message, { status, agencyErrors });
  }

  private transportError(err: unknown, signal: AbortSignal): Open311Error {
    if (err instanceof Open311Error) return err;
    if (signal.aborted) {
      return new Open311RetryableError('timeout', `Open311 endpoint did not answer within ${this.timeoutMs} ms`, { cause: err });
    }
    return new Open311RetryableError('network', `Open311 endpoint unreachable: ${(err as Error)?.message ?? String(err)}`, {
      cause: err,
    });
  }
}

function parseAgencyErrors(body: string): Open311AgencyError[] {
  if (!body) return [];
  try {
    const parsed = errorArray.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.slice(0, 20).map((e) => ({ code: e.code, description: e.description.slice(0, 1000) })) : [];
  } catch {
    return [];
  }
}

/** The URL without its query (which may name case ids) for messages. */
function describe(url: string): string {
  return url.split('?')[0]!;
}
