import { z } from 'zod';
import type { ResultKind } from '../../src/engine/module';

/**
 * A submitted report as the outbox carries it (src/engine/report.ts `Report`), checked at the
 * boundary where a queued payload is read back. Version 1 is what webhook v1 and Open311 get.
 */
export const reportResultSchema = z.object({
  id: z.string().min(1),
  reference: z.string().min(1),
  agencyId: z.string().min(1),
  categoryId: z.string().min(1),
  serviceCode: z.string(),
  location: z.union([z.object({ lat: z.number(), lon: z.number(), address: z.string().optional() }), z.object({ address: z.string() })]),
  description: z.string(),
  media: z.array(z.object({ mediaId: z.string(), contentType: z.string(), bytes: z.number() })),
  contact: z.object({ name: z.string(), email: z.string().optional(), phone: z.string().optional() }).passthrough().nullable(),
});

export const REPORT_RESULT: ResultKind = {
  version: 1,
  schema: reportResultSchema,
  webhookEvent: { type: 'report.submitted', schemaFile: 'report-v1.schema.json' },
};
