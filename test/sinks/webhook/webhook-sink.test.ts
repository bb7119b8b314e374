import { webhookPayloadV1Schema } from '../../../src/sinks/webhook/payload';
import { WebhookDeliveryError, WebhookSink } from '../../../src/sinks/webhook/webhook-sink';
import { noMedia, type Receiver, SECRET, sampleReport, sampleSubmission, startReceiver } from './support';

let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver();
});

afterEach(async () => {
  await receiver.close();
});

async function failure(promise: Promise<unknown>): Promise<WebhookDeliveryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookDeliveryError);
    return error as WebhookDeliveryError;
  }
  throw new Error('expected the delivery to fail');
}

describe('WebhookSink against a local agency receiver', () => {
  it('delivers once with the documented headers and a body valid against the v1 schema', async () => {
    const sink = new WebhookSink({ url: receiver.url('/hook'), secret: SECRET });
    expect(sink.name).toBe('webhook');
    await sink.deliver(sampleSubmission(), noMedia);

    expect(receiver.requests).toHaveLength(1);
    const [delivery] = receiver.requests;
    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(delivery?.headers['idempotency-key']).toBe('sub_01HXYZ');
    expect(delivery?.headers['user-agent']).toBe('WeGov-Webhook/1');
    expect(delivery?.headers['x-wegov-timestamp']).toMatch(/^\d+$/);
    expect(Math.abs(Number(delivery?.headers['x-wegov-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(delivery?.headers['x-wegov-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(webhookPayloadV1Schema.safeParse(delivery?.body).success).toBe(true);
    expect(delivery?.raw).not.toContain('conversationId');
    expect(receiver.rejected).toEqual([]);
  });

  it('the same submission twice carries the same Idempotency-Key: the agency keeps one case', async () => {
    let clock = new Date();
    const sink = new WebhookSink({ url: receiver.url('/hook'), secret: SECRET, now: () => clock });
    await sink.deliver(sampleSubmission(), noMedia);
    clock = new Date(clock.getTime() + 2000);
    await sink.deliver(sampleSubmission(), noMedia);
    await sink.deliver(sampleSubmission(sampleReport({ id: 'sub_other' })), noMedia);

    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(['sub_01HXYZ', 'sub_01HXYZ', 'sub_other']);
    expect(receiver.requests[0]?.raw).toBe(receiver.requests[1]?.raw);
    expect(receiver.requests[0]?.headers['x-wegov-signature']).not.toBe(receiver.requests[1]?.headers['x-wegov-signature']);
    expect([...receiver.cases.keys()]).toEqual(['sub_01HXYZ', 'sub_other']);
  });

  it('a wrong secret is refused by the receiver (401) -> permanent error; the secret is not in it', async () => {
    const secret = 'the-wrong-secret-do-not-leak';
    const sink = new WebhookSink({ url: `${receiver.url('/hook')}?token=query-secret`, secret });
    const error = await failure(sink.deliver(sampleSubmission(), noMedia));
    expect(error).toMatchObject({ permanent: true, status: 401, code: 'rejected' });
    expect(error.reason).toContain('bad_signature');
    expect(receiver.rejected).toEqual(['bad_signature']);
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('query-secret');
  });

  it('a clock more than 5 minutes off is refused (stale timestamp) -> permanent', async () => {
    const sink = new WebhookSink({ url: receiver.url('/hook'), secret: SECRET, now: () => new Date(Date.now() - 6 * 60_000) });
    const error = await failure(sink.deliver(sampleSubmission(), noMedia));
    expect(error).toMatchObject({ permanent: true, status: 401 });
    expect(receiver.rejected).toEqual(['stale_timestamp']);
  });

  it('other 4xx is permanent with the agency reason', async () => {
    const sink = new WebhookSink({ url: receiver.url('/gone'), secret: SECRET });
    const error = await failure(sink.deliver(sampleSubmission(), noMedia));
    expect(error).toMatchObject({ permanent: true, status: 410, code: 'rejected', reason: 'endpoint retired' });
  });

  it('503 -> retryable, with Retry-After', async () => {
    const sink = new WebhookSink({ url: receiver.url('/down'), secret: SECRET });
    const error = await failure(sink.deliver(sampleSubmission(), noMedia));
    expect(error).toMatchObject({ permanent: false, status: 503, code: 'server_error', retryAfterSeconds: 30 });
  });

  it('429 -> retryable', async () => {
    const sink = new WebhookSink({ url: receiver.url('/busy'), secret: SECRET });
    const error = await failure(sink.deliver(sampleSubmission(), noMedia));
    expect(error).toMatchObject({ permanent: false, status: 429, code: 'throttled' });
  });

  it('a response slower than the timeout -> retryable timeout', async () => {
    const sink = new WebhookSink({ url: receiver.url('/slow'), secret: SECRET, timeoutMs: 200 });
    const started = Date.now();
    const error = await failure(sink.deliver(sampleSubmission(), noMedia));
    expect(error).toMatchObject({ permanent: false, code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('302 -> permanent misconfiguration, the redirect is not followed', async () => {
    const sink = new WebhookSink({ url: receiver.url('/moved'), secret: SECRET });
    const error = await failure(sink.deliver(sampleSubmission(), noMedia));
    expect(error).toMatchObject({ permanent: true, status: 302, code: 'redirect' });
    expect(receiver.followed).toBe(0);
  });

  it('connection refused -> retryable network error', async () => {
    const url = receiver.url('/hook');
    await receiver.close();
    const sink = new WebhookSink({ url, secret: SECRET });
    const error = await failure(sink.deliver(sampleSubmission(), noMedia));
    expect(error).toMatchObject({ permanent: false, code: 'network' });
    receiver = await startReceiver(); // afterEach closes it
  });

  it('anonymous report reaches the agency with contact: null', async () => {
    const sink = new WebhookSink({ url: receiver.url('/hook'), secret: SECRET });
    await sink.deliver(sampleSubmission(sampleReport({ contact: null })), noMedia);
    expect((receiver.requests[0]?.body as { report: { contact: unknown } }).report.contact).toBeNull();
  });

  it('a submission that is not a valid report -> permanent invalid_payload, nothing sent', async () => {
    const sink = new WebhookSink({ url: receiver.url('/hook'), secret: SECRET });
    const error = await failure(sink.deliver({ ...sampleSubmission(), payload: { nope: true } }, noMedia));
    expect(error).toMatchObject({ permanent: true, code: 'invalid_payload' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('refuses bad configuration without echoing the secret', () => {
    expect(() => new WebhookSink({ url: 'ftp://x', secret: 's' })).toThrow(/http/);
    expect(() => new WebhookSink({ url: 'not a url', secret: 's' })).toThrow(/valid URL/);
    expect(() => new WebhookSink({ url: 'https://u:p@x.example', secret: 's' })).toThrow(/credentials/);
    expect(() => new WebhookSink({ url: 'https://x.example', secret: '' })).toThrow(/secret/);
  });
});
