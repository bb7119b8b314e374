/**
 * A merge of a duplicate into the report staff keep (issue 16, src/runtime/report-merge.ts), as
 * the outbox carries it to the agencies of both reports: webhooks get it as `report.merged`
 * (docs/webhooks/report-merged-v1.schema.json). Which reports and when; no staff identity (no
 * other webhook event carries one) and nothing about the people who reported. Slack triage
 * channels see the merge on the cards themselves and Open311 endpoints cannot take it (GeoReport
 * v2 has no call for it), so an agency without a webhook or file sink finds it in the submissions
 * file. The runtime builds the payload (`report_merged`); this schema checks it before it is sent.
 */
import { z } from 'zod';
import type { ResultKind } from '../../src/engine/module';

export const reportMergedResultSchema = z.object({
  /** The duplicate, now closed. */
  reference: z.string().min(1),
  /** The report kept. */
  into: z.string().min(1),
  /** The agency this event is for. */
  agencyId: z.string().min(1),
  /** The duplicate's category. */
  categoryId: z.string().min(1),
  mergedAt: z.string().min(1),
});

export const REPORT_MERGED_RESULT: ResultKind = {
  version: 1,
  schema: reportMergedResultSchema,
  webhookEvent: { type: 'report.merged', schemaFile: 'report-merged-v1.schema.json' },
};
