import { z } from 'zod';
import type { Submission } from '../../state/types';

/**
 * The version 1 webhook payload (`report.submitted`). Mirrors docs/webhooks/report-v1.schema.json
 * field for field; test/sinks/webhook/payload.test.ts checks the two agree. Version 1 is frozen:
 * any change to what is sent is a version 2.
 *
 * Internal and never sent: the conversation id (it names the person's chat session), the
 * submission `kind` (expressed as `type`), the consent flags on the contact (a contact is only
 * present when both consents were given, so its presence is the consent), chat ids, tokens.
 */

const nonEmpty = z.string().min(1);
const isoDateTime = z.iso.datetime({ offset: true });

export const webhookLocationSchema = z.union([
  // A typed place the geocoder found carries the address in words beside its point.
  z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), address: nonEmpty.optional() }),
  z.strictObject({ address: nonEmpty }),
]);

export const webhookMediaSchema = z.strictObject({
  mediaId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  contentType: nonEmpty,
  bytes: z.number().int().min(0),
});

export const webhookContactSchema = z.strictObject({
  name: nonEmpty,
  email: z.string().min(3).optional(),
  phone: z
    .string()
    .regex(/^\+[1-9][0-9]{1,14}$/)
    .optional(),
});

export const webhookReportSchema = z.strictObject({
  reference: nonEmpty,
  jurisdictionId: nonEmpty,
  agencyId: nonEmpty,
  categoryId: nonEmpty,
  serviceCode: nonEmpty,
  categoryName: z.string(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  location: webhookLocationSchema,
  description: z.string(),
  media: z.array(webhookMediaSchema),
  contact: webhookContactSchema.nullable(),
  locale: nonEmpty,
  channel: nonEmpty,
  submittedAt: isoDateTime,
});

export const webhookPayloadV1Schema = z.strictObject({
  version: z.literal(1),
  type: z.literal('report.submitted'),
  id: z.string().min(1).max(200),
  createdAt: isoDateTime,
  report: webhookReportSchema,
});

export type WebhookPayloadV1 = z.infer<typeof webhookPayloadV1Schema>;

/**
 * Version 2 (docs/webhooks/report-v2.schema.json): version 1 plus a `url` on each photo, a
 * signed, expiring link the agency can fetch the (metadata-stripped) photo from; absent when
 * the photo is no longer available. Chosen per sink (`payload_version: 2`), so an agency that
 * validates v1 strictly is never surprised.
 */
export const webhookMediaV2Schema = webhookMediaSchema.extend({ url: z.url({ protocol: /^https?$/ }).optional() });
export const webhookPayloadV2Schema = webhookPayloadV1Schema.extend({
  version: z.literal(2),
  report: webhookReportSchema.extend({ media: z.array(webhookMediaV2Schema) }),
});
export type WebhookPayloadV2 = z.infer<typeof webhookPayloadV2Schema>;
export type WebhookReportV1 = z.infer<typeof webhookReportSchema>;

/**
 * The stored Report as this module reads it: only the fields it forwards, extra fields (the
 * conversation id, consent flags, ...) are dropped here and never reach the wire.
 */
const storedReportSchema = z.object({
  reference: z.string(),
  jurisdictionId: z.string(),
  agencyId: z.string(),
  categoryId: z.string(),
  serviceCode: z.string(),
  categoryName: z.string(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  location: z.union([z.object({ lat: z.number(), lon: z.number(), address: z.string().optional() }), z.object({ address: z.string() })]),
  description: z.string(),
  media: z.array(z.object({ mediaId: z.string(), contentType: z.string(), bytes: z.number() })),
  contact: z
    .object({ name: z.string(), email: z.string().optional(), phone: z.string().optional() })
    .nullable(),
  locale: z.string(),
  channel: z.string(),
  submittedAt: z.string(),
});

/** The submission cannot be turned into a valid v1 payload; retrying cannot fix it. */
export class WebhookPayloadError extends Error {
  readonly code = 'invalid_payload';
  constructor(
    message: string,
    /** Paths of the offending fields (never their values: they may be personal data). */
    readonly paths: string[],
  ) {
    super(message);
    this.name = 'WebhookPayloadError';
  }
}

function issuePaths(error: z.ZodError): string[] {
  return error.issues.map((issue) => issue.path.map(String).join('.') || '(root)');
}

/**
 * Builds and validates the version 2 payload: v1 with each photo's `url` from `links`
 * (mediaId -> signed URL). Throws WebhookPayloadError.
 */
export function buildWebhookPayloadV2(submission: Submission, links: ReadonlyMap<string, string>): WebhookPayloadV2 {
  const v1 = buildWebhookPayload(submission);
  const candidate = {
    ...v1,
    version: 2,
    report: { ...v1.report, media: v1.report.media.map((m) => (links.has(m.mediaId) ? { ...m, url: links.get(m.mediaId) } : m)) },
  };
  const parsed = webhookPayloadV2Schema.safeParse(candidate);
  if (!parsed.success) {
    throw new WebhookPayloadError('report does not satisfy the webhook v2 schema', issuePaths(parsed.error));
  }
  return parsed.data;
}

/** Builds and validates the v1 payload for a report submission. Throws WebhookPayloadError. */
export function buildWebhookPayload(submission: Submission): WebhookPayloadV1 {
  if (submission.kind !== 'report') {
    throw new WebhookPayloadError(`webhook v1 carries reports only, not ${String(submission.kind)}`, ['kind']);
  }
  const stored = storedReportSchema.safeParse(submission.payload);
  if (!stored.success) {
    throw new WebhookPayloadError('submission payload is not a report', issuePaths(stored.error));
  }
  const r = stored.data;
  const location =
    'lat' in r.location
      ? { lat: r.location.lat, lon: r.location.lon, ...(r.location.address !== undefined && r.location.address !== '' ? { address: r.location.address } : {}) }
      : { address: r.location.address };
  const contact =
    r.contact === null
      ? null
      : {
          name: r.contact.name,
          ...(r.contact.email !== undefined ? { email: r.contact.email } : {}),
          ...(r.contact.phone !== undefined ? { phone: r.contact.phone } : {}),
        };
  const candidate = {
    version: 1,
    type: 'report.submitted',
    id: submission.id,
    createdAt: submission.createdAt,
    report: {
      reference: r.reference,
      jurisdictionId: r.jurisdictionId,
      agencyId: r.agencyId,
      categoryId: r.categoryId,
      serviceCode: r.serviceCode,
      categoryName: r.categoryName,
      attributes: r.attributes,
      location,
      description: r.description,
      media: r.media.map((m) => ({ mediaId: m.mediaId, contentType: m.contentType, bytes: m.bytes })),
      contact,
      locale: r.locale,
      channel: r.channel,
      submittedAt: r.submittedAt,
    },
  };
  const parsed = webhookPayloadV1Schema.safeParse(candidate);
  if (!parsed.success) {
    throw new WebhookPayloadError('report does not satisfy the webhook v1 schema', issuePaths(parsed.error));
  }
  return parsed.data;
}
