/** Version 2 of the webhook payload: v1 plus a signed `url` per photo, chosen per sink. */
import fs from 'node:fs';
import path from 'node:path';
import { MemoryMediaStore } from '../../../src/state';
import { mediaLinkFor, verifyMediaUrl } from '../../../src/media/signed-url';
import { buildWebhookPayloadV2, webhookMediaV2Schema, webhookPayloadV1Schema, webhookPayloadV2Schema } from '../../../src/sinks/webhook/payload';
import { WebhookSink } from '../../../src/sinks/webhook/webhook-sink';
import { check } from './schema-check';
import { type Receiver, SECRET, sampleReport, sampleSubmission, startReceiver } from './support';

const load = (v: number) => JSON.parse(fs.readFileSync(path.join(__dirname, `../../../docs/webhooks/report-v${v}.schema.json`), 'utf8')) as Record<string, any>;
const v1 = load(1);
const v2 = load(2);

describe('webhook v2 payload', () => {
  it('the JSON Schema lists the same photo keys as zod, and v1 stays as it was (no url)', () => {
    expect(Object.keys(v2.$defs.report.properties.media.items.properties).sort()).toEqual(Object.keys(webhookMediaV2Schema.shape).sort());
    expect(v1.$defs.report.properties.media.items.properties.url).toBeUndefined();
    expect(v2.properties.version).toEqual({ const: 2 });
  });

  it('carries the link of each photo still available; both v2 schemas accept it, v1 refuses it', () => {
    const submission = sampleSubmission(sampleReport({ media: [{ mediaId: 'Xy12_ab', contentType: 'image/jpeg', bytes: 12345 }, { mediaId: 'gone_1', contentType: 'image/png', bytes: 10 }] }));
    const payload = buildWebhookPayloadV2(submission, new Map([['Xy12_ab', 'https://wegov.example/media/Xy12_ab?exp=1&sig=abc']]));
    expect(payload.version).toBe(2);
    expect(payload.report.media).toEqual([
      { mediaId: 'Xy12_ab', contentType: 'image/jpeg', bytes: 12345, url: 'https://wegov.example/media/Xy12_ab?exp=1&sig=abc' },
      { mediaId: 'gone_1', contentType: 'image/png', bytes: 10 },
    ]);
    expect(check(v2, payload)).toEqual([]);
    expect(webhookPayloadV2Schema.safeParse(payload).success).toBe(true);
    expect(check(v1, payload)).not.toEqual([]);
    expect(webhookPayloadV1Schema.safeParse(payload).success).toBe(false);
  });
});

describe('WebhookSink with payload_version 2', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('delivers signed photo links that verify, only for photos still stored', async () => {
    const media = new MemoryMediaStore();
    await media.put('Xy12_ab', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff]), 60);
    const secret = 'media-secret-0123456789-abcdef';
    const mediaLink = mediaLinkFor({ baseUrl: 'https://wegov.example', secret, ttlSeconds: 3600 });
    const sink = new WebhookSink({ url: receiver.url('/hook'), secret: SECRET, payloadVersion: 2, mediaLink });
    const report = sampleReport({ media: [{ mediaId: 'Xy12_ab', contentType: 'image/jpeg', bytes: 3 }, { mediaId: 'gone_1', contentType: 'image/png', bytes: 10 }] });
    await sink.deliver(sampleSubmission(report), media);
    media.close();

    const body = receiver.requests[0]!.body as { version: number; report: { media: { mediaId: string; url?: string }[] } };
    expect(body.version).toBe(2);
    expect(body.report.media[1]!.url).toBeUndefined();
    const url = new URL(body.report.media[0]!.url!);
    expect(url.origin + url.pathname).toBe('https://wegov.example/media/Xy12_ab');
    expect(verifyMediaUrl({ mediaId: 'Xy12_ab', exp: url.searchParams.get('exp'), sig: url.searchParams.get('sig'), secret })).toMatchObject({ ok: true });
  });
});
