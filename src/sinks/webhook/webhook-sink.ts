import type { MediaStore, Submission } from '../../state/types';
import type { Sink } from '../types';
import { buildWebhookPayload, buildWebhookPayloadV2 } from './payload';
import type { ResultKind } from '../../engine/module';
import { erasureEvent } from '../../privacy/erasure-event';
import { resultEvent } from './result-event';
import { sign } from './signature';
import { fetchHttpClient, pooledHttpClient, type HttpAnswer, type HttpClient } from '../http-client';

export const WEBHOOK_USER_AGENT = 'WeGov-Webhook/1';
/** At most this much of an agency's error response is kept as the reason (hostile bodies). */
const MAX_REASON_BYTES = 2048;

export type WebhookFailureCode =
  /** The agency answered 4xx (not 408/429): it refuses this delivery; retrying will not help. */
  | 'rejected'
  /** 3xx: the configured URL is wrong (redirects are never followed). */
  | 'redirect'
  /** The submission cannot be made into a v1 payload. */
  | 'invalid_payload'
  /** 408 or 429. */
  | 'throttled'
  /** 5xx. */
  | 'server_error'
  /** No complete answer within `timeoutMs`. */
  | 'timeout'
  /** Connection refused/reset, DNS failure, TLS failure... */
  | 'network'
  /** Any other status (e.g. 1xx). */
  | 'unexpected_status';

/**
 * A delivery that did not succeed. `permanent: true` means retrying the same submission cannot
 * succeed (dead-letter it); otherwise retry later. Never contains the secret, the request body
 * or the URL's query string.
 */
export class WebhookDeliveryError extends Error {
  constructor(
    message: string,
    readonly code: WebhookFailureCode,
    readonly permanent: boolean,
    /** HTTP status when the agency answered. */
    readonly status?: number,
    /** Start of the agency's response body (at most 2 KB), for the dead-letter reason. */
    readonly reason?: string,
    /** From a Retry-After header given in seconds, when present. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

export interface WebhookSinkOptions {
  url: string;
  /** HMAC key shared with the agency. */
  secret: string;
  /** Instead of the sink's own keep-alive pool (http-client.ts): embedding, tests. */
  fetch?: typeof globalThis.fetch;
  /** The sink's pool: connections to the agency at most. Default 32. */
  connections?: number;
  /** Whole request including reading an error body. Default 10 s. */
  timeoutMs?: number;
  now?: () => Date;
  /** 1 (default): `report.submitted` v1; 2: v1 plus a signed `url` on each photo. */
  payloadVersion?: 1 | 2;
  /** Version 2's photo links (media/signed-url.ts mediaLinkFor). */
  mediaLink?: (mediaId: string, media: MediaStore) => Promise<string | undefined>;
  /** The agency this webhook belongs to: an erasure request names only its own references. */
  agencyId?: string;
  /**
   * Result kinds besides reports (the participation modules'), each posted as its own event
   * type: `{ type, version, id, createdAt, agencyId, reference?, result }` (result-event.ts).
   */
  resultKinds?: Readonly<Record<string, Pick<ResultKind, 'version' | 'webhookEvent' | 'schema'>>>;
}

/**
 * POSTs the v1 `report.submitted` payload (docs/webhooks/report-v1.schema.json), signed with
 * HMAC-SHA256 over `${timestamp}.${body}`. 2xx = delivered. At-least-once: a retry of the same
 * submission carries the same Idempotency-Key (the submission id) and a fresh timestamp/signature.
 */
export class WebhookSink implements Sink {
  readonly name = 'webhook';
  private readonly url: URL;
  private readonly secret: string;
  private readonly http: HttpClient;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly payloadVersion: 1 | 2;
  private readonly mediaLink: WebhookSinkOptions['mediaLink'];
  private readonly agencyId: string | undefined;
  private readonly resultKinds: NonNullable<WebhookSinkOptions['resultKinds']>;
  /** For messages: origin and path only (a query string may carry a token). */
  private readonly target: string;

  constructor(options: WebhookSinkOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new Error('webhook sink: url is not a valid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`webhook sink: url must be http(s), got ${url.protocol}`);
    }
    if (url.username || url.password) throw new Error('webhook sink: url must not contain credentials');
    if (!options.secret) throw new Error('webhook sink: secret is empty');
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error('webhook sink: timeoutMs must be > 0');
    this.url = url;
    this.secret = options.secret;
    this.http = options.fetch ? fetchHttpClient(options.fetch) : pooledHttpClient(options.connections !== undefined ? { connections: options.connections } : {});
    this.timeoutMs = timeoutMs;
    this.now = options.now ?? (() => new Date());
    this.target = `${url.origin}${url.pathname}`;
    this.payloadVersion = options.payloadVersion ?? 1;
    this.mediaLink = options.mediaLink;
    this.agencyId = options.agencyId;
    this.resultKinds = options.resultKinds ?? {};
  }

  /**
   * The exact body and headers a delivery of `submission` sends now (also useful for tests).
   * `links` (mediaId -> signed URL) makes it a version 2 payload.
   */
  buildRequest(submission: Submission, links?: ReadonlyMap<string, string>): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(links ? buildWebhookPayloadV2(submission, links) : buildWebhookPayload(submission));
    const timestamp = Math.floor(this.now().getTime() / 1000);
    return {
      body,
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': submission.id,
        'X-WeGov-Timestamp': String(timestamp),
        'X-WeGov-Signature': sign(this.secret, timestamp, body),
        'User-Agent': WEBHOOK_USER_AGENT,
      },
    };
  }

  /** Reports, erasure requests (`person.erasure_requested`, src/privacy) and every result kind of the modules. */
  accepts(kind: Submission['kind']): boolean {
    return kind === 'report' || kind === 'erasure_request' || this.resultKinds[kind] !== undefined;
  }

  async deliver(submission: Submission, media: MediaStore): Promise<void> {
    if (submission.kind === 'erasure_request') {
      const event = erasureEvent(submission, this.agencyId, this.now());
      if (event === null) throw new WebhookDeliveryError(`webhook ${this.target}: not an erasure request`, 'invalid_payload', true);
      if (event.references.length > 0) await this.postEvent(event, submission.id);
      return;
    }
    const kind = submission.kind === 'report' ? undefined : this.resultKinds[submission.kind];
    if (kind !== undefined) {
      const event = resultEvent(submission, kind, this.now());
      if (event === null) throw new WebhookDeliveryError(`webhook ${this.target}: a ${submission.kind} payload does not match its schema`, 'invalid_payload', true);
      await this.postEvent(event, submission.id);
      return;
    }
    let request: { body: string; headers: Record<string, string> };
    const links = this.payloadVersion === 2 ? await this.photoLinks(submission, media) : undefined;
    try {
      request = this.buildRequest(submission, links);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'invalid payload';
      throw new WebhookDeliveryError(`webhook ${this.target}: ${message}`, 'invalid_payload', true);
    }
    await this.send(request);
  }

  /**
   * POSTs another signed event to the same endpoint (e.g. `delivery.dead_lettered`), with the
   * same signature scheme and error classification as a delivery.
   */
  async postEvent(event: object, idempotencyKey: string): Promise<void> {
    const body = JSON.stringify(event);
    const timestamp = Math.floor(this.now().getTime() / 1000);
    await this.send({
      body,
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': idempotencyKey,
        'X-WeGov-Timestamp': String(timestamp),
        'X-WeGov-Signature': sign(this.secret, timestamp, body),
        'User-Agent': WEBHOOK_USER_AGENT,
      },
    });
  }

  /** Signed links to the report's photos (those still stored), for a v2 payload. */
  private async photoLinks(submission: Submission, media: MediaStore): Promise<Map<string, string>> {
    const links = new Map<string, string>();
    const items = (submission.payload as { media?: unknown } | null)?.media;
    if (!this.mediaLink || !Array.isArray(items)) return links;
    for (const item of items) {
      const id = (item as { mediaId?: unknown } | null)?.mediaId;
      if (typeof id !== 'string') continue;
      const url = await this.mediaLink(id, media);
      if (url !== undefined) links.set(id, url);
    }
    return links;
  }

  private async send(request: { body: string; headers: Record<string, string> }): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      let answer: HttpAnswer;
      try {
        answer = await this.http.send(this.url, { method: 'POST', headers: request.headers, body: request.body, signal: controller.signal });
      } catch {
        // The underlying error text can include the full URL; keep it out of the message.
        if (controller.signal.aborted) {
          throw new WebhookDeliveryError(`webhook ${this.target}: no answer within ${this.timeoutMs} ms`, 'timeout', false);
        }
        throw new WebhookDeliveryError(`webhook ${this.target}: network error`, 'network', false);
      }
      await this.classify(answer, controller);
    } finally {
      clearTimeout(timer);
    }
  }

  private async classify(answer: HttpAnswer, controller: AbortController): Promise<void> {
    const status = answer.status;
    if (status >= 200 && status < 300) {
      await answer.discard().catch(() => undefined);
      return;
    }
    if (status >= 300 && status < 400) {
      await answer.discard().catch(() => undefined);
      throw new WebhookDeliveryError(
        `webhook ${this.target}: answered ${status} (redirect not followed; fix the configured URL)`,
        'redirect',
        true,
        status,
      );
    }
    const reason = await readReason(answer).catch(() => undefined);
    if (controller.signal.aborted) {
      throw new WebhookDeliveryError(`webhook ${this.target}: no complete answer within ${this.timeoutMs} ms`, 'timeout', false, status);
    }
    const retryAfterSeconds = parseRetryAfter(answer.header('retry-after'));
    if (status === 408 || status === 429) {
      throw new WebhookDeliveryError(`webhook ${this.target}: answered ${status}`, 'throttled', false, status, reason, retryAfterSeconds);
    }
    if (status >= 400 && status < 500) {
      throw new WebhookDeliveryError(`webhook ${this.target}: rejected with ${status}`, 'rejected', true, status, reason);
    }
    if (status >= 500 && status < 600) {
      throw new WebhookDeliveryError(`webhook ${this.target}: answered ${status}`, 'server_error', false, status, reason, retryAfterSeconds);
    }
    throw new WebhookDeliveryError(`webhook ${this.target}: unexpected status ${status}`, 'unexpected_status', false, status, reason);
  }
}

async function readReason(answer: HttpAnswer): Promise<string | undefined> {
  const { chunks } = await answer.read(MAX_REASON_BYTES);
  const text = Buffer.concat(chunks).subarray(0, MAX_REASON_BYTES).toString('utf8').trim();
  return text || undefined;
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d{1,9}\s*$/.test(value)) return undefined;
  return Number(value);
}
