import { z } from 'zod';
import type { ResultKind } from '../../src/engine/module';

/**
 * A "me too" on an open report (nearby.ts) as the outbox carries it to the report's agency: the
 * report's reference, and the person's optional note and photo. Webhooks get it as
 * `report.me_too` (docs/webhooks/report-me-too-v1.schema.json); Slack triage channels as a note
 * in the report's card thread with the count on the card (adapters/slack/triage/me-too.ts);
 * Open311 endpoints take reports only (GeoReport v2 has no call to add a comment to a request),
 * so an agency with Open311 alone finds it in the submissions file, and `/wegov status` says so.
 */
export const meTooResultSchema = z.object({
  id: z.string().min(1),
  reference: z.string().min(1),
  agencyId: z.string().min(1),
  categoryId: z.string().min(1),
  locale: z.string().min(1),
  addedAt: z.string().min(1),
  note: z.string().optional(),
  media: z.array(z.object({ mediaId: z.string(), contentType: z.string(), bytes: z.number() })),
});

export const ME_TOO_RESULT: ResultKind = {
  version: 1,
  schema: meTooResultSchema,
  webhookEvent: { type: 'report.me_too', schemaFile: 'report-me-too-v1.schema.json' },
};
