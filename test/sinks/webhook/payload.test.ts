import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  buildWebhookPayload,
  webhookContactSchema,
  webhookMediaSchema,
  webhookPayloadV1Schema,
  webhookReportSchema,
  WebhookPayloadError,
} from '../../../src/sinks/webhook/payload';
import { check } from './schema-check';
import { sampleReport, sampleSubmission } from './support';

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../docs/webhooks/report-v1.schema.json'), 'utf8'),
) as Record<string, any>;

/** Keys a zod object requires (not optional), sorted. */
function requiredKeys(shape: z.ZodRawShape): string[] {
  return Object.entries(shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key)
    .sort();
}

describe('webhook v1 payload', () => {
  it('the JSON Schema and the zod schema list the same keys and required keys', () => {
    const pairs: [Record<string, any>, z.ZodRawShape][] = [
      [schema, webhookPayloadV1Schema.shape],
      [schema.$defs.report, webhookReportSchema.shape],
      [schema.$defs.report.properties.media.items, webhookMediaSchema.shape],
      [schema.$defs.report.properties.contact.oneOf[1], webhookContactSchema.shape],
    ];
    for (const [json, shape] of pairs) {
      expect(Object.keys(json.properties).sort()).toEqual(Object.keys(shape).sort());
      expect([...json.required].sort()).toEqual(requiredKeys(shape));
      expect(json.additionalProperties).toBe(false);
    }
  });

  it('builds a payload both schemas accept, without internal fields', () => {
    const payload = buildWebhookPayload(sampleSubmission());
    expect(check(schema, payload)).toEqual([]);
    expect(webhookPayloadV1Schema.safeParse(payload).success).toBe(true);
    expect(payload).toMatchObject({ version: 1, type: 'report.submitted', id: 'sub_01HXYZ', createdAt: '2026-11-27T10:00:01.000Z' });
    expect(payload.report.contact).toEqual({ name: 'Ana', email: 'ana@example.org', phone: '+15125550100' });
    const text = JSON.stringify(payload);
    expect(text).not.toContain('conv-secret-123');
    expect(text).not.toContain('conversationId');
    expect(text).not.toContain('consentTo');
  });

  it('anonymous report: contact is null; address location; both schemas accept it', () => {
    const payload = buildWebhookPayload(
      sampleSubmission(sampleReport({ contact: null, location: { address: '1 Main St' }, media: [], attributes: {} })),
    );
    expect(payload.report.contact).toBeNull();
    expect(payload.report.location).toEqual({ address: '1 Main St' });
    expect(check(schema, payload)).toEqual([]);
  });

  it('contact with name only keeps no empty optional keys', () => {
    const payload = buildWebhookPayload(
      sampleSubmission(sampleReport({ contact: { name: 'Bo', consentToContact: true, consentToShare: true } })),
    );
    expect(payload.report.contact).toEqual({ name: 'Bo' });
    expect(check(schema, payload)).toEqual([]);
  });

  it('the JSON Schema and zod agree on rejecting bad samples', () => {
    const good = buildWebhookPayload(sampleSubmission());
    const bad: unknown[] = [
      { ...good, version: 2 },
      { ...good, conversationId: 'x' },
      { ...good, report: { ...good.report, location: { lat: 91, lon: 0 } } },
      { ...good, report: { ...good.report, location: { lat: 1, lon: 2, address: '' } } },
      { ...good, report: { ...good.report, location: { lat: 1, address: 'no lon' } } },
      { ...good, report: { ...good.report, media: [{ mediaId: 'a/b', contentType: 'image/png', bytes: 1 }] } },
      { ...good, report: { ...good.report, contact: { name: 'A', phone: '5550100' } } },
      { ...good, report: { ...good.report, attributes: { size: 3 } } },
      (({ reference: _r, ...rest }) => ({ ...good, report: rest }))(good.report),
    ];
    for (const sample of bad) {
      expect(check(schema, sample).length).toBeGreaterThan(0);
      expect(webhookPayloadV1Schema.safeParse(sample).success).toBe(false);
    }
  });

  it('a payload that is not a valid report is an invalid_payload error naming paths, not values', () => {
    const report = sampleReport({ contact: { name: 'Ana', phone: '555-SECRET', consentToContact: true, consentToShare: true } });
    let error: unknown;
    try {
      buildWebhookPayload(sampleSubmission(report));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect((error as WebhookPayloadError).paths).toEqual(['report.contact.phone']);
    expect(String((error as Error).message)).not.toContain('555-SECRET');
    expect(() => buildWebhookPayload({ ...sampleSubmission(), payload: { hello: 1 } })).toThrow(WebhookPayloadError);
  });
});
