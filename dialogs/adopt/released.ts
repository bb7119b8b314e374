/**
 * An `asset_released` that no turn of the adopter submits (result.ts): their adoption ended
 * because they deleted their data (`erased`: no pseudonym, no conversation, nothing about them) or
 * because an import no longer lists the asset (`delisted`). Handed to the outbox through the host
 * (ModuleHost.submit) and delivered like the flow's own release; the id is derived from the
 * adoption, so a repeat (a retried erasure, a second delisting pass) is queued once.
 */
import type { AdoptableAsset } from '../../src/catalog/types';
import { ERASED } from '../../src/privacy/erasure-request';
import type { Submission } from '../../src/state/types';
import { ASSET_RELEASED, type AssetReleased, type ReleaseReason } from './result';
import type { Adoption } from './store/store';

export function releasedSubmission(asset: Pick<AdoptableAsset, 'id' | 'type' | 'agency'>, adoption: Adoption, reason: Exclude<ReleaseReason, 'released'>, releasedAt: string): Submission {
  const erased = reason === 'erased';
  // The adoption's own instant tells this adoption from an earlier one of the same asset.
  const id = `${reason}-${asset.id}-${String(Date.parse(adoption.adoptedAt))}`;
  const payload: AssetReleased = { id, assetId: asset.id, assetType: asset.type, agencyId: asset.agency, adopter: erased ? '' : adoption.adopter, releasedAt, reason };
  return { id, kind: ASSET_RELEASED, agencyId: asset.agency, conversationId: erased ? ERASED : adoption.conversationId, createdAt: releasedAt, payload };
}
