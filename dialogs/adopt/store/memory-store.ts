/** AdoptionStore in memory (the embedded default without REDIS_URL): one process, so a Map is atomic. */
import { byAssetId, type Adoption, type AdoptionStore, type AssetState, type TakeOutcome } from './store';

export class MemoryAdoptionStore implements AdoptionStore {
  private readonly byAsset = new Map<string, Adoption>();

  async take(a: Adoption): Promise<TakeOutcome> {
    const held = this.byAsset.get(a.assetId);
    if (held) return held.adopter === a.adopter ? { outcome: 'yours', adoption: { ...held } } : { outcome: 'taken_by_other' };
    this.byAsset.set(a.assetId, { ...a });
    return { outcome: 'taken', adoption: { ...a } };
  }

  async release(assetId: string, adopter: string): Promise<Adoption | null> {
    const held = this.byAsset.get(assetId);
    if (!held || held.adopter !== adopter) return null;
    this.byAsset.delete(assetId);
    return held;
  }

  async record(assetId: string, adopter: string, state: AssetState, at: string): Promise<boolean> {
    const held = this.byAsset.get(assetId);
    if (!held || held.adopter !== adopter) return false;
    this.byAsset.set(assetId, { ...held, state, stateAt: at });
    return true;
  }

  async get(assetId: string): Promise<Adoption | null> {
    const held = this.byAsset.get(assetId);
    return held ? { ...held } : null;
  }

  async ofAdopter(adopter: string): Promise<Adoption[]> {
    return [...this.byAsset.values()].filter((a) => a.adopter === adopter).sort(byAssetId).map((a) => ({ ...a }));
  }

  async all(): Promise<Adoption[]> {
    return [...this.byAsset.values()].sort(byAssetId).map((a) => ({ ...a }));
  }

  async taken(assetIds: readonly string[]): Promise<Set<string>> {
    return new Set(assetIds.filter((id) => this.byAsset.has(id)));
  }
}
