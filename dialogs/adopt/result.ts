/**
 * What the agency receives from adopt-an-asset (issue 13): an adoption, a release, and, when a
 * "needs the city" cannot be filed as a report in one of the catalogue's categories, an
 * `asset_report`. Webhook event types with JSON Schemas in docs/webhooks; never Open311 (a
 * report in a category is a `report`, and goes wherever reports go).
 * The adopter is the person's pseudonym in the scope `adopt`: no chat identity, no contact.
 */
import { z } from 'zod';
import type { ResultKind } from '../../src/engine/module';

export const ASSET_ADOPTED = 'asset_adopted';
export const ASSET_RELEASED = 'asset_released';
export const ASSET_REPORT = 'asset_report';

export const assetAdoptedSchema = z.strictObject({
  id: z.string().min(1),
  assetId: z.string().min(1),
  assetType: z.string().min(1),
  agencyId: z.string().min(1),
  /** The name the person gave it. */
  name: z.string().optional(),
  adopter: z.string().min(1),
  locale: z.string(),
  channel: z.string(),
  adoptedAt: z.string(),
});
export type AssetAdopted = z.infer<typeof assetAdoptedSchema>;

/**
 * Why it was released: the adopter released it in the chat (`released`, also when absent), the
 * adopter deleted their data (`erased`: `adopter` is then empty, nothing about the person is
 * sent), or an asset import no longer lists it (`delisted`).
 */
export const RELEASE_REASONS = ['released', 'erased', 'delisted'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

export const assetReleasedSchema = z.strictObject({
  id: z.string().min(1),
  assetId: z.string().min(1),
  assetType: z.string().min(1),
  agencyId: z.string().min(1),
  adopter: z.string(),
  releasedAt: z.string(),
  reason: z.enum(RELEASE_REASONS).optional(),
});
export type AssetReleased = z.infer<typeof assetReleasedSchema>;

export const assetReportSchema = z.strictObject({
  id: z.string().min(1),
  reference: z.string().min(1),
  assetId: z.string().min(1),
  assetType: z.string().min(1),
  assetName: z.string(),
  agencyId: z.string().min(1),
  location: z.object({ lat: z.number(), lon: z.number() }),
  state: z.literal('needs_city'),
  adopter: z.string(),
  locale: z.string(),
  channel: z.string(),
  submittedAt: z.string(),
});
export type AssetReport = z.infer<typeof assetReportSchema>;

export const ASSET_ADOPTED_RESULT: ResultKind = { version: 1, schema: assetAdoptedSchema, webhookEvent: { type: 'asset.adopted', schemaFile: 'asset-adopted-v1.schema.json' } };
export const ASSET_RELEASED_RESULT: ResultKind = { version: 1, schema: assetReleasedSchema, webhookEvent: { type: 'asset.released', schemaFile: 'asset-released-v1.schema.json' } };
export const ASSET_REPORT_RESULT: ResultKind = { version: 1, schema: assetReportSchema, webhookEvent: { type: 'asset.reported', schemaFile: 'asset-report-v1.schema.json' } };
