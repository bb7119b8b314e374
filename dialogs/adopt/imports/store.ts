/**
 * Adoptable assets imported from a CSV or GeoJSON file (`wegov adopt:import`, `PUT
 * /admin/adoptions/assets`; issue 13), beside the catalogue's. An import replaces the whole
 * imported set, atomically (Redis: one script), under a new version, so each process's snapshot
 * (view.ts) reloads only when the version changed. Assets the new set no longer lists join the
 * "delisted" set in the same step: their adoptions are then released and their adopters told
 * (delisting.ts), and a crash in between is finished by the next pass, never forgotten.
 */
import type { AdoptableAsset } from '../../../src/catalog/types';

export interface ImportedSet {
  /** Changes with every import; null before the first. */
  version: string | null;
  assets: AdoptableAsset[];
}

/** What a replacement changed: ids new to the set, ids it no longer lists. */
export interface ReplaceCounts {
  added: number;
  removed: number;
}

export interface AssetStore {
  version(): Promise<string | null>;
  all(): Promise<ImportedSet>;
  /** Replaces the imported set with `assets` under `version`; removed assets join the delisted set, re-listed ones leave it. */
  replace(assets: readonly AdoptableAsset[], version: string): Promise<ReplaceCounts>;
  /** Assets delisted by an import whose adoptions are still to be released. */
  delisted(): Promise<AdoptableAsset[]>;
  /** These assets' delisting is done (their adoptions released, or they had none). */
  delistingDone(assetIds: readonly string[]): Promise<void>;
}

/** The embedded store (one process, no REDIS_URL). */
export class MemoryAssetStore implements AssetStore {
  private set: ImportedSet = { version: null, assets: [] };
  private readonly pending = new Map<string, AdoptableAsset>();

  async version(): Promise<string | null> {
    return this.set.version;
  }

  async all(): Promise<ImportedSet> {
    return { version: this.set.version, assets: this.set.assets.map((a) => ({ ...a })) };
  }

  async replace(assets: readonly AdoptableAsset[], version: string): Promise<ReplaceCounts> {
    const before = new Map(this.set.assets.map((a) => [a.id, a]));
    const after = new Set(assets.map((a) => a.id));
    let removed = 0;
    for (const [id, asset] of before) {
      if (after.has(id)) continue;
      this.pending.set(id, asset);
      removed += 1;
    }
    for (const id of after) this.pending.delete(id);
    this.set = { version, assets: assets.map((a) => ({ ...a })) };
    return { added: assets.filter((a) => !before.has(a.id)).length, removed };
  }

  async delisted(): Promise<AdoptableAsset[]> {
    return [...this.pending.values()].map((a) => ({ ...a }));
  }

  async delistingDone(assetIds: readonly string[]): Promise<void> {
    for (const id of assetIds) this.pending.delete(id);
  }
}
